import type { Database } from 'better-sqlite3';
import { compileWildcard, matchPersonName } from './dicom-wildcard.js';

const registered = new WeakSet<Database>();
const patterns = new Map<string, RegExp>();
const MAX_CACHED_PATTERNS = 256;

/**
 * Adds the SQL functions the study queries use to a connection (once):
 * atrium_match(pattern, value) and atrium_match_pn(pattern, name), both
 * DICOM wildcard matches without regard to case.
 */
export function registerStudyFunctions(db: Database): void {
  if (registered.has(db)) return;

  db.function('atrium_match', { deterministic: true }, (pattern, value) =>
    toSqlBoolean(readPattern(pattern).test(String(value ?? ''))),
  );
  db.function('atrium_match_pn', { deterministic: true }, (pattern, name) =>
    toSqlBoolean(matchPersonName(readPattern(pattern), String(name ?? ''))),
  );
  registered.add(db);
}

function readPattern(pattern: unknown): RegExp {
  const text = String(pattern ?? '');
  let compiled = patterns.get(text);
  if (compiled) return compiled;

  // A query compiles its pattern once and SQLite calls us once per row; the
  // cache stays small because only the latest few queries matter.
  if (patterns.size >= MAX_CACHED_PATTERNS) patterns.clear();
  compiled = compileWildcard(text);
  patterns.set(text, compiled);
  return compiled;
}

function toSqlBoolean(value: boolean): number {
  return value ? 1 : 0;
}
