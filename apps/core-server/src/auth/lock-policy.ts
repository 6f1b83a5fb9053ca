import type { LockedAccountDetails } from '@atrium/protocol';
import { coreError } from '../errors.js';

/**
 * Lock-out after failed logins, from FailedLoginsBeforeTempLock and
 * FailedLoginTempLockDuration of serverconfig.ini, as DESIGN.md words them:
 *
 * - a count N of 1 or more: N consecutive failed logins lock the account
 *   for FailedLoginTempLockDuration seconds, after which it opens by itself
 *   (an administrator may unlock it sooner);
 * - 0: failed logins never lock the account;
 * - -1: the lock lasts until an administrator unlocks the account. -1 names
 *   no count, so the lock comes after INDEFINITE_LOCK_FAILURES (3, the
 *   key's default) consecutive failures, and FailedLoginTempLockDuration
 *   plays no part.
 *
 * A correct password resets the count; so does the end of a temporary lock.
 */
export interface LockPolicy {
  /** FailedLoginsBeforeTempLock: N, 0 or -1 as above. */
  failedLoginsBeforeLock: number;
  /** FailedLoginTempLockDuration: seconds of a temporary lock (1 or more). */
  lockSeconds: number;
}

/** Failures that lock an account when FailedLoginsBeforeTempLock is -1. */
export const INDEFINITE_LOCK_FAILURES = 3;

/** The rule in force: after how many failures, and for how long. */
export interface LockRule {
  afterFailures: number;
  /** Seconds, or null when the lock lasts until an administrator unlocks. */
  seconds: number | null;
}

/** Turns the two settings into a rule; null when accounts never lock. */
export function lockRuleOf(policy: LockPolicy): LockRule | null {
  const count = policy.failedLoginsBeforeLock;
  if (count === 0) return null;
  if (count < 0) {
    return { afterFailures: INDEFINITE_LOCK_FAILURES, seconds: null };
  }
  // The ini refuses durations below 1; a smaller value from elsewhere
  // still locks for at least a second rather than not at all.
  return { afterFailures: count, seconds: Math.max(policy.lockSeconds, 1) };
}

/**
 * CORE_ACCOUNT_LOCKED for a lock that ends at `lockedUntil` (ISO 8601), or
 * lasts until an administrator unlocks it (null). The end travels in the
 * error's details (LockedAccountDetails) for a client to word in the user's
 * own time zone; the message names it in UTC for clients that do not.
 */
export function accountLockedError(lockedUntil: string | null) {
  const details: LockedAccountDetails = { lockedUntil };
  const message =
    lockedUntil === null
      ? 'The account is locked after too many failed logins until an administrator unlocks it'
      : `The account is locked after too many failed logins until ${lockedUntil}; try again then or ask an administrator to unlock it`;
  return coreError('CORE_ACCOUNT_LOCKED', message, { ...details });
}
