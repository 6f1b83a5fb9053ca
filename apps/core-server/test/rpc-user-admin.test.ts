import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import type { SessionEndedEvent } from '@atrium/protocol';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

let harness: CoreServerHarness;
let admin: CoreClient;

beforeAll(async () => {
  harness = await startHarness();
  admin = await harness.connect('admin');
  await admin.authenticate('admin', ADMIN_PASSWORD);
}, 60_000);

afterAll(async () => harness?.stop());

/** Logs a user in on the client port. */
async function loginAs(userId: string, password = `${userId}-Pw1`) {
  const client = await harness.connect('client');
  await client.authenticate(userId, password, { closeOtherSessions: true });
  return client;
}

/** Resolves with the SessionEnded event a client receives. */
function sessionEnd(client: CoreClient): Promise<SessionEndedEvent> {
  return new Promise((resolve) => client.once('SessionEnded', resolve));
}

function permissionsIn(token: string): string[] {
  const payload = token.split('.')[1]!;
  return JSON.parse(Buffer.from(payload, 'base64url').toString()).perms;
}

describe('user administration over RPC', () => {
  it('keeps a User Administrator from giving or taking more than they hold', async () => {
    await harness.addUser('um1', ['User Administrator']);
    const um = await harness.connect('admin');
    await um.authenticate('um1', 'um1-Pw1');
    const refusal = (method: string, params: unknown) =>
      um.callUnchecked(method, params).then(
        () => 'allowed',
        (err: { code: string }) => err.code,
      );

    expect({
      addAdmin: await refusal('AddUser', {
        userId: 'evil',
        password: 'Evil-Pw1',
        roles: ['System Administrator', 'User Administrator'],
      }),
      promoteSelf: await refusal('UpdateUser', {
        userId: 'um1',
        roles: ['User Administrator', 'PACS Administrator'],
      }),
      resetAdmin: await refusal('SetPassword', {
        userId: 'admin',
        password: 'Hijack-Pw1',
      }),
      widenViewer: await refusal('UpdateRole', {
        name: 'Viewer',
        permissions: ['ViewStudy', 'ManageSystem'],
      }),
      deleteAdmin: await refusal('DeleteUser', { userId: 'admin' }),
      suspendAdmin: await refusal('SuspendUser', { userId: 'admin' }),
      addPeer: await refusal('AddUser', {
        userId: 'um2',
        password: 'Um2-Pw1',
        roles: ['User Administrator'],
      }),
      addClinician: await refusal('AddUser', {
        userId: 'cardio1',
        password: 'Cardio-Pw1',
        roles: ['Viewer', 'Analyst', 'Reporter'],
      }),
    }).toEqual({
      addAdmin: 'CORE_GRANT_REFUSED',
      promoteSelf: 'CORE_GRANT_REFUSED',
      resetAdmin: 'CORE_BUILT_IN_ADMIN',
      widenViewer: 'CORE_GRANT_REFUSED',
      deleteAdmin: 'CORE_BUILT_IN_ADMIN',
      suspendAdmin: 'CORE_BUILT_IN_ADMIN',
      addPeer: 'allowed',
      addClinician: 'allowed',
    });
    await um.close();
  });

  it('keeps the built-in admin and its roles even against itself', async () => {
    await expect(
      admin.call('UpdateUser', { userId: 'admin', roles: [] }),
    ).rejects.toMatchObject({ code: 'CORE_BUILT_IN_ADMIN' });
    await expect(
      admin.call('DeleteUser', { userId: 'admin' }),
    ).rejects.toMatchObject({ code: 'CORE_SELF_ACTION' });
    const { users } = await admin.call('ListUsers', {});
    expect(users.find((u) => u.userId === 'admin')!.roles).toHaveLength(8);
  });

  it('ends the sessions of a user whose roles change', async () => {
    await harness.addUser('tech1', ['Technician']);
    const tech = await loginAs('tech1');
    const ended = sessionEnd(tech);

    await admin.call('UpdateUser', { userId: 'tech1', roles: ['Viewer'] });
    expect((await ended).reason).toBe('roles-changed');
    await expect(tech.listStudies()).rejects.toBeDefined();

    // A change of names only leaves the session alone.
    const again = await loginAs('tech1');
    await admin.call('UpdateUser', { userId: 'tech1', lastName: 'Tech' });
    await expect(again.listStudies()).resolves.toBeDefined();
  });

  it('ends the sessions of a user whose password is reset', async () => {
    await harness.addUser('reset1', ['Viewer']);
    const user = await loginAs('reset1');
    const ended = sessionEnd(user);

    await admin.call('SetPassword', {
      userId: 'reset1',
      password: 'Reset1-New-Pw1',
    });
    expect((await ended).reason).toBe('password-reset');
    await loginAs('reset1', 'Reset1-New-Pw1');
  });

  it('ends the sessions of the users of a role that loses a permission', async () => {
    await admin.call('AddRole', {
      name: 'Readers',
      permissions: ['ViewStudy', 'Report'],
    });
    await harness.addUser('reader1', ['Readers']);
    const reader = await loginAs('reader1');
    const ended = sessionEnd(reader);

    await admin.call('UpdateRole', {
      name: 'Readers',
      permissions: ['ViewStudy'],
    });
    expect((await ended).reason).toBe('roles-changed');
  });

  it('renews a token with the roles and permissions of now', async () => {
    await admin.call('AddRole', {
      name: 'Growing',
      permissions: ['ViewStudy'],
    });
    await harness.addUser('grow1', ['Growing']);
    const user = await loginAs('grow1');
    expect(permissionsIn(user.token!)).toEqual(['ViewStudy']);

    await admin.call('UpdateRole', {
      name: 'Growing',
      permissions: ['ViewStudy', 'SaveWorkspace'],
    });
    const renewed = await user.renewToken();
    expect(permissionsIn(renewed.token)).toEqual([
      'SaveWorkspace',
      'ViewStudy',
    ]);

    // A suspension written behind the server's back stops the renewal.
    harness.db
      .prepare("UPDATE users SET suspended = 1 WHERE user_id = 'grow1'")
      .run();
    await expect(user.renewToken()).rejects.toMatchObject({
      code: 'CORE_SESSION_ENDED',
    });
  });

  it('counts a wrong current password in ChangePassword towards the lock', async () => {
    await harness.addUser('chpw1', ['Viewer']);
    const user = await loginAs('chpw1');
    const change = (currentPassword: string) =>
      user
        .call('ChangePassword', {
          currentPassword,
          newPassword: 'Chpw1-New-Pw1',
        })
        .then(
          () => 'changed',
          (err: { code: string }) => err.code,
        );

    // FailedLoginsBeforeTempLock is 3 in the harness.
    expect([
      await change('guess-1'),
      await change('guess-2'),
      await change('guess-3'),
      await change('chpw1-Pw1'),
    ]).toEqual([
      'CORE_AUTH_FAILED',
      'CORE_AUTH_FAILED',
      'CORE_ACCOUNT_LOCKED',
      'CORE_ACCOUNT_LOCKED',
    ]);
    const other = await harness.connect('client');
    await expect(
      other.authenticate('chpw1', 'chpw1-Pw1'),
    ).rejects.toMatchObject({ code: 'CORE_ACCOUNT_LOCKED' });
  });
});
