import type { Database } from 'better-sqlite3';
import { normaliseDicomDate } from '../studies/dicom-date.js';
import { hasWildcard } from '../studies/dicom-wildcard.js';
import { registerStudyFunctions } from '../studies/sql-functions.js';
import {
  FIND_ATTRIBUTES,
  FROM_CLAUSES,
  isVisibleAt,
  ROW_IDS,
  UNIQUE_KEYS,
  type FindAttribute,
} from './find-attributes.js';
import {
  isAscii,
  multiValue,
  personName,
  readText,
  type NaturalDataset,
  type QueryLevel,
} from './identifier.js';

/** A query that cannot be answered, with the reason for the peer. */
export class FindQueryError extends Error {}

/** The matches of one C-FIND. */
export interface FindResult {
  /** Response identifiers, one per match. */
  matches: NaturalDataset[];
  /** True when more matched than the limit allowed. */
  truncated: boolean;
}

/** SQL conditions and their parameters. */
export interface Filter {
  where: string[];
  params: unknown[];
}

/**
 * Answers a C-FIND identifier at one level from the image index. Empty
 * values match everything; `*` and `?` are wildcards; UIDs may be a list;
 * dates and times may be ranges (`from-to`, `-to`, `from-`); person names
 * match without regard to case and by any one component. Each match holds
 * the keys the identifier asked for (those the index does not know come
 * back empty) and the unique keys of its level and above. Attributes of
 * levels above the one asked are matched too (relational queries).
 *
 * Known limitation: texts match without regard to case (the standard asks
 * that only for person names), as the study list does.
 */
export function findMatches(
  db: Database,
  level: QueryLevel,
  identifier: NaturalDataset,
  limit: number,
): FindResult {
  registerStudyFunctions(db);
  const keys = Object.keys(identifier).filter(
    (key) => key !== 'QueryRetrieveLevel' && !key.startsWith('_'),
  );
  const known = keys.filter((key) => isKnownAt(key, level));
  const returned = unique([...uniqueKeysDownTo(level), ...known]);

  const filter = buildFilter(identifier, known);

  const columns = returned
    .map((key, index) => `${FIND_ATTRIBUTES[key]!.column} AS c${index}`)
    .join(', ');
  const where = filter.where.length
    ? `WHERE ${filter.where.join(' AND ')}`
    : '';
  const rows = db
    .prepare(
      `SELECT ${columns} ${FROM_CLAUSES[level]} ${where}
       ORDER BY ${ROW_IDS[level]} LIMIT ?`,
    )
    .raw()
    .all(...filter.params, limit + 1) as unknown[][];

  const matches = rows.slice(0, limit).map((row) => {
    const match: NaturalDataset = {};
    returned.forEach((key, index) => {
      match[key] = writeValue(FIND_ATTRIBUTES[key]!, row[index]);
    });
    // Asked-for keys the index does not hold come back empty, as asked.
    for (const key of keys) {
      if (!(key in match)) match[key] = emptyLike(identifier[key]);
    }
    if (!Object.values(match).every(isAsciiValue)) {
      match.SpecificCharacterSet = 'ISO_IR 192';
    }
    return match;
  });
  return { matches, truncated: rows.length > limit };
}

/** The SQL conditions that match the given keys of an identifier. */
export function buildFilter(
  identifier: NaturalDataset,
  keys: readonly string[],
): Filter {
  const filter: Filter = { where: [], params: [] };
  for (const key of keys) {
    const attribute = FIND_ATTRIBUTES[key]!;
    if (attribute.returnOnly) continue;
    addMatch(filter, attribute, readText(identifier[key]));
  }
  return filter;
}

/** Whether the index knows an attribute usable at a level. */
export function isKnownAt(key: string, level: QueryLevel): boolean {
  const attribute = Object.hasOwn(FIND_ATTRIBUTES, key)
    ? FIND_ATTRIBUTES[key]
    : undefined;
  return attribute !== undefined && isVisibleAt(attribute.level, level);
}

function uniqueKeysDownTo(level: QueryLevel): string[] {
  const keys = (['STUDY', 'SERIES', 'IMAGE'] as const)
    .filter((candidate) => isVisibleAt(candidate, level))
    .map((candidate) => UNIQUE_KEYS[candidate]);
  return level === 'PATIENT' ? [UNIQUE_KEYS.PATIENT] : keys;
}

function addMatch(filter: Filter, attribute: FindAttribute, value: string) {
  if (value === '' || value === '*') return;
  const { column } = attribute;

  switch (attribute.kind) {
    case 'person':
      filter.where.push(`atrium_match_pn(?, ${column})`);
      filter.params.push(value);
      return;
    case 'uid': {
      const uids = multiValue(value);
      filter.where.push(`${column} IN (${uids.map(() => '?').join(', ')})`);
      filter.params.push(...uids);
      return;
    }
    case 'date':
      addRange(filter, attribute.sortColumn ?? column, readDateRange(value));
      return;
    case 'time':
      addRange(
        filter,
        `substr(replace(${column}, ':', ''), 1, 6)`,
        readTimeRange(value),
      );
      return;
    case 'modalities': {
      const modalities = multiValue(value).map((m) => m.toUpperCase());
      filter.where.push(
        `EXISTS (SELECT 1 FROM series mx WHERE mx.study_pk = s.id
                 AND mx.modality IN (${modalities.map(() => '?').join(', ')}))`,
      );
      filter.params.push(...modalities);
      return;
    }
    case 'number': {
      const number = Number(value);
      if (!Number.isFinite(number)) {
        throw new FindQueryError(`"${value}" is not a number`);
      }
      filter.where.push(`${column} = ?`);
      filter.params.push(number);
      return;
    }
    case 'text':
      filter.where.push(
        hasWildcard(value)
          ? `atrium_match(?, ${column})`
          : `${column} = ? COLLATE NOCASE`,
      );
      filter.params.push(value);
      return;
  }
}

type Range = [from: string | undefined, to: string | undefined];

function addRange(filter: Filter, column: string, [from, to]: Range) {
  if (from !== undefined) {
    filter.where.push(`${column} >= ?`);
    filter.params.push(from);
  }
  if (to !== undefined) {
    filter.where.push(`${column} <= ?`);
    filter.params.push(to);
  }
}

function readDateRange(value: string): Range {
  const [from, to] = splitRange(value);
  const date = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const normalised = normaliseDicomDate(text);
    if (!normalised) {
      throw new FindQueryError(`"${text}" is not a valid DICOM date`);
    }
    return normalised;
  };
  return [date(from), date(to)];
}

function readTimeRange(value: string): Range {
  const [from, to] = splitRange(value);
  const time = (text: string | undefined, pad: string) => {
    if (text === undefined) return undefined;
    const digits = text.replace(/:/g, '').replace(/\..*$/, '');
    if (!/^\d{2,6}$/.test(digits)) {
      throw new FindQueryError(`"${text}" is not a valid DICOM time`);
    }
    return digits.padEnd(6, pad);
  };
  return [time(from, '0'), time(to, '9')];
}

/** `a-b` → [a, b], `-b` → [undefined, b], `a-` → [a, undefined], `a` → [a, a]. */
function splitRange(value: string): Range {
  const dash = value.indexOf('-');
  if (dash < 0) return [value, value];
  const from = value.slice(0, dash).trim();
  const to = value.slice(dash + 1).trim();
  return [from || undefined, to || undefined];
}

/**
 * A value from the index in the form it is sent. Values are kept in the
 * index as found in the files, which may break their VR (an ACR-NEMA date
 * 1995.06.26, an over-long ID): dates go out normalised or empty, texts
 * are cut to their VR's length, so one odd file cannot spoil an answer.
 */
function writeValue(attribute: FindAttribute, value: unknown): unknown {
  if (attribute.kind === 'number') {
    return value === null || value === undefined ? null : Number(value);
  }
  let text = value === null || value === undefined ? '' : String(value);
  if (attribute.kind === 'date') return normaliseDicomDate(text) ?? '';
  if (attribute.kind === 'time') text = text.replace(/:/g, '').slice(0, 14);
  if (attribute.max !== undefined) text = text.slice(0, attribute.max);
  if (attribute.kind === 'person') return personName(text);
  if (attribute.kind === 'modalities') return multiValue(text);
  return text;
}

function emptyLike(value: unknown): unknown {
  if (value === null || typeof value === 'number') return null;
  if (Array.isArray(value)) return [];
  return '';
}

function isAsciiValue(value: unknown): boolean {
  return isAscii(readText(value));
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}
