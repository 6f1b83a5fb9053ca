import {
  chmodSync,
  constants,
  copyFileSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from './errors.js';
import { formatIniValue } from './format-value.js';
import { readIniText, describeFsError } from './load-ini.js';
import type { IniSchema } from './schema.js';

export interface WriteSettingOptions {
  /**
   * When given, the changed file must still load under this schema (against
   * `dataDir`, for paths), else nothing is written and a ConfigError thrown.
   */
  schema?: IniSchema;
  dataDir?: string;
  /** Clock for the backup name; tests inject one. */
  now?: () => Date;
}

/**
 * Changes one setting of an existing .ini file in place: the line of the key
 * (matched without case) gets the new value, every other line and comment is
 * kept. A missing key is added at the end of its section, a missing section
 * at the end of the file. A copy of the old file is first written to
 * `<file>.bak-<YYYYMMDD-HHMMSS>` (with `-2`, `-3`... on a collision); the new
 * text then replaces the file in one rename. Returns the backup's path.
 */
export function writeIniSetting(
  file: string,
  section: string,
  key: string,
  value: string | number | boolean,
  options: WriteSettingOptions = {},
): string {
  const text = readExisting(file);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const written = formatIniValue(value, file, `[${section}] ${key}`);
  const changed = setLine(lines, section, key, written).join(eol);

  if (options.schema) {
    readIniText(
      options.schema,
      changed,
      file,
      options.dataDir ?? dirname(file),
    );
  }

  const backup = writeBackup(file, options.now?.() ?? new Date());
  replaceFile(file, changed);
  return backup;
}

function setLine(
  lines: string[],
  section: string,
  key: string,
  value: string,
): string[] {
  const result = [...lines];
  const ranges = findSectionRanges(result, section);
  const last = ranges.at(-1);
  if (!last) {
    while (result.length > 0 && result.at(-1)?.trim() === '') result.pop();
    result.push('', `[${section}]`, `${key}=${value}`, '');
    return result;
  }

  for (const range of ranges) {
    for (let i = range.header + 1; i < range.end; i++) {
      const line = result[i] ?? '';
      const equals = line.indexOf('=');
      if (isComment(line) || equals < 0) continue;
      if (line.slice(0, equals).trim().toLowerCase() !== key.toLowerCase()) {
        continue;
      }
      // Keep the administrator's spacing around `=`.
      const spacing = /^\s*/.exec(line.slice(equals + 1))?.[0] ?? '';
      result[i] = `${line.slice(0, equals + 1)}${spacing}${value}`;
      return result;
    }
  }

  let insertAfter = last.header;
  for (let i = last.header + 1; i < last.end; i++) {
    const line = result[i] ?? '';
    if (!isComment(line) && line.trim() !== '') insertAfter = i;
  }
  result.splice(insertAfter + 1, 0, `${key}=${value}`);
  return result;
}

/** Each occurrence of the section: its header line and where it ends. */
function findSectionRanges(
  lines: string[],
  section: string,
): { header: number; end: number }[] {
  const ranges: { header: number; end: number }[] = [];
  let open: { header: number; end: number } | undefined;
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return;

    if (open) open.end = index;
    open = undefined;
    if (trimmed.slice(1, -1).trim().toLowerCase() === section.toLowerCase()) {
      open = { header: index, end: lines.length };
      ranges.push(open);
    }
  });
  return ranges;
}

function isComment(line: string): boolean {
  const first = line.trim()[0];
  return first === ';' || first === '#';
}

function readExisting(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'CFG_READ_FAILED',
      `${file}: expected an existing file to change, found ${describeFsError(error)}`,
      { file },
    );
  }
}

function writeBackup(file: string, now: Date): string {
  const stamp = formatStamp(now);
  for (let attempt = 1; ; attempt++) {
    const backup = `${file}.bak-${stamp}${attempt === 1 ? '' : `-${attempt}`}`;
    try {
      copyFileSync(file, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new ConfigError(
        'CFG_WRITE_FAILED',
        `${file}: expected to write a backup at ${backup}, found ${describeFsError(error)}`,
        { file },
      );
    }
  }
}

function replaceFile(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    chmodSync(temporary, statSync(file).mode);
    renameSync(temporary, file);
  } catch (error) {
    throw new ConfigError(
      'CFG_WRITE_FAILED',
      `${file}: expected to replace the file, found ${describeFsError(error)}`,
      { file },
    );
  }
}

function formatStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}
