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
} as const satisfies ErrorRegistry<string>;

export type CoreErrorCode = keyof typeof coreErrors;

/** Builds an AtriumError for one of the Core Server's codes. */
export const coreError = defineErrors<CoreErrorCode>(coreErrors);
