import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/**
 * The Core Server's error codes. One registry for the whole package: add a
 * code here rather than throwing a bare Error.
 */
export const coreErrors = {
  CORE_DB_OPEN_FAILED: {
    message: 'The image database could not be opened',
    status: 500,
    expose: false,
  },
  CORE_SCHEMA_TOO_NEW: {
    message:
      'The database was written by a newer version of Atrium than this one',
    status: 500,
    expose: false,
  },
  CORE_MIGRATION_INVALID: {
    message: 'The list of schema migrations is not in strict version order',
    status: 500,
    expose: false,
  },
  CORE_QUERY_INVALID: {
    message: 'The study query is not valid',
    status: 400,
    expose: true,
  },
  CORE_IMPORT_PATH_MISSING: {
    message: 'The path given to import does not exist',
    status: 400,
    expose: true,
  },
  CORE_AUTH_FAILED: {
    message: 'The user name or password is not correct',
    status: 401,
    expose: true,
  },
  CORE_ACCOUNT_LOCKED: {
    message:
      'The account is locked after too many failed logins; try again later or ask an administrator to unlock it',
    status: 403,
    expose: true,
  },
  CORE_ACCOUNT_SUSPENDED: {
    message: 'The account is suspended; ask an administrator',
    status: 403,
    expose: true,
  },
  CORE_ALREADY_LOGGED_IN: {
    message:
      'This user is already logged in elsewhere; end that session or cancel',
    status: 409,
    expose: true,
  },
  CORE_PASSWORD_CHANGE_REQUIRED: {
    message: 'Change your password before anything else',
    status: 403,
    expose: true,
  },
  CORE_NOT_AUTHENTICATED: {
    message: 'Log in (Authenticate or AttachToken) before this call',
    status: 401,
    expose: true,
  },
  CORE_TOKEN_EXPIRED: {
    message: 'The session token has expired; renew it or log in again',
    status: 401,
    expose: true,
  },
  CORE_TOKEN_INVALID: {
    message: 'The session token is not valid',
    status: 401,
    expose: true,
  },
  CORE_SESSION_ENDED: {
    message: 'The session has ended; log in again',
    status: 401,
    expose: true,
  },
  CORE_PERMISSION_DENIED: {
    message: 'Your roles do not allow this operation',
    status: 403,
    expose: true,
  },
  CORE_ADMIN_PORT_REFUSED: {
    message:
      'The admin port accepts only users holding an administrator permission',
    status: 403,
    expose: true,
  },
  CORE_UNKNOWN_METHOD: {
    message: 'The method does not exist on this port',
    status: 404,
    expose: true,
  },
  CORE_BAD_REQUEST: {
    message: 'The request is not a JSON object with id, method and params',
    status: 400,
    expose: true,
  },
  CORE_INVALID_PARAMS: {
    message: 'The parameters of the request are not valid',
    status: 400,
    expose: true,
  },
  CORE_PASSWORD_REJECTED: {
    message: 'The password does not meet the password rules',
    status: 400,
    expose: true,
  },
  CORE_USER_EXISTS: {
    message: 'A user with this user ID already exists',
    status: 409,
    expose: true,
  },
  CORE_USER_NOT_FOUND: {
    message: 'No user has this user ID',
    status: 404,
    expose: true,
  },
  CORE_ROLE_EXISTS: {
    message: 'A role with this name already exists',
    status: 409,
    expose: true,
  },
  CORE_ROLE_NOT_FOUND: {
    message: 'No role has this name',
    status: 404,
    expose: true,
  },
  CORE_SELF_ACTION: {
    message: 'You cannot suspend or delete your own account',
    status: 409,
    expose: true,
  },
  CORE_GRANT_REFUSED: {
    message:
      'You can give, and manage users holding, only permissions you hold yourself',
    status: 403,
    expose: true,
  },
  CORE_BUILT_IN_ADMIN: {
    message:
      'The built-in admin account cannot be deleted, suspended or lose a role, and only admin may reset its password',
    status: 409,
    expose: true,
  },
  CORE_LAST_USER_MANAGER: {
    message:
      'This change would leave no active user holding ManageUsers; give it to someone else first',
    status: 409,
    expose: true,
  },
  CORE_TOO_MANY_REQUESTS: {
    message:
      'Too many requests are waiting on this connection; wait for answers before sending more',
    status: 429,
    expose: true,
  },
  CORE_LOGIN_BUSY: {
    message:
      'A login is already running on this connection; wait for its answer',
    status: 429,
    expose: true,
  },
  CORE_TOO_MANY_LOGINS: {
    message:
      'Too many logins are waiting from this address; try again in a moment',
    status: 429,
    expose: true,
  },
  CORE_PORT_CONFLICT: {
    message: 'Two listening ports of serverconfig.ini have the same number',
    status: 500,
    expose: false,
  },
  CORE_STUDY_NOT_FOUND: {
    message: 'The study is not in the image database',
    status: 404,
    expose: true,
  },
  CORE_INSTANCE_NOT_FOUND: {
    message: 'The instance is not in the image database',
    status: 404,
    expose: true,
  },
  CORE_FRAME_OUT_OF_RANGE: {
    message: 'The instance has no frame with this index',
    status: 400,
    expose: true,
  },
  CORE_FRAME_UNDECODABLE: {
    message: 'The pixel data of this instance cannot be decoded',
    status: 422,
    expose: true,
  },
  CORE_PORT_UNAVAILABLE: {
    message: 'A listening port could not be bound',
    status: 500,
    expose: false,
  },
  CORE_TLS_NOT_READABLE: {
    message: 'The TLS certificate or key of [Tls] could not be read',
    status: 500,
    expose: false,
  },
  CORE_TLS_CERTIFICATE_EXPIRED: {
    message: 'The TLS certificate of [Tls] has expired',
    status: 500,
    expose: false,
  },
  CORE_TLS_KEY_MISMATCH: {
    message: 'The TLS private key of [Tls] does not belong to its certificate',
    status: 500,
    expose: false,
  },
  CORE_RETRIEVE_FAILED: {
    message: 'The study could not be retrieved from the remote DICOM node',
    status: 502,
    expose: true,
  },
  CORE_DICOM_UNAVAILABLE: {
    message: 'DICOM networking is not running on this server',
    status: 503,
    expose: true,
  },
  CORE_DICOM_NODE_NOT_FOUND: {
    message: 'No remote DICOM node has this number',
    status: 404,
    expose: true,
  },
  CORE_DICOM_NODE_NOT_ALLOWED: {
    message: 'Your roles do not allow using this DICOM node',
    status: 403,
    expose: true,
  },
  CORE_DICOM_NODE_FAILED: {
    message:
      'The remote DICOM node could not be reached or refused the request',
    status: 502,
    expose: true,
  },
  CORE_DICOM_SEND_REFUSED: {
    message: 'This DICOM node is not set up to receive studies from Atrium',
    status: 409,
    expose: true,
  },
  CORE_NOTHING_TO_SEND: {
    message: 'The study has no objects this DICOM node is set to receive',
    status: 409,
    expose: true,
  },
  CORE_INTERNAL: {
    message: 'The server could not answer this request; the error is logged',
    status: 500,
    expose: true,
  },
} as const satisfies ErrorRegistry<string>;

export type CoreErrorCode = keyof typeof coreErrors;

/** Builds an AtriumError for one of the Core Server's codes. */
export const coreError = defineErrors<CoreErrorCode>(coreErrors);
