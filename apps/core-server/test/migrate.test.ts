import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from '../src/db/migration.js';
import { migrateDatabase, readSchemaVersion } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { openDatabase } from '../src/db/open-database.js';

const dirs: string[] = [];

function openTempDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-migrate-'));
  dirs.push(dir);
  return {
    path: join(dir, 'atrium.sqlite'),
    db: openDatabase(join(dir, 'atrium.sqlite')),
  };
}

afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

const twoSteps: Migration[] = [
  { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE one (x)') },
  { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE two (x)') },
];

describe('migrateDatabase', () => {
  it('applies the Core Server migrations to a new database and records them', () => {
    const { db } = openTempDatabase();
    const result = migrateDatabase(db);

    expect(result.from).toBe(0);
    expect(result.to).toBe(migrations.at(-1)?.version);
    expect(result.applied).toContain('image index');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['patients', 'studies', 'series', 'instances']),
    );
    db.close();
  });

  it('applies nothing the second time', () => {
    const { db } = openTempDatabase();
    migrateDatabase(db, twoSteps);
    const again = migrateDatabase(db, twoSteps);
    expect(again).toEqual({ from: 2, to: 2, applied: [] });
    db.close();
  });

  it('applies only the migrations added since the last run', () => {
    const { db } = openTempDatabase();
    migrateDatabase(db, twoSteps.slice(0, 1));
    const result = migrateDatabase(db, twoSteps);
    expect(result).toEqual({ from: 1, to: 2, applied: ['two'] });
    db.close();
  });

  it('rolls back a migration that fails and records nothing for it', () => {
    const { db } = openTempDatabase();
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => migrateDatabase(db, [twoSteps[0]!, failing])).toThrow('boom');
    expect(readSchemaVersion(db)).toBe(1);
    const half = db
      .prepare("SELECT name FROM sqlite_master WHERE name = 'half'")
      .get();
    expect(half).toBeUndefined();
    db.close();
  });

  it('refuses a list that is out of order', () => {
    const { db } = openTempDatabase();
    expect(() => migrateDatabase(db, [twoSteps[1]!, twoSteps[0]!])).toThrow(
      expect.objectContaining({ code: 'CORE_MIGRATION_INVALID' }),
    );
    db.close();
  });

  it('refuses a database written by a newer schema', () => {
    const { db } = openTempDatabase();
    migrateDatabase(db, twoSteps);
    expect(() => migrateDatabase(db, twoSteps.slice(0, 1))).toThrow(
      expect.objectContaining({ code: 'CORE_SCHEMA_TOO_NEW' }),
    );
    db.close();
  });

  it('leaves nothing to apply for a second connection that migrates after the first', () => {
    const first = openTempDatabase();
    const second = openDatabase(first.path);
    const a = migrateDatabase(first.db, twoSteps);
    const b = migrateDatabase(second, twoSteps);
    expect([...a.applied, ...b.applied]).toEqual(['one', 'two']);
    first.db.close();
    second.close();
  });
});
