import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  FIRST_RUN_VALUES,
  loadServerConfig,
  resolveDataDir,
  type ServerConfig,
} from '@atrium/config';
import { createLogger, type Logger } from '@atrium/log';
import { migrateDatabase } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import { makePrivateFolderSync } from './private-files.js';

/** What every Core Server command works with. */
export interface CoreContext {
  /** The data directory (ATRIUM_DATA, else data/ at the repository root). */
  dataDir: string;
  /** serverconfig.ini as loaded (written with defaults on a first run). */
  config: ServerConfig;
  log: Logger;
  /** The SQLite database, migrated to the current schema. */
  db: Database;
  /** Closes the database and the log file. */
  close(): void;
}

export interface CoreContextOptions {
  /** Data directory; resolveDataDir() when left out. */
  dataDir?: string;
  /**
   * Names the log file `<processName>.log` in LogFilePath. Each process
   * needs its own name (the logger rotates its file by name), so the import
   * command and the server use different ones. Default 'core-server'.
   */
  processName?: string;
  /**
   * Shows a warning about the configuration (an empty serverconfig.ini)
   * to whoever started the command; it is logged at WARNING as well.
   * Writes `atrium-core: WARNING: ...` to stderr by default.
   */
  warn?: (warning: string) => void;
}

/**
 * Loads serverconfig.ini, opens the log and the database (migrating it),
 * for the server and the command-line tools alike. The folders that hold
 * sensitive data are created for the owner only (see private-files.ts).
 */
export function openCoreContext(options: CoreContextOptions = {}): CoreContext {
  const dataDir = options.dataDir ?? resolveDataDir();
  // A file written on a first run uses DICOM port 11112: 104 needs root.
  const config = loadServerConfig(dataDir, {
    firstRun: FIRST_RUN_VALUES.serverConfig,
  });
  const { general } = config;
  for (const folder of listPrivateFolders(dataDir, config)) {
    makePrivateFolderSync(folder);
  }
  const log = createLogger({
    processName: options.processName ?? 'core-server',
    dir: general.logFilePath,
    debugLog: general.debugLog,
    archive: {
      intervalType: general.logArchiveIntervalType,
      customIntervalDays: general.logArchiveCustomInterval,
    },
  });

  const warn = options.warn ?? printWarning;
  for (const warning of config.warnings) {
    log.warn('Configuration warning', { file: config.file, warning });
    warn(warning);
  }

  let db: Database;
  try {
    db = openMigratedDatabase(general.sqlDatabasePath, log);
  } catch (err) {
    log.error('Database could not be opened', err, {
      database: general.sqlDatabasePath,
    });
    log.close();
    throw err;
  }

  return {
    dataDir,
    config,
    log,
    db,
    close() {
      if (db.open) db.close();
      log.close();
    },
  };
}

/**
 * Folders of password hashes and sessions, images, quarantined files,
 * received objects and logs. Created here, before anything writes in them,
 * so their modes do not depend on which part of the server writes first.
 */
function listPrivateFolders(dataDir: string, config: ServerConfig): string[] {
  const { general } = config;
  return [
    dirname(general.sqlDatabasePath),
    general.imageDbPath,
    join(dataDir, 'quarantine'),
    join(general.dataFilePath, 'incoming'),
    general.logFilePath,
  ];
}

function printWarning(warning: string): void {
  process.stderr.write(`atrium-core: WARNING: ${warning}\n`);
}

function openMigratedDatabase(path: string, log: Logger): Database {
  const db = openDatabase(path);
  try {
    const migration = migrateDatabase(db);
    if (migration.applied.length > 0) {
      log.info('Database schema migrated', {
        database: path,
        from: migration.from,
        to: migration.to,
        applied: migration.applied,
      });
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
