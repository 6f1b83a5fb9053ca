import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Error codes of the Worker Manager. */
export const managerErrors = {
  MGR_FULL: {
    message: 'This Worker Manager already runs as many workers as it may',
    status: 503,
    expose: true,
  },
  MGR_WORKER_START_FAILED: {
    message: 'The render worker process could not be started',
    status: 500,
    expose: false,
  },
  MGR_SECRET_REFUSED: {
    message: 'The WebClient Service refused the recruiter secret',
    status: 500,
    expose: false,
  },
  MGR_INVALID_OPTIONS: {
    message: 'The Worker Manager was given options it cannot use',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type ManagerErrorCode = keyof typeof managerErrors;

/** Builds an AtriumError with an MGR_ code. */
export const managerError = defineErrors<ManagerErrorCode>(managerErrors);
