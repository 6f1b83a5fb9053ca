/**
 * Lock-out after failed logins, from FailedLoginsBeforeTempLock and
 * FailedLoginTempLockDuration of serverconfig.ini.
 */
export interface LockPolicy {
  /**
   * FailedLoginsBeforeTempLock: consecutive failures that lock the account.
   * 0 never locks; -1 locks until an administrator unlocks (after
   * INDEFINITE_LOCK_FAILURES failures, since -1 names no count).
   */
  failedLoginsBeforeLock: number;
  /**
   * FailedLoginTempLockDuration in seconds; -1 (or any value below 1) also
   * locks until an administrator unlocks.
   */
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
  const seconds = policy.lockSeconds >= 1 ? policy.lockSeconds : null;
  return { afterFailures: count, seconds };
}
