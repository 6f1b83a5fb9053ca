import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/auth/check-credentials.js';
import type { LockPolicy } from '../src/auth/lock-policy.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { addUser, suspendUser, unlockUser } from '../src/users/user-admin.js';
import { getUser } from '../src/users/user-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

const rules = RELAXED_PASSWORD_RULES;
const threeThenMinute: LockPolicy = {
  failedLoginsBeforeLock: 3,
  lockSeconds: 60,
};
let temp: TempDatabase;

beforeEach(async () => {
  temp = openTempDatabase();
  await addUser(
    temp.db,
    { userId: 'jdoe', password: 'right', roles: ['Viewer'] },
    rules,
  );
});
afterEach(() => temp.remove());

function attempt(password: string, policy = threeThenMinute, now?: Date) {
  return checkCredentials(temp.db, 'jdoe', password, policy, rules, now);
}

describe('checking credentials', () => {
  it('accepts the right password', async () => {
    const result = await attempt('right');
    expect(result).toMatchObject({ ok: true, mustChangePassword: false });
  });

  it('gives unknown user and wrong password the same kind of refusal', async () => {
    const unknown = await checkCredentials(
      temp.db,
      'nobody',
      'x',
      threeThenMinute,
      rules,
    );
    const wrong = await attempt('wrong');
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown-user' });
    expect(wrong).toMatchObject({ ok: false, reason: 'wrong-password' });
  });

  it('locks after the configured number of failures, even for the right password', async () => {
    await attempt('w1');
    await attempt('w2');
    const third = await attempt('w3');
    expect(third).toMatchObject({
      ok: false,
      reason: 'locked',
      lockedNow: { failedLogins: 3 },
    });
    expect(await attempt('right')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect(getUser(temp.db, 'jdoe')).toMatchObject({
      locked: true,
      failedLogins: 3,
    });
  });

  it('ends a temporary lock by itself after FailedLoginTempLockDuration', async () => {
    for (const pw of ['a', 'b', 'c']) await attempt(pw);
    const { lockedUntil } = getUser(temp.db, 'jdoe');
    const justBefore = new Date(Date.parse(lockedUntil!) - 1000);
    const justAfter = new Date(Date.parse(lockedUntil!) + 1000);
    expect(await attempt('right', threeThenMinute, justBefore)).toMatchObject({
      reason: 'locked',
    });
    expect(await attempt('right', threeThenMinute, justAfter)).toMatchObject({
      ok: true,
    });
  });

  it('with -1 locks until an administrator unlocks', async () => {
    const untilUnlock: LockPolicy = {
      failedLoginsBeforeLock: -1,
      lockSeconds: 60,
    };
    for (const pw of ['a', 'b', 'c']) await attempt(pw, untilUnlock);
    const user = getUser(temp.db, 'jdoe');
    expect(user).toMatchObject({ locked: true, lockedUntil: null });

    const farFuture = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
    expect(await attempt('right', untilUnlock, farFuture)).toMatchObject({
      reason: 'locked',
    });
    unlockUser(temp.db, 'jdoe');
    expect(await attempt('right', untilUnlock)).toMatchObject({ ok: true });
  });

  it('never locks when FailedLoginsBeforeTempLock is 0', async () => {
    const never: LockPolicy = { failedLoginsBeforeLock: 0, lockSeconds: 60 };
    for (let i = 0; i < 6; i++) await attempt(`w${i}`, never);
    expect(await attempt('right', never)).toMatchObject({ ok: true });
  });

  it('resets the count after a successful login', async () => {
    await attempt('w1');
    await attempt('w2');
    await attempt('right');
    await attempt('w3');
    expect(getUser(temp.db, 'jdoe')).toMatchObject({
      failedLogins: 1,
      locked: false,
    });
  });

  it('names a suspension only after the right password', async () => {
    suspendUser(temp.db, 'jdoe', null);
    expect(await attempt('wrong')).toMatchObject({ reason: 'wrong-password' });
    expect(await attempt('right')).toMatchObject({
      ok: false,
      reason: 'suspended',
    });
  });

  it('asks for a password change when the password has expired', async () => {
    const later = new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const result = await checkCredentials(
      temp.db,
      'jdoe',
      'right',
      threeThenMinute,
      { ...rules, expiryDays: 30 },
      later,
    );
    expect(result).toMatchObject({ ok: true, mustChangePassword: true });
  });
});
