import { afterEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import {
  startHarnessWithRules,
  type CoreServerHarness,
  type HarnessOptions,
} from './support/core-server-harness.js';

// Lock-out, suspension and idle sessions of the login policy, over
// RPC against a real server.

let harness: CoreServerHarness;
afterEach(async () => harness?.stop());

async function start(
  passwords: Partial<typeof RELAXED_PASSWORD_RULES>,
  more: HarnessOptions['settings'] = {},
): Promise<CoreClient> {
  const started = await startHarnessWithRules(passwords, more);
  harness = started.harness;
  return started.admin;
}

describe('lock-out after failed logins', () => {
  it('locks after FailedLoginsBeforeTempLock failures for FailedLoginTempLockDuration, then opens by itself', async () => {
    await start({}, { lock: { failedLoginsBeforeLock: 2, lockSeconds: 1 } });
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');

    await expect(client.authenticate('jdoe', 'bad')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    const locking = await client.authenticate('jdoe', 'bad').catch((e) => e);
    const during = await client
      .authenticate('jdoe', 'jdoe-Pw1')
      .catch((e) => e);
    const lock = harness.logEntries().find((e) => e.op === 'LockUser')!;
    const until = Date.parse(lock.lockedUntil as string);
    expect(Number.isNaN(until)).toBe(false);

    // Both refusals say when the lock ends, as data and in words.
    for (const refusal of [locking, during]) {
      expect(refusal).toMatchObject({
        code: 'CORE_ACCOUNT_LOCKED',
        details: { lockedUntil: lock.lockedUntil },
      });
      expect(refusal.message).toContain(`until ${lock.lockedUntil as string}`);
    }

    // Wait out the one-second lock (a wait, not a measurement).
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, until - Date.now()) + 50),
    );
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });

  it('with -1 locks after three failures until an administrator unlocks', async () => {
    const admin = await start(
      {},
      { lock: { failedLoginsBeforeLock: -1, lockSeconds: 1 } },
    );
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');

    for (const code of [
      'CORE_AUTH_FAILED',
      'CORE_AUTH_FAILED',
      'CORE_ACCOUNT_LOCKED',
    ]) {
      await expect(client.authenticate('jdoe', 'bad')).rejects.toMatchObject({
        code,
      });
    }
    expect(harness.logEntries().find((e) => e.op === 'LockUser')).toMatchObject(
      { failedLogins: 3, lockedUntil: 'until unlocked' },
    );
    // Longer than FailedLoginTempLockDuration: the lock holds, and the
    // refusal says it has no end of its own.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).rejects.toMatchObject(
      {
        code: 'CORE_ACCOUNT_LOCKED',
        message: expect.stringContaining('until an administrator unlocks it'),
        details: { lockedUntil: null },
      },
    );
    await admin.call('UnlockUser', { userId: 'jdoe' });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });
});

describe('a suspended account', () => {
  it('is told so only after the correct password, and gets no session', async () => {
    const admin = await start({});
    await harness.addUser('jdoe', ['Viewer']);
    await admin.call('SuspendUser', { userId: 'jdoe' });

    const client = await harness.connect('client');
    await expect(client.authenticate('jdoe', 'nope')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).rejects.toMatchObject(
      {
        code: 'CORE_ACCOUNT_SUSPENDED',
        message: 'The account is suspended; ask an administrator',
      },
    );
    expect(client.token).toBeUndefined();
    await expect(client.listStudies()).rejects.toMatchObject({
      code: 'CORE_NOT_AUTHENTICATED',
    });
    const sessions = harness.db
      .prepare('SELECT COUNT(*) FROM sessions WHERE user_id = ?')
      .pluck()
      .get('jdoe');
    expect(sessions).toBe(0);
  });
});

describe('ConnectionTimeout', () => {
  it('ends an idle session, tells every connection on it and logs the end', async () => {
    await start({}, { idleSeconds: 1 });
    await harness.addUser('jdoe', ['Viewer']);
    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const worker = await harness.connect('client');
    await worker.attachToken(login.token);

    const told = await Promise.all(
      [browser, worker].map(
        (c) => new Promise((resolve) => c.once('SessionEnded', resolve)),
      ),
    );
    expect(told).toEqual([
      { sessionId: login.sessionId, reason: 'idle' },
      { sessionId: login.sessionId, reason: 'idle' },
    ]);

    const ended = harness
      .logEntries()
      .find((e) => e.op === 'EndSession' && e.user === 'jdoe');
    expect(ended).toMatchObject({
      type: 'AccessLog',
      status: 'Success',
      user: 'jdoe',
      session: login.sessionId,
      reason: 'idle',
      client: '127.0.0.1',
    });
    const late = await harness.connect('client');
    await expect(late.attachToken(login.token)).rejects.toMatchObject({
      code: 'CORE_SESSION_ENDED',
    });
    // An idle session does not count as a login elsewhere.
    await expect(late.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });
});
