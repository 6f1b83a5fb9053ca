import type { CoreMethod } from '@atrium/protocol';
import type { MethodHandler } from './call-context.js';
import {
  echoDicomNodeMethod,
  listDicomNodesMethod,
  queryDicomNodeMethod,
  retrieveFromDicomNodeMethod,
  sendStudyToDicomNodeMethod,
} from './dicom-node-methods.js';
import {
  listMeasurementsMethod,
  saveMeasurementsMethod,
  unwatchStudyMethod,
  watchStudyMethod,
} from './measurement-methods.js';
import {
  getUserPreferencesMethod,
  saveUserPreferencesMethod,
} from './preference-methods.js';
import {
  addRoleMethod,
  listRolesMethod,
  updateRoleMethod,
} from './role-methods.js';
import {
  attachToken,
  authenticate,
  changePassword,
  logout,
  renewToken,
} from './session-methods.js';
import {
  getFrameMethod,
  getStudyMethod,
  listStudiesMethod,
  loadStudyMethod,
} from './study-methods.js';
import {
  addUserMethod,
  deleteUserMethod,
  listUsersMethod,
  setPasswordMethod,
  suspendUserMethod,
  unlockUserMethod,
  unsuspendUserMethod,
  updateUserMethod,
} from './user-methods.js';

/**
 * The implementation of every method of the protocol catalogue. Typed as a
 * full record, so a method added to the catalogue without a handler does
 * not compile.
 */
export const METHOD_HANDLERS: Readonly<Record<CoreMethod, MethodHandler>> = {
  Authenticate: authenticate,
  AttachToken: attachToken,
  RenewToken: renewToken,
  Logout: logout,
  ChangePassword: changePassword,
  GetUserPreferences: getUserPreferencesMethod,
  SaveUserPreferences: saveUserPreferencesMethod,
  ListStudies: listStudiesMethod,
  GetStudy: getStudyMethod,
  LoadStudy: loadStudyMethod,
  GetFrame: getFrameMethod,
  ListMeasurements: listMeasurementsMethod,
  SaveMeasurements: saveMeasurementsMethod,
  WatchStudy: watchStudyMethod,
  UnwatchStudy: unwatchStudyMethod,
  ListUsers: listUsersMethod,
  AddUser: addUserMethod,
  UpdateUser: updateUserMethod,
  SetPassword: setPasswordMethod,
  SuspendUser: suspendUserMethod,
  UnsuspendUser: unsuspendUserMethod,
  UnlockUser: unlockUserMethod,
  DeleteUser: deleteUserMethod,
  ListRoles: listRolesMethod,
  AddRole: addRoleMethod,
  UpdateRole: updateRoleMethod,
  ListDicomNodes: listDicomNodesMethod,
  EchoDicomNode: echoDicomNodeMethod,
  QueryDicomNode: queryDicomNodeMethod,
  RetrieveFromDicomNode: retrieveFromDicomNodeMethod,
  SendStudyToDicomNode: sendStudyToDicomNodeMethod,
};

/**
 * Methods whose every call is a security event (an AccessLog entry). The
 * others (study list, study, frame) are logged at DEBUG as TraceLog when
 * they succeed; any refusal is an AccessLog entry whatever the method.
 */
export const QUIET_METHODS: ReadonlySet<CoreMethod> = new Set([
  'ListStudies',
  'GetStudy',
  'GetFrame',
  'GetUserPreferences',
  'ListMeasurements',
  'WatchStudy',
  'UnwatchStudy',
]);
