import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** The log package's error codes. */
export const logErrors = {
  LOG_INVALID_OPTIONS: {
    message: 'The logger was given options it cannot use',
    status: 500,
    expose: false,
  },
  LOG_DIR_FAILED: {
    message: 'The log folder could not be created or its log file opened',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type LogErrorCode = keyof typeof logErrors;

/** Builds an AtriumError with a LOG_ code. */
export const makeLogError = defineErrors(logErrors);
