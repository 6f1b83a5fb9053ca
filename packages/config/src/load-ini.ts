import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySchema } from './apply-schema.js';
import { ConfigError } from './errors.js';
import { parseIni } from './ini-parser.js';
import { renderDefaultIni } from './render-defaults.js';
import type { FirstRunValues, IniSchema, IniValues } from './schema.js';

export interface LoadIniOptions {
  /**
   * Values a missing file is written with instead of the defaults, e.g.
   * `{ LocalPacsPort: 11112 }`. Ignored when the file exists.
   */
  firstRun?: FirstRunValues;
}

/** The loaded values plus where they came from. */
export type LoadedIni<Schema extends IniSchema> = IniValues<Schema> & {
  /** Absolute path of the file read. */
  file: string;
  /** True when the file was missing and has just been written. */
  created: boolean;
};

/**
 * Loads `<dataDir>/<schema.file>`. A missing file is first written with the
 * defaults and a comment per key; an existing file is never rewritten.
 * Throws a ConfigError with a one-line message on any problem.
 */
export function loadIniFile<Schema extends IniSchema>(
  schema: Schema,
  dataDir: string,
  options: LoadIniOptions = {},
): LoadedIni<Schema> {
  const file = join(dataDir, schema.file);
  const created = writeDefaultsIfMissing(schema, dataDir, file, options);
  const text = readText(file);
  const values = readIniText(schema, text, file, dataDir);
  return { ...values, file, created };
}

/** Parses and validates text as the content of `file` (no disk access). */
export function readIniText<Schema extends IniSchema>(
  schema: Schema,
  text: string,
  file: string,
  dataDir: string,
): IniValues<Schema> {
  return applySchema(schema, parseIni(text, file), file, dataDir);
}

function writeDefaultsIfMissing(
  schema: IniSchema,
  dataDir: string,
  file: string,
  options: LoadIniOptions,
): boolean {
  const text = renderDefaultIni(schema, options.firstRun);
  try {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails when the file exists, so a file another process wrote a
    // moment ago is never replaced.
    writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ConfigError(
      'CFG_WRITE_FAILED',
      `${schema.file}: expected to write the first-run file at ${file}, found ${describeFsError(error)}`,
      { file },
    );
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'CFG_READ_FAILED',
      `${file}: expected a readable file, found ${describeFsError(error)}`,
      { file },
    );
  }
}

/** Words a file-system error without its stack, e.g. `EACCES`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `error ${code}` : String(error);
}
