import type { Database } from 'better-sqlite3';
import {
  spendVerificationTime,
  verifyPassword,
} from '../users/password-hash.js';
import {
  isPasswordExpired,
  type PasswordRules,
} from '../users/password-policy.js';
import {
  findUser,
  isLockActive,
  type StoredUser,
} from '../users/user-store.js';
import { lockRuleOf, type LockPolicy } from './lock-policy.js';

/** Why a login was refused; the log may say it, the caller may not. */
export type LoginRefusal =
  'unknown-user' | 'wrong-password' | 'locked' | 'suspended';

/** The outcome of checking a user name and password. */
export type CredentialCheck =
  | { ok: true; user: StoredUser; mustChangePassword: boolean }
  | {
      ok: false;
      reason: LoginRefusal;
      /** The stored user ID when the user exists. */
      userId: string | null;
      /**
       * With reason 'locked': when the lock ends (ISO 8601), or null when
       * it lasts until an administrator unlocks the account.
       */
      lockedUntil?: string | null;
      /** Set when this attempt locked the account. */
      lockedNow?: { until: string | null; failedLogins: number };
    };

/**
 * Checks a user name and password and applies the lock-out rules:
 * - an unknown user costs as much time as a wrong password;
 * - a locked account is refused without looking at the password;
 * - each wrong password counts, and the count that reaches the limit locks;
 * - a suspended account is named only after a correct password.
 */
export async function checkCredentials(
  db: Database,
  username: string,
  password: string,
  policy: LockPolicy,
  rules: PasswordRules,
  now = new Date(),
): Promise<CredentialCheck> {
  const user = findUser(db, username);
  if (!user) {
    await spendVerificationTime(password);
    return { ok: false, reason: 'unknown-user', userId: null };
  }
  if (isLockActive(user.lockFlag, user.lockedUntil, now)) {
    return {
      ok: false,
      reason: 'locked',
      userId: user.userId,
      lockedUntil: user.lockedUntil,
    };
  }

  if (!(await verifyPassword(password, user.passwordHash))) {
    const lockedNow = countFailure(db, user.userId, policy, now);
    if (!lockedNow) {
      return { ok: false, reason: 'wrong-password', userId: user.userId };
    }
    return {
      ok: false,
      reason: 'locked',
      userId: user.userId,
      lockedUntil: lockedNow.until,
      lockedNow,
    };
  }

  clearFailures(db, user.userId, now);
  if (user.suspended) {
    return { ok: false, reason: 'suspended', userId: user.userId };
  }
  const mustChangePassword =
    user.mustChangePassword ||
    isPasswordExpired(user.passwordChangedAt, rules, now);
  return { ok: true, user, mustChangePassword };
}

interface FailureRow {
  failed_logins: number;
  locked: number;
  locked_until: string | null;
}

/**
 * Counts one failure and locks when the limit is reached. Runs as one
 * write transaction so failures from two processes are all counted.
 */
function countFailure(
  db: Database,
  userId: string,
  policy: LockPolicy,
  now: Date,
): { until: string | null; failedLogins: number } | null {
  return db
    .transaction(() => {
      const row = db
        .prepare(
          'SELECT failed_logins, locked, locked_until FROM users WHERE user_id = ?',
        )
        .get(userId) as FailureRow | undefined;
      if (!row) return null;

      // A temporary lock that has run out starts a fresh count.
      const expired =
        row.locked === 1 && !isLockActive(true, row.locked_until, now);
      const failedLogins = (expired ? 0 : row.failed_logins) + 1;
      const rule = lockRuleOf(policy);
      const locks = rule !== null && failedLogins >= rule.afterFailures;
      const until =
        locks && rule.seconds !== null
          ? new Date(now.getTime() + rule.seconds * 1000).toISOString()
          : null;

      db.prepare(
        `UPDATE users SET failed_logins = ?, locked = ?, locked_until = ?
         WHERE user_id = ?`,
      ).run(failedLogins, locks ? 1 : 0, until, userId);
      return locks ? { until, failedLogins } : null;
    })
    .immediate();
}

function clearFailures(db: Database, userId: string, now: Date): void {
  db.prepare(
    `UPDATE users SET failed_logins = 0, locked = 0, locked_until = NULL,
       last_login_at = ? WHERE user_id = ?`,
  ).run(now.toISOString(), userId);
}
