/**
 * The catalogue of Core Server RPC methods: for each, its parameter and
 * result types, the ports it exists on and the permissions that allow it.
 * The server enforces this table; clients and tests read it.
 */
import type {
  AddRoleParams,
  AddUserParams,
  EmptyResult,
  ListRolesParams,
  ListRolesResult,
  ListUsersParams,
  ListUsersResult,
  RoleResult,
  SetPasswordParams,
  UpdateRoleParams,
  UpdateUserParams,
  UserIdParams,
  UserResult,
} from './core-admin.js';
import type {
  ListMeasurementsParams,
  ListMeasurementsResult,
  SaveMeasurementsParams,
  SaveMeasurementsResult,
  StudyChangedEvent,
  UnwatchStudyParams,
  UnwatchStudyResult,
  WatchStudyParams,
  WatchStudyResult,
} from './core-measurements.js';
import type {
  GetUserPreferencesParams,
  GetUserPreferencesResult,
  SaveUserPreferencesParams,
  SaveUserPreferencesResult,
} from './core-preferences.js';
import type {
  AttachTokenParams,
  AttachTokenResult,
  AuthenticateParams,
  AuthenticateResult,
  ChangePasswordParams,
  ChangePasswordResult,
  LogoutParams,
  LogoutResult,
  RenewTokenParams,
  RenewTokenResult,
  SessionEndedEvent,
} from './core-session.js';
import type {
  GetFrameParams,
  ListStudiesParams,
  ListStudiesResult,
  PixelFrame,
  LoadStudyParams,
  StudyDetail,
  StudyParams,
} from './core-studies.js';
import type {
  DicomNodeParams,
  DicomNodeStudyParams,
  EchoDicomNodeResult,
  ListDicomNodesResult,
  QueryDicomNodeParams,
  QueryDicomNodeResult,
  RetrieveFromDicomNodeResult,
  RetrieveProgressEvent,
  SendStudyToDicomNodeResult,
} from './core-dicom.js';
import type { Permission } from './permissions.js';

/** Parameter and result type of every Core Server method. */
export interface CoreMethods {
  Authenticate: { params: AuthenticateParams; result: AuthenticateResult };
  AttachToken: { params: AttachTokenParams; result: AttachTokenResult };
  RenewToken: { params: RenewTokenParams; result: RenewTokenResult };
  Logout: { params: LogoutParams; result: LogoutResult };
  ChangePassword: {
    params: ChangePasswordParams;
    result: ChangePasswordResult;
  };
  GetUserPreferences: {
    params: GetUserPreferencesParams;
    result: GetUserPreferencesResult;
  };
  SaveUserPreferences: {
    params: SaveUserPreferencesParams;
    result: SaveUserPreferencesResult;
  };
  ListStudies: { params: ListStudiesParams; result: ListStudiesResult };
  GetStudy: { params: StudyParams; result: StudyDetail };
  LoadStudy: { params: LoadStudyParams; result: StudyDetail };
  GetFrame: { params: GetFrameParams; result: PixelFrame };
  ListMeasurements: {
    params: ListMeasurementsParams;
    result: ListMeasurementsResult;
  };
  SaveMeasurements: {
    params: SaveMeasurementsParams;
    result: SaveMeasurementsResult;
  };
  WatchStudy: { params: WatchStudyParams; result: WatchStudyResult };
  UnwatchStudy: { params: UnwatchStudyParams; result: UnwatchStudyResult };
  ListUsers: { params: ListUsersParams; result: ListUsersResult };
  AddUser: { params: AddUserParams; result: UserResult };
  UpdateUser: { params: UpdateUserParams; result: UserResult };
  SetPassword: { params: SetPasswordParams; result: EmptyResult };
  SuspendUser: { params: UserIdParams; result: UserResult };
  UnsuspendUser: { params: UserIdParams; result: UserResult };
  UnlockUser: { params: UserIdParams; result: UserResult };
  DeleteUser: { params: UserIdParams; result: EmptyResult };
  ListRoles: { params: ListRolesParams; result: ListRolesResult };
  AddRole: { params: AddRoleParams; result: RoleResult };
  UpdateRole: { params: UpdateRoleParams; result: RoleResult };
  ListDicomNodes: {
    params: Record<string, never>;
    result: ListDicomNodesResult;
  };
  EchoDicomNode: { params: DicomNodeParams; result: EchoDicomNodeResult };
  QueryDicomNode: {
    params: QueryDicomNodeParams;
    result: QueryDicomNodeResult;
  };
  RetrieveFromDicomNode: {
    params: DicomNodeStudyParams;
    result: RetrieveFromDicomNodeResult;
  };
  SendStudyToDicomNode: {
    params: DicomNodeStudyParams;
    result: SendStudyToDicomNodeResult;
  };
}

export type CoreMethod = keyof CoreMethods;
export type CoreParams<M extends CoreMethod> = CoreMethods[M]['params'];
export type CoreResult<M extends CoreMethod> = CoreMethods[M]['result'];

/** The two RPC ports of the Core Server (ClientPort and AdminPort). */
export type CorePort = 'client' | 'admin';

/** Who may call a method, and where. */
export interface MethodAccess {
  /** Ports the method exists on; elsewhere it is an unknown method. */
  ports: readonly CorePort[];
  /**
   * 'none': callable before logging in. 'session': any logged-in caller.
   * Otherwise the caller needs at least one of the listed permissions.
   */
  requires: 'none' | 'session' | readonly Permission[];
  /** The answer is a binary message rather than JSON. */
  binary?: boolean;
  /**
   * Callable by a session that must change its password first (after an
   * administrator's reset or when the password has expired). Every other
   * method then fails with CORE_PASSWORD_CHANGE_REQUIRED.
   */
  beforePasswordChange?: boolean;
  /** One line for documentation and logs. */
  description: string;
}

const BOTH: readonly CorePort[] = ['client', 'admin'];
const CLIENT: readonly CorePort[] = ['client'];
const ADMIN: readonly CorePort[] = ['admin'];

/** Where each method lives and what it requires. */
export const CORE_METHODS: Readonly<Record<CoreMethod, MethodAccess>> = {
  Authenticate: {
    ports: BOTH,
    requires: 'none',
    description: 'Log in with user name and password; returns a token',
  },
  AttachToken: {
    ports: BOTH,
    requires: 'none',
    description: 'Bind this connection to the session of a token',
  },
  RenewToken: {
    ports: BOTH,
    requires: 'session',
    beforePasswordChange: true,
    description: 'Issue a fresh token for the same session',
  },
  Logout: {
    ports: BOTH,
    requires: 'session',
    beforePasswordChange: true,
    description: 'End the session and close its connections',
  },
  ChangePassword: {
    ports: BOTH,
    requires: 'session',
    beforePasswordChange: true,
    description: 'Change the caller’s own password',
  },
  GetUserPreferences: {
    ports: BOTH,
    requires: 'session',
    description: 'Read the caller’s saved preferences (viewer presets, layout)',
  },
  SaveUserPreferences: {
    ports: BOTH,
    requires: 'session',
    description: 'Replace the caller’s saved preferences',
  },
  ListStudies: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description: 'Query the study list of the image database',
  },
  GetStudy: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description: 'Read one study with its series and instances',
  },
  LoadStudy: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description:
      'Open a study for viewing by Study Instance UID or Accession Number, retrieving it from the default Query/Retrieve node when missing (records the last read time)',
  },
  GetFrame: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    binary: true,
    description: 'Decoded stored values of one frame, as a binary message',
  },
  ListMeasurements: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description: 'Read the caller’s own saved measurements on a study',
  },
  SaveMeasurements: {
    ports: CLIENT,
    requires: ['SaveWorkspace'],
    description:
      'Replace the caller’s saved measurements on a study (their workspace)',
  },
  WatchStudy: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description:
      'Receive StudyChanged events for a study on this connection (new instances, own measurements saved)',
  },
  UnwatchStudy: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description: 'Stop the StudyChanged events of a study on this connection',
  },
  ListUsers: {
    ports: ADMIN,
    requires: ['ManageUsers', 'UnlockUsers'],
    description: 'List local users with their lock and suspension state',
  },
  AddUser: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Create a local user',
  },
  UpdateUser: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Change a user’s names, physician ID or roles',
  },
  SetPassword: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Set (reset) a user’s password',
  },
  SuspendUser: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Suspend a user and end their sessions',
  },
  UnsuspendUser: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Lift a suspension',
  },
  UnlockUser: {
    ports: ADMIN,
    requires: ['UnlockUsers'],
    description: 'Lift a lock-out after failed logins',
  },
  DeleteUser: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Delete a local user and end their sessions',
  },
  ListRoles: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'List roles with their permissions',
  },
  AddRole: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Create a custom role',
  },
  UpdateRole: {
    ports: ADMIN,
    requires: ['ManageUsers'],
    description: 'Rename a role, change its permissions or directory mapping',
  },
  // DICOM nodes. Using a node also needs the role its RestrictToRole names.
  // Listing and echo are harmless, so viewers and PACS administrators may;
  // a query shows study-list data (ViewStudy); a retrieve adds studies to
  // the database (ImportStudy); a send shows the user's study to a node
  // the administrator configured for sending (ViewStudy, and Send=true).
  ListDicomNodes: {
    ports: BOTH,
    requires: ['ViewStudy', 'ManagePacs'],
    description:
      'List the remote DICOM nodes the caller may use (addresses for ManagePacs only)',
  },
  EchoDicomNode: {
    ports: BOTH,
    requires: ['ViewStudy', 'ManagePacs'],
    description: 'Check that a remote DICOM node answers (C-ECHO)',
  },
  QueryDicomNode: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description: 'Search a remote DICOM node for studies or series (C-FIND)',
  },
  RetrieveFromDicomNode: {
    ports: CLIENT,
    requires: ['ImportStudy'],
    description:
      'Retrieve a study from a remote DICOM node into the database (C-MOVE or C-GET)',
  },
  SendStudyToDicomNode: {
    ports: CLIENT,
    requires: ['ViewStudy'],
    description:
      'Send a study to a remote DICOM node (C-STORE), anonymised when the node asks for it',
  },
};

/** Every method name, in catalogue order. */
export const CORE_METHOD_NAMES = Object.keys(CORE_METHODS) as CoreMethod[];

/** Tells whether a string names a Core Server method. */
export function isCoreMethod(value: unknown): value is CoreMethod {
  return typeof value === 'string' && Object.hasOwn(CORE_METHODS, value);
}

/** Events the Core Server pushes, with their data. */
export interface CoreEvents {
  SessionEnded: SessionEndedEvent;
  RetrieveProgress: RetrieveProgressEvent;
  StudyChanged: StudyChangedEvent;
}

export type CoreEvent = keyof CoreEvents;
