import { describeExpected } from './convert-value.js';
import { ConfigError } from './errors.js';
import { formatIniValue } from './format-value.js';
import type {
  FieldSchema,
  FirstRunValues,
  IniSchema,
  SectionSchema,
} from './schema.js';

/**
 * The text of a first-run file: every key with its default (or the value
 * `firstRun` gives it) and a one-line comment above it saying what it means,
 * what it accepts and its default. Lists get a commented example.
 */
export function renderDefaultIni(
  schema: IniSchema,
  firstRun: FirstRunValues = {},
): string {
  const overrides = resolveFirstRun(schema, firstRun);
  const lines = [
    `; ${schema.file}: ${schema.doc}`,
    '; Written with defaults on first run; Atrium never rewrites this file.',
    '; Comments are whole lines starting with ; or #. Key and section names ignore case.',
    '; Everything after the first = is the value; double quotes keep leading or trailing spaces.',
    '; Relative paths are resolved against the data directory.',
  ];

  for (const section of Object.values(schema.sections)) {
    lines.push('', `[${section.name}]`);
    for (const field of Object.values(section.fields)) {
      const override = overrides.get(field);
      const value = override ?? field.default;
      lines.push(`; ${describeField(field)}`);
      lines.push(
        `${field.key}=${formatIniValue(value, schema.file, field.key)}`,
      );
    }
    lines.push(...renderListExamples(section));
  }
  return `${lines.join('\n')}\n`;
}

function describeField(field: FieldSchema): string {
  const shown = field.default === '' ? 'empty' : String(field.default);
  return `${field.doc} [${describeExpected(field)}; default ${shown}]`;
}

function renderListExamples(section: SectionSchema): string[] {
  const lines: string[] = [];
  for (const list of Object.values(section.lists ?? {})) {
    lines.push(`; ${list.doc}`);
    for (const field of Object.values(list.fields)) {
      lines.push(`; ${list.key}\\N\\${field.key}: ${describeField(field)}`);
    }
  }
  return lines;
}

/** Maps `Key` or `Section.Key` (any case) to its field; rejects the rest. */
function resolveFirstRun(
  schema: IniSchema,
  firstRun: FirstRunValues,
): Map<FieldSchema, string | number | boolean> {
  const result = new Map<FieldSchema, string | number | boolean>();
  for (const [name, value] of Object.entries(firstRun)) {
    const matches = findFields(schema, name);
    if (matches.length !== 1) {
      const found =
        matches.length === 0
          ? 'an unknown key'
          : 'a key in several sections (write Section.Key)';
      throw new ConfigError(
        'CFG_UNKNOWN_KEY',
        `${schema.file}: first-run value ${name}: expected a key of ${schema.file}, found ${found}`,
        { file: schema.file, key: name },
      );
    }
    result.set(matches[0] as FieldSchema, value);
  }
  return result;
}

function findFields(schema: IniSchema, name: string): FieldSchema[] {
  const lower = name.toLowerCase();
  const matches: FieldSchema[] = [];
  for (const section of Object.values(schema.sections)) {
    for (const field of Object.values(section.fields)) {
      const key = field.key.toLowerCase();
      const qualified = `${section.name.toLowerCase()}.${key}`;
      if (lower === key || lower === qualified) matches.push(field);
    }
  }
  return matches;
}
