import { chmodSync, closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AtriumError } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { makePrivateFolderSync, PRIVATE_FILE_MODE } from '../private-files.js';

/** How long a writer waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (and creates, with its folders) the Core Server's SQLite database.
 * WAL journaling lets the import command write while the server reads; the
 * busy timeout makes a second writer wait instead of failing at once. A new
 * database is created readable by its owner only (it holds password hashes
 * and sessions); SQLite gives its -wal and -shm files the same mode.
 */
export function openDatabase(path: string): Database {
  let db: Database | undefined;
  try {
    if (path !== ':memory:') createPrivately(path);
    db = new BetterSqlite3(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only a power
    // loss can drop the last transactions, which an import can simply redo.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof AtriumError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw coreError(
      'CORE_DB_OPEN_FAILED',
      `The database ${path} could not be opened: ${reason}`,
    );
  }
}

/** Creates the folders and an empty database file with owner-only modes. */
function createPrivately(path: string): void {
  makePrivateFolderSync(dirname(path));
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    // An existing database keeps the mode it has.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  closeSync(fd);
  chmodSync(path, PRIVATE_FILE_MODE);
}
