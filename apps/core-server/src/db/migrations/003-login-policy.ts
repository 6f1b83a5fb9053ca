import type { Migration } from '../migration.js';

/**
 * What the login policy and the viewer need beyond migration 2:
 * - password_history: the last RecentPasswordListSize password hashes of
 *   each user (the current one included), so a reuse can be refused;
 * - sessions.password_change_required: a session opened with a reset or
 *   expired password may only change it until it does;
 * - user_preferences: one JSON object per user that the viewer owns.
 */
export const loginPolicyMigration: Migration = {
  version: 3,
  name: 'password history, forced password change, user preferences',
  up(db) {
    db.exec(`
      CREATE TABLE password_history (
        id INTEGER PRIMARY KEY,
        user_id TEXT NOT NULL COLLATE NOCASE
          REFERENCES users (user_id) ON DELETE CASCADE ON UPDATE CASCADE,
        password_hash TEXT NOT NULL,
        set_at TEXT NOT NULL
      );
      CREATE INDEX password_history_by_user ON password_history (user_id, id);

      ALTER TABLE sessions
        ADD COLUMN password_change_required INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE user_preferences (
        user_id TEXT PRIMARY KEY COLLATE NOCASE
          REFERENCES users (user_id) ON DELETE CASCADE ON UPDATE CASCADE,
        preferences TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
    `);
  },
};
