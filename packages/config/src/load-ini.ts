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
  /**
   * One-line notes for the administrator about a file that loaded but may
   * not say what was meant (an empty file, for one); each starts with the
   * file's path. The caller logs or prints them.
   */
  warnings: string[];
};

/**
 * Loads `<dataDir>/<schema.file>`. A missing file is first written with the
 * defaults and a comment per key; an existing file is never rewritten.
 * Throws a ConfigError with a one-line message on any problem. An empty
 * file is valid (every setting takes its default) but earns a warning.
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
  const warnings: string[] = [];
  if (text.trim() === '') {
    warnings.push(
      `${file}: the file is empty, so every setting takes its default`,
    );
  }
  return { ...values, file, created, warnings };
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
      `${file}: expected to write the first-run file, found ${describeFsError(error)}`,
      { file },
    );
  }
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(
      'CFG_READ_FAILED',
      `${file}: expected a readable file, found ${describeFsError(error)}`,
      { file },
    );
  }
  refuseBinary(bytes, file);
  return bytes.toString('utf8');
}

/**
 * Stops on a file that is plainly not text, with one short line instead of
 * a syntax error quoting its bytes: UTF-16 (as some Windows editors save),
 * a NUL byte, or control characters in more than a tenth of the bytes.
 */
function refuseBinary(bytes: Buffer, file: string): void {
  const fail = (found: string): never => {
    throw new ConfigError(
      'CFG_NOT_TEXT',
      `${file}: expected a UTF-8 text file of [Section] headers and key=value lines, found ${found}`,
      { file },
    );
  };
  const [first, second] = bytes;
  if (
    (first === 0xff && second === 0xfe) ||
    (first === 0xfe && second === 0xff)
  ) {
    fail('UTF-16 text; save it as UTF-8');
  }

  const nul = bytes.indexOf(0);
  if (nul >= 0) fail(`binary data (a NUL byte at byte ${nul})`);
  const controls = bytes.filter(
    (byte) =>
      (byte < 0x20 && ![9, 10, 11, 12, 13].includes(byte)) || byte === 0x7f,
  ).length;
  if (controls > bytes.byteLength / 10) {
    fail(`binary data (${controls} control bytes in ${bytes.byteLength})`);
  }
}

/** Words a file-system error without its stack, e.g. `EACCES`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `error ${code}` : String(error);
}
