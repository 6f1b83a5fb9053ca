import { mkdtempSync, rmSync, existsSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open-database.js';

const dirs: string[] = [];

function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-db-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the missing folders and the database file', () => {
    const path = join(makeTempDir(), 'a', 'b', 'atrium.sqlite');
    const db = openDatabase(path);
    db.close();
    expect(existsSync(path)).toBe(true);
  });

  it('creates a new database and its folder for the owner only, whatever the umask', () => {
    const path = join(makeTempDir(), 'sqldb', 'atrium.sqlite');
    const saved = process.umask(0);
    try {
      const db = openDatabase(path);
      db.exec('CREATE TABLE t (x)');
      db.close();
    } finally {
      process.umask(saved);
    }
    const modeOf = (p: string) => statSync(p).mode & 0o777;
    expect(modeOf(join(path, '..'))).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
  });

  it('leaves the mode of an existing database as the administrator set it', () => {
    const path = join(makeTempDir(), 'atrium.sqlite');
    openDatabase(path).close();
    chmodSync(path, 0o640);
    openDatabase(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('turns on WAL journaling, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(makeTempDir(), 'atrium.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('lets a second connection read while the first holds a write transaction', () => {
    const path = join(makeTempDir(), 'atrium.sqlite');
    const writer = openDatabase(path);
    writer.exec('CREATE TABLE t (x INTEGER)');
    writer.exec('INSERT INTO t VALUES (1)');
    const reader = openDatabase(path);

    writer.exec('BEGIN IMMEDIATE');
    writer.exec('INSERT INTO t VALUES (2)');
    const count = reader.prepare('SELECT COUNT(*) AS n FROM t').get();
    writer.exec('COMMIT');

    expect(count).toEqual({ n: 1 });
    writer.close();
    reader.close();
  });

  it('names the path when the database cannot be opened', () => {
    const dir = makeTempDir();
    expect(() => openDatabase(dir)).toThrow(
      expect.objectContaining({ code: 'CORE_DB_OPEN_FAILED' }),
    );
  });
});
