import type { Database } from 'better-sqlite3';
import { coreError } from '../errors.js';
import { verifyPassword } from './password-hash.js';

/**
 * The last RecentPasswordListSize password hashes of each user, newest
 * first, the current password included. Only hashes are kept; a list size
 * of 0 keeps none.
 */

/** Records a user's new password hash and drops those beyond `keep`. */
export function recordPasswordHash(
  db: Database,
  userId: string,
  passwordHash: string,
  keep: number,
  now = new Date(),
): void {
  db.transaction(() => {
    if (keep > 0) {
      db.prepare(
        'INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)',
      ).run(userId, passwordHash, now.toISOString());
    }
    db.prepare(
      `DELETE FROM password_history WHERE user_id = ? AND id NOT IN (
         SELECT id FROM password_history WHERE user_id = ?
         ORDER BY id DESC LIMIT ?)`,
    ).run(userId, userId, Math.max(keep, 0));
  })();
}

/**
 * Throws CORE_PASSWORD_REJECTED when the password matches one of the
 * user's last `size` passwords.
 *
 * Known limitation: each kept hash costs one scrypt verification (about a
 * twentieth of a second and 32 MiB), so a list of 100 makes a password
 * change take seconds. The checks run on the thread pool, not the event
 * loop.
 */
export async function refuseRecentPassword(
  db: Database,
  userId: string,
  password: string,
  size: number,
): Promise<void> {
  if (size <= 0) return;
  const hashes = db
    .prepare(
      `SELECT password_hash FROM password_history WHERE user_id = ?
       ORDER BY id DESC LIMIT ?`,
    )
    .pluck()
    .all(userId, size) as string[];

  const matches = await Promise.all(
    hashes.map((hash) => verifyPassword(password, hash)),
  );
  if (matches.includes(true)) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      size === 1
        ? 'The new password must differ from the current one'
        : `The password must differ from your last ${size} passwords`,
    );
  }
}
