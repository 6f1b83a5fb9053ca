import type { Database } from 'better-sqlite3';
import type { UserPreferences } from '@atrium/protocol';

/** A user's saved preferences and when they were saved. */
export interface StoredPreferences {
  preferences: UserPreferences;
  savedAt: string | null;
}

/** The preferences of a user; `{}` when none were saved. */
export function readPreferences(
  db: Database,
  userId: string,
): StoredPreferences {
  const row = db
    .prepare(
      'SELECT preferences, saved_at FROM user_preferences WHERE user_id = ?',
    )
    .get(userId) as { preferences: string; saved_at: string } | undefined;
  if (!row) return { preferences: {}, savedAt: null };
  return {
    preferences: JSON.parse(row.preferences) as UserPreferences,
    savedAt: row.saved_at,
  };
}

/** Replaces a user's preferences as a whole; returns when. */
export function writePreferences(
  db: Database,
  userId: string,
  preferences: UserPreferences,
  now = new Date(),
): string {
  const savedAt = now.toISOString();
  db.prepare(
    `INSERT INTO user_preferences (user_id, preferences, saved_at)
     VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE
       SET preferences = excluded.preferences, saved_at = excluded.saved_at`,
  ).run(userId, JSON.stringify(preferences), savedAt);
  return savedAt;
}
