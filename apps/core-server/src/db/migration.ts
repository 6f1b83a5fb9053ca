import type { Database } from 'better-sqlite3';

/**
 * One step of the schema. Versions are whole numbers that only grow; a
 * migration runs once, inside a transaction, and is recorded in the
 * schema_version table.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
