import { AtriumError, type ErrorRegistry } from '@atrium/protocol';

/**
 * The configuration package's error codes. Every message a ConfigError
 * carries is one line that names the file, the key (`[Section] Key`), what
 * was expected and what was found.
 */
export const configErrors = {
  CFG_SYNTAX: {
    message: 'A line of a configuration file could not be understood',
    status: 500,
    expose: false,
  },
  CFG_UNKNOWN_SECTION: {
    message: 'A configuration file names a section Atrium does not know',
    status: 500,
    expose: false,
  },
  CFG_UNKNOWN_KEY: {
    message: 'A configuration file names a key Atrium does not know',
    status: 500,
    expose: false,
  },
  CFG_DUPLICATE_KEY: {
    message: 'A configuration file sets the same key twice',
    status: 500,
    expose: false,
  },
  CFG_INVALID_VALUE: {
    message: 'A configuration value has the wrong type or is out of range',
    status: 500,
    expose: false,
  },
  CFG_MISSING_VALUE: {
    message: 'A configuration file leaves out a key that must be set',
    status: 500,
    expose: false,
  },
  CFG_NOT_TEXT: {
    message: 'A configuration file is not a text file',
    status: 500,
    expose: false,
  },
  CFG_READ_FAILED: {
    message: 'A configuration file could not be read',
    status: 500,
    expose: false,
  },
  CFG_DATA_DIR_UNKNOWN: {
    message:
      'The data directory could not be found: set ATRIUM_DATA to the folder Atrium should use',
    status: 500,
    expose: false,
  },
  CFG_ENV_INVALID: {
    message: 'An environment variable Atrium reads has a value it cannot use',
    status: 500,
    expose: false,
  },
  CFG_WRITE_FAILED: {
    message: 'A configuration file could not be written',
    status: 500,
    expose: false,
  },
} as const satisfies ErrorRegistry<string>;

export type ConfigErrorCode = keyof typeof configErrors;

/** Where in which file a configuration problem sits. */
export interface ConfigErrorPlace {
  /** Absolute path of the file; empty for an environment variable. */
  file: string;
  /** `Section.Key` as the schema spells it, when a key is concerned. */
  key?: string;
  /** 1-based line number, when the problem is on a line of the file. */
  line?: number;
}

/** A configuration problem; `message` is one line fit for a start-up log. */
export class ConfigError extends AtriumError {
  readonly file: string;
  readonly key: string | undefined;
  readonly line: number | undefined;

  constructor(code: ConfigErrorCode, message: string, place: ConfigErrorPlace) {
    super(code, message, configErrors[code]);
    this.name = 'ConfigError';
    this.file = place.file;
    this.key = place.key;
    this.line = place.line;
  }
}
