import { describe, expect, it } from 'vitest';
import {
  INDEFINITE_LOCK_FAILURES,
  lockRuleOf,
} from '../src/auth/lock-policy.js';

describe('the lock rule', () => {
  it('locks after the count for the duration', () => {
    expect(lockRuleOf({ failedLoginsBeforeLock: 3, lockSeconds: 60 })).toEqual({
      afterFailures: 3,
      seconds: 60,
    });
  });

  it('never locks with a count of 0', () => {
    expect(
      lockRuleOf({ failedLoginsBeforeLock: 0, lockSeconds: 60 }),
    ).toBeNull();
  });

  it('locks after three failures until an administrator unlocks with a count of -1', () => {
    expect(INDEFINITE_LOCK_FAILURES).toBe(3);
    expect(lockRuleOf({ failedLoginsBeforeLock: -1, lockSeconds: 60 })).toEqual(
      { afterFailures: 3, seconds: null },
    );
  });

  it('never turns a duration into a lock without end', () => {
    expect(lockRuleOf({ failedLoginsBeforeLock: 5, lockSeconds: 0 })).toEqual({
      afterFailures: 5,
      seconds: 1,
    });
  });
});
