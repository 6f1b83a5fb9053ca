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

  it('locks until an administrator unlocks with a count of -1', () => {
    expect(lockRuleOf({ failedLoginsBeforeLock: -1, lockSeconds: 60 })).toEqual(
      {
        afterFailures: INDEFINITE_LOCK_FAILURES,
        seconds: null,
      },
    );
  });

  it('locks until an administrator unlocks with a duration of -1', () => {
    expect(lockRuleOf({ failedLoginsBeforeLock: 5, lockSeconds: -1 })).toEqual({
      afterFailures: 5,
      seconds: null,
    });
  });
});
