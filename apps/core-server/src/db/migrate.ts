import type { Database } from 'better-sqlite3';
import { coreError } from '../errors.js';
import type { Migration } from './migration.js';
import { migrations as coreMigrations } from './migrations/index.js';

/** What a migration run did. */
export interface MigrationResult {
  /** Schema version before the run (0 for a new database). */
  from: number;
  /** Schema version after the run. */
  to: number;
  /** Names of the migrations applied by this run, in order. */
  applied: string[];
}

/**
 * Brings the database schema up to the last migration of the list. Each
 * migration runs in its own immediate transaction, so two processes that
 * start at once (server and import command) apply it exactly once.
 */
export function migrateDatabase(
  db: Database,
  migrations: readonly Migration[] = coreMigrations,
): MigrationResult {
  checkOrder(migrations);
  createVersionTable(db);

  const from = readSchemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw coreError(
      'CORE_SCHEMA_TOO_NEW',
      `The database is at schema version ${from} but this Atrium knows ` +
        `versions up to ${latest}; use a newer Atrium or another database`,
    );
  }

  // Only a missing migration takes the write lock, so a process starting
  // while an import writes never waits for it to finish.
  const done = new Set(
    db.prepare('SELECT version FROM schema_version').pluck().all() as number[],
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const ran = db.transaction(() => applyOnce(db, migration)).immediate();
    if (ran) applied.push(migration.name);
  }
  return { from, to: readSchemaVersion(db), applied };
}

/** Highest schema version recorded in the database (0 when none). */
export function readSchemaVersion(db: Database): number {
  const row = db
    .prepare('SELECT MAX(version) AS version FROM schema_version')
    .get() as { version: number | null };
  return row.version ?? 0;
}

function createVersionTable(db: Database): void {
  const exists = db
    .prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
    )
    .get();
  if (exists) return;

  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_version (
       version INTEGER PRIMARY KEY,
       name TEXT NOT NULL,
       applied_at TEXT NOT NULL
     )`,
  );
}

function applyOnce(db: Database, migration: Migration): boolean {
  // Checked again inside the write lock: another process may have applied
  // it between our first look and now.
  const done = db
    .prepare('SELECT 1 FROM schema_version WHERE version = ?')
    .get(migration.version);
  if (done) return false;

  migration.up(db);
  db.prepare(
    'INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)',
  ).run(migration.version, migration.name, new Date().toISOString());
  return true;
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw coreError(
        'CORE_MIGRATION_INVALID',
        `Migration "${migration.name}" has version ${migration.version}, ` +
          `expected a whole number above ${previous}`,
      );
    }
    previous = migration.version;
  }
}
