import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '@atrium/tokens';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

let harness: CoreServerHarness;
afterEach(async () => harness?.stop());

describe('Authenticate over RPC', () => {
  it('returns a short-lived token, the session and the user with permissions', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Analyst']);
    const client = await harness.connect('client');

    const result = await client.authenticate('jdoe', 'jdoe-Pw1');
    expect(result.user).toMatchObject({
      userId: 'jdoe',
      roles: ['Analyst'],
      permissions: ['CopyWorkspace', 'SaveWorkspace', 'ViewStudy'],
    });
    const minutes = (Date.parse(result.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(result.token.split('.')).toHaveLength(3);
    expect(result.mustChangePassword).toBe(false);
  });

  it('gives an unknown user and a wrong password the same error', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');

    const unknown = await client.authenticate('nobody', 'x').catch((e) => e);
    const wrong = await client.authenticate('jdoe', 'x').catch((e) => e);
    expect(unknown).toMatchObject({ code: 'CORE_AUTH_FAILED' });
    expect(wrong.code).toBe(unknown.code);
    expect(wrong.message).toBe(unknown.message);

    // The log may say which it was.
    const reasons = harness
      .logEntries()
      .filter((e) => e.op === 'Authenticate' && e.status === 'Fail')
      .map((e) => e.reason);
    expect(reasons).toEqual(['unknown-user', 'wrong-password']);
  });

  it('locks the account after FailedLoginsBeforeTempLock failures until an administrator unlocks it', async () => {
    harness = await startHarness({
      settings: { lock: { failedLoginsBeforeLock: 2, lockSeconds: 3600 } },
    });
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');

    await expect(client.authenticate('jdoe', 'bad1')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    await expect(client.authenticate('jdoe', 'bad2')).rejects.toMatchObject({
      code: 'CORE_ACCOUNT_LOCKED',
    });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).rejects.toMatchObject(
      {
        code: 'CORE_ACCOUNT_LOCKED',
      },
    );

    const lockEntry = harness.logEntries().find((e) => e.op === 'LockUser');
    expect(lockEntry).toMatchObject({
      type: 'AccessLog',
      level: 'WARNING',
      user: 'jdoe',
      failedLogins: 2,
    });

    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD);
    const { users } = await admin.call('ListUsers', {});
    expect(users.find((u) => u.userId === 'jdoe')).toMatchObject({
      locked: true,
      failedLogins: 2,
    });
    const unlocked = await admin.call('UnlockUser', { userId: 'jdoe' });
    expect(unlocked.user).toMatchObject({ locked: false, failedLogins: 0 });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });

  it('with FailedLoginsBeforeTempLock -1 keeps the lock until an administrator unlocks', async () => {
    harness = await startHarness({
      settings: { lock: { failedLoginsBeforeLock: -1, lockSeconds: 1 } },
    });
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');
    for (const pw of ['a', 'b', 'c']) {
      await client.authenticate('jdoe', pw).catch(() => undefined);
    }
    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD);
    const { users } = await admin.call('ListUsers', {});
    expect(users.find((u) => u.userId === 'jdoe')).toMatchObject({
      locked: true,
      lockedUntil: null,
    });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).rejects.toMatchObject(
      {
        code: 'CORE_ACCOUNT_LOCKED',
      },
    );
    await admin.call('UnlockUser', { userId: 'jdoe' });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });

  it('tells a suspended user so only after the right password', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD);
    await admin.call('SuspendUser', { userId: 'jdoe' });

    const client = await harness.connect('client');
    await expect(client.authenticate('jdoe', 'wrong')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).rejects.toMatchObject(
      {
        code: 'CORE_ACCOUNT_SUSPENDED',
      },
    );
    await admin.call('UnsuspendUser', { userId: 'jdoe' });
    await expect(client.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
  });

  it('never writes a password to the log files', async () => {
    harness = await startHarness();
    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD);
    await admin.call('AddUser', {
      userId: 'jdoe',
      password: 'Unique-Pass-4711',
      roles: ['Viewer'],
    });
    await admin.call('SetPassword', {
      userId: 'jdoe',
      password: 'Reset-Pass-0815',
    });
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'Wrong-Pass-2222').catch(() => undefined);
    await client.authenticate('jdoe', 'Reset-Pass-0815');
    await client.call('ChangePassword', {
      currentPassword: 'Reset-Pass-0815',
      newPassword: 'Own-Pass-9999',
    });
    await client
      .authenticate('nobody', 'Stray-Pass-3333')
      .catch(() => undefined);

    const text = harness.logText();
    expect(text).toContain('"op":"AddUser"');
    for (const secret of [
      ADMIN_PASSWORD,
      'Unique-Pass-4711',
      'Reset-Pass-0815',
      'Wrong-Pass-2222',
      'Own-Pass-9999',
      'Stray-Pass-3333',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(client.token!);
  });
});

describe('tokens over RPC', () => {
  it('let a second connection (a worker) attach to the session', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');

    const worker = await harness.connect('client');
    const attached = await worker.attachToken(login.token);
    expect(attached).toMatchObject({
      sessionId: login.sessionId,
      user: { userId: 'jdoe', permissions: ['ViewStudy'] },
    });
    await expect(worker.listStudies()).resolves.toMatchObject({ studies: [] });
  });

  it('refuse an expired token and a forged one', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const expired = await signToken(
      {
        userId: 'jdoe',
        roles: ['Viewer'],
        permissions: ['ViewStudy'],
        sessionId: login.sessionId,
      },
      harness.keys.privateKey,
      { lifetimeMinutes: 1, now: new Date(Date.now() - 5 * 60_000) },
    );

    const worker = await harness.connect('client');
    await expect(worker.attachToken(expired.token)).rejects.toMatchObject({
      code: 'CORE_TOKEN_EXPIRED',
    });
    const [head, body] = login.token.split('.');
    await expect(
      worker.attachToken(`${head}.${body}.AAAA`),
    ).rejects.toMatchObject({
      code: 'CORE_TOKEN_INVALID',
    });
    await expect(worker.listStudies()).rejects.toMatchObject({
      code: 'CORE_NOT_AUTHENTICATED',
    });
  });

  it('are renewed for the same session while it lives', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');
    const login = await client.authenticate('jdoe', 'jdoe-Pw1');
    const renewed = await client.renewToken();
    expect(renewed.token).not.toBe('');

    const worker = await harness.connect('client');
    const attached = await worker.attachToken(renewed.token);
    expect(attached.sessionId).toBe(login.sessionId);
  });

  it('stop working when the session ends, and attached connections are told', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const worker = await harness.connect('client');
    await worker.attachToken(login.token);
    const ended = new Promise((resolve) =>
      worker.once('SessionEnded', resolve),
    );
    const closed = new Promise((resolve) => worker.once('close', resolve));

    await browser.logout();
    expect(await ended).toEqual({
      sessionId: login.sessionId,
      reason: 'logout',
    });
    expect(await closed).toBe(4001);
    await expect(browser.listStudies()).rejects.toMatchObject({
      code: 'CORE_NOT_AUTHENTICATED',
    });

    const late = await harness.connect('client');
    await expect(late.attachToken(login.token)).rejects.toMatchObject({
      code: 'CORE_SESSION_ENDED',
    });
  });

  it('end with the session of a user an administrator suspends', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'jdoe-Pw1');
    const ended = new Promise((resolve) =>
      client.once('SessionEnded', resolve),
    );

    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD);
    await admin.call('SuspendUser', { userId: 'jdoe' });
    expect(await ended).toMatchObject({ reason: 'suspended' });
  });
});
