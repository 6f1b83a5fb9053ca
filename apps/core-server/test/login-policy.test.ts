import { afterEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import {
  startHarnessWithRules,
  type CoreServerHarness,
  type HarnessOptions,
} from './support/core-server-harness.js';

// Each rule of the login policy, over RPC against a real server.

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

function changePassword(client: CoreClient, from: string, to: string) {
  return client.call('ChangePassword', {
    currentPassword: from,
    newPassword: to,
  });
}

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

describe('PasswordRulesEnforced', () => {
  it('asks every new password for 6 characters, a lower-case letter, an upper-case letter and a digit', async () => {
    const admin = await start({ enforced: true });
    const add = (password: string) =>
      admin.call('AddUser', { userId: 'jdoe', password, roles: ['Viewer'] });

    await expect(add('Abc12')).rejects.toMatchObject({
      code: 'CORE_PASSWORD_REJECTED',
      message: 'The password needs at least 6 characters',
    });
    await expect(add('abcde1')).rejects.toMatchObject({
      message: 'The password needs an upper-case letter',
    });
    await expect(add('ABCDE1')).rejects.toMatchObject({
      message: 'The password needs a lower-case letter',
    });
    await expect(add('Abcdef')).rejects.toMatchObject({
      message: 'The password needs a digit',
    });
    await add('Abcde1');

    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'Abcde1');
    await expect(
      changePassword(client, 'Abcde1', 'abcdef'),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });
    await expect(
      admin.call('SetPassword', { userId: 'jdoe', password: 'short' }),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });
    await changePassword(client, 'Abcde1', 'Zyxwv9');
  });

  it('is off by default, as DESIGN.md says of the password keys', async () => {
    const admin = await start({});
    await expect(
      admin.call('AddUser', { userId: 'jdoe', password: 'a', roles: [] }),
    ).resolves.toMatchObject({ user: { userId: 'jdoe' } });
  });
});

describe('PasswordExpiryThreshold', () => {
  it('makes a user whose password is older change it before anything else', async () => {
    await start({ expiryDays: 30 });
    await harness.addUser('jdoe', ['Viewer']);
    harness.db
      .prepare('UPDATE users SET password_changed_at = ? WHERE user_id = ?')
      .run(daysAgo(31), 'jdoe');

    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');
    expect(login.mustChangePassword).toBe(true);

    // The server enforces it, on this connection and on a worker's alike.
    await expect(browser.listStudies()).rejects.toMatchObject({
      code: 'CORE_PASSWORD_CHANGE_REQUIRED',
    });
    await expect(browser.getUserPreferences()).rejects.toMatchObject({
      code: 'CORE_PASSWORD_CHANGE_REQUIRED',
    });
    const worker = await harness.connect('client');
    const attached = await worker.attachToken(login.token);
    expect(attached.mustChangePassword).toBe(true);
    await expect(worker.getFrame('1.2.3', 0)).rejects.toMatchObject({
      code: 'CORE_PASSWORD_CHANGE_REQUIRED',
    });
    await expect(browser.renewToken()).resolves.toMatchObject({
      token: expect.any(String),
    });

    await changePassword(browser, 'jdoe-Pw1', 'jdoe-Pw2');
    await expect(browser.listStudies()).resolves.toMatchObject({ studies: [] });
    await expect(worker.listStudies()).resolves.toMatchObject({ studies: [] });

    await browser.logout();
    const again = await browser.authenticate('jdoe', 'jdoe-Pw2');
    expect(again.mustChangePassword).toBe(false);
  });

  it('leaves a password younger than the threshold alone', async () => {
    await start({ expiryDays: 30 });
    await harness.addUser('jdoe', ['Viewer']);
    harness.db
      .prepare('UPDATE users SET password_changed_at = ? WHERE user_id = ?')
      .run(daysAgo(29), 'jdoe');
    const client = await harness.connect('client');
    const login = await client.authenticate('jdoe', 'jdoe-Pw1');
    expect(login.mustChangePassword).toBe(false);
    await expect(client.listStudies()).resolves.toBeTruthy();
  });

  it('refuses to keep the expired password as the new one', async () => {
    await start({ expiryDays: 30 });
    await harness.addUser('jdoe', ['Viewer']);
    harness.db
      .prepare('UPDATE users SET password_changed_at = ? WHERE user_id = ?')
      .run(daysAgo(40), 'jdoe');
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'jdoe-Pw1');
    await expect(
      changePassword(client, 'jdoe-Pw1', 'jdoe-Pw1'),
    ).rejects.toMatchObject({
      code: 'CORE_PASSWORD_REJECTED',
      message: 'The new password must differ from the current one',
    });
  });
});

describe('RecentPasswordListSize', () => {
  it('refuses any of the last N passwords and allows an older one again', async () => {
    await start({ recentListSize: 3 });
    await harness.addUser('jdoe', ['Viewer'], 'Pass-A1');
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'Pass-A1');

    await changePassword(client, 'Pass-A1', 'Pass-B1');
    await changePassword(client, 'Pass-B1', 'Pass-C1');
    // The list holds A, B and C.
    await expect(
      changePassword(client, 'Pass-C1', 'Pass-A1'),
    ).rejects.toMatchObject({
      code: 'CORE_PASSWORD_REJECTED',
      message: 'The password must differ from your last 3 passwords',
    });
    await changePassword(client, 'Pass-C1', 'Pass-D1');
    // Now B, C and D: A has left the list.
    await expect(
      changePassword(client, 'Pass-D1', 'Pass-B1'),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });
    await changePassword(client, 'Pass-D1', 'Pass-A1');

    const kept = harness.db
      .prepare('SELECT COUNT(*) FROM password_history WHERE user_id = ?')
      .pluck()
      .get('jdoe');
    expect(kept).toBe(3);
    const hashes = harness.db
      .prepare('SELECT password_hash FROM password_history')
      .pluck()
      .all() as string[];
    for (const hash of hashes) expect(hash).toMatch(/^scrypt\$/);
  });

  it('keeps no list at 0, so only the current password is refused', async () => {
    await start({ recentListSize: 0 });
    await harness.addUser('jdoe', ['Viewer'], 'Pass-A1');
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'Pass-A1');
    await changePassword(client, 'Pass-A1', 'Pass-B1');
    await changePassword(client, 'Pass-B1', 'Pass-A1');
    const kept = harness.db
      .prepare('SELECT COUNT(*) FROM password_history')
      .pluck()
      .get();
    expect(kept).toBe(0);
  });

  it('puts an administrator’s reset on the list, so a forced change cannot return to it', async () => {
    const admin = await start({
      recentListSize: 2,
      changeRequiredAfterReset: true,
    });
    await harness.addUser('jdoe', ['Viewer'], 'Pass-A1');
    await admin.call('SetPassword', { userId: 'jdoe', password: 'Reset-1' });
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'Reset-1');
    await expect(
      changePassword(client, 'Reset-1', 'Pass-A1'),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });
    await changePassword(client, 'Reset-1', 'Pass-Z9');
  });
});

describe('PasswordChangeRequiredAfterReset', () => {
  it('on: an administrator’s SetPassword forces a change at the next login', async () => {
    const admin = await start({ changeRequiredAfterReset: true });
    await harness.addUser('jdoe', ['Viewer']);
    // Asking not to require it cannot lift the key.
    await admin.call('SetPassword', {
      userId: 'jdoe',
      password: 'Reset-Pw1',
      mustChangePassword: false,
    });
    const { users } = await admin.call('ListUsers', {});
    expect(users.find((u) => u.userId === 'jdoe')).toMatchObject({
      mustChangePassword: true,
    });

    const client = await harness.connect('client');
    const login = await client.authenticate('jdoe', 'Reset-Pw1');
    expect(login.mustChangePassword).toBe(true);
    await expect(client.listStudies()).rejects.toMatchObject({
      code: 'CORE_PASSWORD_CHANGE_REQUIRED',
    });
    await changePassword(client, 'Reset-Pw1', 'Own-Pw1');
    await expect(client.listStudies()).resolves.toBeTruthy();
  });

  it('off: a reset needs no change unless the administrator asks for one', async () => {
    const admin = await start({ changeRequiredAfterReset: false });
    await harness.addUser('jdoe', ['Viewer']);
    await harness.addUser('ann', ['Viewer']);
    await admin.call('SetPassword', { userId: 'jdoe', password: 'Reset-Pw1' });
    await admin.call('SetPassword', {
      userId: 'ann',
      password: 'Reset-Pw2',
      mustChangePassword: true,
    });

    const jdoe = await harness.connect('client');
    expect(
      (await jdoe.authenticate('jdoe', 'Reset-Pw1')).mustChangePassword,
    ).toBe(false);
    const ann = await harness.connect('client');
    expect(
      (await ann.authenticate('ann', 'Reset-Pw2')).mustChangePassword,
    ).toBe(true);
  });
});
