import { DEFAULT_ROLES } from '@atrium/protocol';
import type { Migration } from '../migration.js';

/**
 * Local users, roles and sessions. Roles have a numeric key so a rename
 * touches one row; their permissions are a JSON array of permission names.
 * A lock-out is `locked = 1` with `locked_until` (ISO 8601) for a temporary
 * lock or NULL for one that lasts until an administrator unlocks. The
 * default roles of DESIGN.md are created here, marked built_in.
 */
export const usersMigration: Migration = {
  version: 2,
  name: 'users, roles and sessions',
  up(db) {
    db.exec(`
      CREATE TABLE roles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        permissions TEXT NOT NULL DEFAULT '[]',
        directory_groups TEXT NOT NULL DEFAULT '',
        built_in INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE users (
        user_id TEXT PRIMARY KEY COLLATE NOCASE,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        physician_id TEXT NOT NULL DEFAULT '',
        password_hash TEXT NOT NULL,
        password_changed_at TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        last_login_at TEXT
      );

      CREATE TABLE user_roles (
        user_id TEXT NOT NULL COLLATE NOCASE
          REFERENCES users (user_id) ON DELETE CASCADE ON UPDATE CASCADE,
        role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, role_id)
      );

      CREATE TABLE sessions (
        session_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL COLLATE NOCASE,
        client TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT
      );
      CREATE INDEX sessions_by_user ON sessions (user_id, ended_at);

      -- One-time facts about the user database (for example that the
      -- first-run admin account was made), so they are not redone.
      CREATE TABLE user_db_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);

    const now = new Date().toISOString();
    const insert = db.prepare(
      `INSERT INTO roles (name, permissions, directory_groups, built_in, created_at)
       VALUES (?, ?, ?, 1, ?)`,
    );
    for (const role of DEFAULT_ROLES) {
      insert.run(
        role.name,
        JSON.stringify(role.permissions),
        role.directoryGroups,
        now,
      );
    }
  },
};
