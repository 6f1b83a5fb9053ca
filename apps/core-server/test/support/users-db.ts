import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';

/** A migrated SQLite database in a fresh temporary folder. */
export interface TempDatabase {
  dir: string;
  path: string;
  db: Database;
  remove(): void;
}

/** Opens a real, migrated database file in a temporary folder. */
export function openTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-users-'));
  const path = join(dir, 'atrium.sqlite');
  const db = openDatabase(path);
  migrateDatabase(db);
  return {
    dir,
    path,
    db,
    remove() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
