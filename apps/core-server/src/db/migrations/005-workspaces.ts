import type { Migration } from '../migration.js';

/**
 * workspaces: each user's saved measurements on a study, one row per user
 * and study, replaced as a whole on each save. The study is named by UID
 * rather than by key so a workspace survives the study being removed and
 * imported again.
 */
export const workspacesMigration: Migration = {
  version: 5,
  name: 'saved measurements per user and study',
  up(db) {
    db.exec(`
      CREATE TABLE workspaces (
        user_id TEXT NOT NULL COLLATE NOCASE
          REFERENCES users (user_id) ON DELETE CASCADE ON UPDATE CASCADE,
        study_uid TEXT NOT NULL,
        measurements TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (user_id, study_uid)
      );
    `);
  },
};
