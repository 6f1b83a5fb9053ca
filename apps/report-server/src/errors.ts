import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes of the report server. */
export const reportErrors = {
  REPORT_NO_IDENTITY: {
    message:
      'No verified user came with this request; open reports through the Atrium web address',
    status: 401,
    expose: true,
  },
  REPORT_IDENTITY_REFUSED: {
    message: 'The identity that came with this request could not be verified',
    status: 401,
    expose: true,
  },
  REPORT_SESSION_ENDED: {
    message: 'Your session has ended; log in again',
    status: 401,
    expose: true,
  },
  REPORT_NOT_PERMITTED: {
    message: 'Your roles do not allow you to see this study',
    status: 403,
    expose: true,
  },
  REPORT_PASSWORD_CHANGE_REQUIRED: {
    message:
      'Your password must be changed before you can see reports; change it in Atrium, then open the report again',
    status: 403,
    expose: true,
  },
  REPORT_TOO_MANY: {
    message: 'Too many report requests of this session at once; try again',
    status: 429,
    expose: true,
  },
  REPORT_STUDY_NOT_FOUND: {
    message: 'The study is not in the image database',
    status: 404,
    expose: true,
  },
  REPORT_NOT_FOUND: {
    message: 'There is no report page at this address',
    status: 404,
    expose: true,
  },
  REPORT_BAD_REQUEST: {
    message: 'The report request is not valid',
    status: 400,
    expose: true,
  },
  REPORT_METHOD_NOT_ALLOWED: {
    message: 'Report pages are only read (GET or HEAD)',
    status: 405,
    expose: true,
  },
  REPORT_CORE_UNAVAILABLE: {
    message: 'The Core Server could not be reached; try again shortly',
    status: 502,
    expose: true,
  },
  REPORT_PORT_UNAVAILABLE: {
    message: 'The report server port cannot be bound',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type ReportErrorCode = keyof typeof reportErrors;

/** Builds an AtriumError with a REPORT_ code. */
export const reportError = defineErrors<ReportErrorCode>(reportErrors);
