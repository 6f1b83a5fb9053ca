import { ConfigError } from './errors.js';
import { quoteText, showText } from './show-text.js';

/** One `key=value` line as written in the file. */
export interface IniEntry {
  /** The key as spelled in the file (trimmed). */
  key: string;
  /** The value after the first `=`, trimmed, outer double quotes removed. */
  value: string;
  /** 1-based line number. */
  line: number;
}

/** A `[Section]` and the entries under it, in file order. */
export interface IniSection {
  /** The section name as first spelled in the file. */
  name: string;
  /** Line of the first header of this section. */
  line: number;
  entries: IniEntry[];
}

/** The syntax of an .ini file, before any schema is applied. */
export interface ParsedIni {
  sections: IniSection[];
}

const COMMENT_STARTS = [';', '#'];

/**
 * Parses the Atrium .ini dialect.
 *
 * - `[Section]` headers; a section named twice continues the first one.
 * - `key=value`; everything after the first `=` is the value. Comments are
 *   whole lines only (first non-blank character `;` or `#`), because AE
 *   titles and passwords may contain both characters: `Key=a;b#c` keeps
 *   `a;b#c`.
 * - A value wrapped in double quotes loses the quotes, which keeps leading
 *   or trailing spaces. There are no escape sequences.
 * - Section and key names are matched without regard to case; setting a key
 *   twice in one section is an error.
 *
 * `file` is used only to word error messages, which start with it.
 */
export function parseIni(text: string, file: string): ParsedIni {
  const sections: IniSection[] = [];
  const byName = new Map<string, IniSection>();
  const firstLineOfKey = new Map<string, number>();
  let current: IniSection | undefined;

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || COMMENT_STARTS.includes(trimmed[0] ?? '')) return;

    if (trimmed.startsWith('[')) {
      current = openSection(trimmed, line, file, sections, byName);
      return;
    }

    const entry = readEntry(trimmed, line, file);
    if (!current) {
      throw new ConfigError(
        'CFG_SYNTAX',
        `${file}: line ${line}: expected a [Section] header before the first key, found ${quoteText(entry.key)}`,
        { file, line },
      );
    }

    const id = `${current.name.toLowerCase()}\n${entry.key.toLowerCase()}`;
    const first = firstLineOfKey.get(id);
    if (first !== undefined) {
      throw new ConfigError(
        'CFG_DUPLICATE_KEY',
        `${file}: [${showText(current.name)}] ${showText(entry.key)}: expected the key once, found it again (line ${line}; first on line ${first})`,
        { file, key: `${current.name}.${entry.key}`, line },
      );
    }
    firstLineOfKey.set(id, line);
    current.entries.push(entry);
  });

  return { sections };
}

function openSection(
  trimmed: string,
  line: number,
  file: string,
  sections: IniSection[],
  byName: Map<string, IniSection>,
): IniSection {
  const sectionName = trimmed.endsWith(']') ? trimmed.slice(1, -1).trim() : '';
  if (sectionName === '') {
    throw new ConfigError(
      'CFG_SYNTAX',
      `${file}: line ${line}: expected a section header such as [General], found ${quoteText(trimmed, 40)}`,
      { file, line },
    );
  }

  const known = byName.get(sectionName.toLowerCase());
  if (known) return known;

  const section: IniSection = { name: sectionName, line, entries: [] };
  sections.push(section);
  byName.set(sectionName.toLowerCase(), section);
  return section;
}

function readEntry(trimmed: string, line: number, file: string): IniEntry {
  const equals = trimmed.indexOf('=');
  const key = equals < 0 ? '' : trimmed.slice(0, equals).trim();
  if (key === '') {
    // Show only the first word: a line missing its `=` may hold a password.
    const firstWord = trimmed.split(/[\s=]/)[0] ?? '';
    const found =
      equals < 0
        ? `"${showText(firstWord, 40).replace(/…$/, '')}…" with no "="`
        : 'no key before "="';
    throw new ConfigError(
      'CFG_SYNTAX',
      `${file}: line ${line}: expected key=value, a [Section] header or a comment, found ${found}`,
      { file, line },
    );
  }

  return { key, value: unquote(trimmed.slice(equals + 1).trim()), line };
}

function unquote(value: string): string {
  const quoted =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"');
  return quoted ? value.slice(1, -1) : value;
}
