import { convertValue, type ValuePlace } from './convert-value.js';
import { ConfigError } from './errors.js';
import type { IniEntry, IniSection, ParsedIni } from './ini-parser.js';
import { quoteText, showText } from './show-text.js';
import type {
  FieldSchema,
  IniSchema,
  IniValues,
  ListSchema,
  SectionSchema,
} from './schema.js';
import { suggestName } from './suggest-name.js';

type Value = string | number | boolean;
type Values = Record<string, unknown>;

interface FileContext {
  /** Absolute path of the file, which every message starts with. */
  file: string;
  dataDir: string;
}

/**
 * Checks a parsed file against its schema and returns the typed values:
 * defaults first, then every key the file sets, validated once. Throws a
 * ConfigError on the first unknown section or key, or bad value.
 */
export function applySchema<Schema extends IniSchema>(
  schema: Schema,
  parsed: ParsedIni,
  file: string,
  dataDir: string,
): IniValues<Schema> {
  const context: FileContext = { file, dataDir };
  const sectionProps = Object.keys(schema.sections);
  const result: Values = {};

  const found = new Map<string, IniSection>();
  for (const section of parsed.sections) {
    const prop = findSection(schema, section, context);
    found.set(prop, section);
  }

  for (const prop of sectionProps) {
    const sectionSchema = schema.sections[prop] as SectionSchema;
    result[prop] = readSection(sectionSchema, found.get(prop), context);
  }
  return result as IniValues<Schema>;
}

function findSection(
  schema: IniSchema,
  section: IniSection,
  context: FileContext,
): string {
  const entries = Object.entries(schema.sections);
  const match = entries.find(
    ([, s]) => s.name.toLowerCase() === section.name.toLowerCase(),
  );
  if (match) return match[0];

  const names = entries.map(([, s]) => s.name);
  const hint = suggestName(section.name, names);
  throw new ConfigError(
    'CFG_UNKNOWN_SECTION',
    `${context.file}: [${showText(section.name)}]: expected one of the sections ${names.map((n) => `[${n}]`).join(', ')}, found an unknown section${hint ? ` (did you mean [${hint}]?)` : ''} (line ${section.line})`,
    { file: context.file, line: section.line },
  );
}

function readSection(
  schema: SectionSchema,
  section: IniSection | undefined,
  context: FileContext,
): Values {
  const given = new Map<string, IniEntry>();
  const listEntries = new Map<string, IniEntry[]>();
  for (const entry of section?.entries ?? []) {
    sortEntry(schema, entry, context, given, listEntries);
  }

  const values: Values = {};
  for (const [prop, field] of Object.entries(schema.fields)) {
    const entry = given.get(prop);
    values[prop] = readField(field, entry, {
      ...context,
      section: schema.name,
      key: field.key,
      line: entry?.line,
    });
  }

  for (const [prop, list] of Object.entries(schema.lists ?? {})) {
    values[prop] = readList(schema, list, listEntries.get(prop) ?? [], context);
  }
  return values;
}

/** Files an entry under its field or list; rejects unknown keys. */
function sortEntry(
  schema: SectionSchema,
  entry: IniEntry,
  context: FileContext,
  given: Map<string, IniEntry>,
  listEntries: Map<string, IniEntry[]>,
): void {
  const lower = entry.key.toLowerCase();
  const listPrefix = lower.split('\\')[0] ?? '';
  const list = Object.entries(schema.lists ?? {}).find(
    ([, l]) => l.key.toLowerCase() === listPrefix,
  );
  if (list && lower.includes('\\')) {
    listEntries.set(list[0], [...(listEntries.get(list[0]) ?? []), entry]);
    return;
  }

  const field = Object.entries(schema.fields).find(
    ([, f]) => f.key.toLowerCase() === lower,
  );
  if (field) {
    given.set(field[0], entry);
    return;
  }

  const known = [
    ...Object.values(schema.fields).map((f) => f.key),
    ...Object.values(schema.lists ?? {}).map((l) => `${l.key}\\N\\…`),
  ];
  const hint = suggestName(entry.key, known);
  throw new ConfigError(
    'CFG_UNKNOWN_KEY',
    `${context.file}: [${schema.name}] ${showText(entry.key)}: expected a key of [${schema.name}], found an unknown key${hint ? ` (did you mean ${hint}?)` : ''} (line ${entry.line})`,
    {
      file: context.file,
      key: `${schema.name}.${entry.key}`,
      line: entry.line,
    },
  );
}

function readField(
  field: FieldSchema,
  entry: IniEntry | undefined,
  place: ValuePlace,
): Value {
  if (entry) return convertValue(field, entry.value, place);

  // Defaults go through the same conversion, so relative default paths
  // resolve against the data directory like written ones.
  return convertValue(field, String(field.default), place);
}

/**
 * Collects `List\N\Field` entries into an array ordered by N. Gaps in the
 * numbering are allowed (an administrator may delete node 2 of 3); each
 * entry keeps its N as `index`. A `List\size` key, as Qt writes it, is
 * accepted and must not be smaller than the highest N.
 */
function readList(
  section: SectionSchema,
  list: ListSchema,
  entries: IniEntry[],
  context: FileContext,
): Values[] {
  const groups = new Map<number, Map<string, IniEntry>>();
  let size: IniEntry | undefined;

  for (const entry of entries) {
    const parts = entry.key.split('\\');
    if (parts.length === 2 && parts[1]?.toLowerCase() === 'size') {
      size = entry;
      continue;
    }
    const index = parseListIndex(section, list, entry, parts, context);
    const fieldProp = findListField(section, list, entry, parts, context);
    const group = groups.get(index) ?? new Map<string, IniEntry>();
    group.set(fieldProp, entry);
    groups.set(index, group);
  }

  const indexes = [...groups.keys()].sort((a, b) => a - b);
  checkListSize(section, list, size, indexes.at(-1) ?? 0, context);

  return indexes.map((index) => {
    const group = groups.get(index) ?? new Map<string, IniEntry>();
    const values: Values = { index };
    for (const [prop, field] of Object.entries(list.fields)) {
      const entry = group.get(prop);
      const key = `${list.key}\\${index}\\${field.key}`;
      const place = {
        ...context,
        section: section.name,
        key,
        line: entry?.line,
      };
      if (!entry && 'required' in field && field.required) {
        throw new ConfigError(
          'CFG_MISSING_VALUE',
          `${context.file}: [${section.name}] ${key}: expected a value for node ${index}, found no ${field.key} line`,
          { file: context.file, key: `${section.name}.${key}` },
        );
      }
      values[prop] = readField(field, entry, place);
    }
    return values;
  });
}

function parseListIndex(
  section: SectionSchema,
  list: ListSchema,
  entry: IniEntry,
  parts: string[],
  context: FileContext,
): number {
  const text = parts[1] ?? '';
  const index = /^\d{1,6}$/.test(text) ? Number(text) : 0;
  if (parts.length === 3 && index >= 1) return index;

  throw new ConfigError(
    'CFG_UNKNOWN_KEY',
    `${context.file}: [${section.name}] ${showText(entry.key)}: expected ${list.key}\\N\\Key with N a number from 1, found an unknown key (line ${entry.line})`,
    {
      file: context.file,
      key: `${section.name}.${entry.key}`,
      line: entry.line,
    },
  );
}

function findListField(
  section: SectionSchema,
  list: ListSchema,
  entry: IniEntry,
  parts: string[],
  context: FileContext,
): string {
  const name = (parts[2] ?? '').toLowerCase();
  const match = Object.entries(list.fields).find(
    ([, f]) => f.key.toLowerCase() === name,
  );
  if (match) return match[0];

  const known = Object.values(list.fields).map((f) => f.key);
  const hint = suggestName(parts[2] ?? '', known);
  throw new ConfigError(
    'CFG_UNKNOWN_KEY',
    `${context.file}: [${section.name}] ${showText(entry.key)}: expected one of ${list.key}\\N\\${known.join(', ')}, found an unknown key${hint ? ` (did you mean ${hint}?)` : ''} (line ${entry.line})`,
    {
      file: context.file,
      key: `${section.name}.${entry.key}`,
      line: entry.line,
    },
  );
}

function checkListSize(
  section: SectionSchema,
  list: ListSchema,
  size: IniEntry | undefined,
  highest: number,
  context: FileContext,
): void {
  if (!size) return;

  const value = /^\d{1,6}$/.test(size.value) ? Number(size.value) : -1;
  if (value >= highest) return;

  throw new ConfigError(
    'CFG_INVALID_VALUE',
    `${context.file}: [${section.name}] ${list.key}\\size: expected a whole number of at least ${highest} (the highest node number), found ${quoteText(size.value)} (line ${size.line})`,
    {
      file: context.file,
      key: `${section.name}.${list.key}\\size`,
      line: size.line,
    },
  );
}
