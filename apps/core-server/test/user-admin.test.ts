import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/users/password-hash.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import {
  addUser,
  changeOwnPassword,
  unlockUser,
  changeUser,
  deleteUser,
  resetPassword,
  suspendUser,
  unsuspendUser,
} from '../src/users/user-admin.js';
import { ensureAdminAccount } from '../src/users/admin-account.js';
import type { Actor } from '../src/users/admin-rules.js';
import { permissionsOfRoles } from '../src/users/role-store.js';
import { findUser, getUser, listUsers } from '../src/users/user-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

const rules = RELAXED_PASSWORD_RULES;
const lock = { failedLoginsBeforeLock: 3, lockSeconds: 60 };
let temp: TempDatabase;

beforeEach(() => {
  temp = openTempDatabase();
});
afterEach(() => temp.remove());

describe('user administration', () => {
  it('adds a user with names, physician ID, roles and a hashed password', async () => {
    const user = await addUser(
      temp.db,
      {
        userId: 'jdoe',
        password: 'pw-jdoe',
        roles: ['analyst', 'Viewer'],
        firstName: 'Jane',
        lastName: 'Doe',
        physicianId: 'P-17',
      },
      rules,
    );
    expect(user).toMatchObject({
      userId: 'jdoe',
      firstName: 'Jane',
      lastName: 'Doe',
      physicianId: 'P-17',
      roles: ['Viewer', 'Analyst'],
      suspended: false,
      locked: false,
      failedLogins: 0,
      mustChangePassword: false,
    });
    expect(user).not.toHaveProperty('passwordHash');
    const stored = getUser(temp.db, 'JDOE');
    expect(await verifyPassword('pw-jdoe', stored.passwordHash)).toBe(true);
  });

  it('refuses a second user with the same ID in another case', async () => {
    await addUser(temp.db, { userId: 'jdoe', password: 'a', roles: [] }, rules);
    await expect(
      addUser(temp.db, { userId: 'JDoe', password: 'b', roles: [] }, rules),
    ).rejects.toMatchObject({ code: 'CORE_USER_EXISTS' });
  });

  it('refuses an unknown role and leaves no half-made user', async () => {
    await expect(
      addUser(temp.db, { userId: 'x', password: 'a', roles: ['Pilot'] }, rules),
    ).rejects.toMatchObject({ code: 'CORE_ROLE_NOT_FOUND' });
    expect(findUser(temp.db, 'x')).toBeUndefined();
  });

  it('refuses user IDs with spaces or odd characters', async () => {
    for (const userId of ['', 'j doe', '-x', 'a/b', 'x'.repeat(65)]) {
      await expect(
        addUser(temp.db, { userId, password: 'a', roles: [] }, rules),
      ).rejects.toMatchObject({ code: 'CORE_INVALID_PARAMS' });
    }
  });

  it('changes names and roles and keeps what is left out', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'a', roles: ['Viewer'], firstName: 'Jane' },
      rules,
    );
    const { user: changed, rolesChanged } = changeUser(temp.db, 'jdoe', {
      lastName: 'Doe',
      roles: ['Reporter'],
    });
    expect(rolesChanged).toBe(true);
    expect(changed).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      roles: ['Reporter'],
    });
  });

  it('resets a password and asks for a change when the rules say so', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'old', roles: [] },
      rules,
    );
    await resetPassword(temp.db, 'jdoe', 'new', {
      ...rules,
      changeRequiredAfterReset: true,
    });
    const stored = getUser(temp.db, 'jdoe');
    expect(await verifyPassword('new', stored.passwordHash)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
  });

  it('lets a user change their own password only with the current one', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'old', roles: [], mustChangePassword: true },
      rules,
    );
    await expect(
      changeOwnPassword(temp.db, 'jdoe', 'wrong', 'new', rules, lock),
    ).rejects.toMatchObject({ code: 'CORE_AUTH_FAILED' });
    await changeOwnPassword(temp.db, 'jdoe', 'old', 'new', rules, lock);
    const stored = getUser(temp.db, 'jdoe');
    expect(await verifyPassword('new', stored.passwordHash)).toBe(true);
    expect(stored.mustChangePassword).toBe(false);
  });

  it('suspends and unsuspends, but never the acting administrator', async () => {
    await addUser(temp.db, { userId: 'jdoe', password: 'a', roles: [] }, rules);
    expect(suspendUser(temp.db, 'jdoe', null).suspended).toBe(true);
    expect(unsuspendUser(temp.db, 'jdoe').suspended).toBe(false);
    const self = { userId: 'jdoe', permissions: [] };
    expect(() => suspendUser(temp.db, 'JDOE', self)).toThrow(
      expect.objectContaining({ code: 'CORE_SELF_ACTION' }),
    );
  });

  it('deletes a user with their role links', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'a', roles: ['Viewer'] },
      rules,
    );
    deleteUser(temp.db, 'jdoe', null);
    expect(listUsers(temp.db)).toEqual([]);
    const links = temp.db.prepare('SELECT COUNT(*) AS n FROM user_roles').get();
    expect(links).toEqual({ n: 0 });
    expect(() => deleteUser(temp.db, 'jdoe', null)).toThrow(
      expect.objectContaining({ code: 'CORE_USER_NOT_FOUND' }),
    );
  });
});

/** Adds a user and returns them as the actor of an RPC call. */
async function actorWith(userId: string, roles: string[]): Promise<Actor> {
  await addUser(temp.db, { userId, password: 'pw', roles }, rules);
  return { userId, permissions: permissionsOfRoles(temp.db, roles) };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('the limits of user administration', () => {
  it('lets nobody give a role granting an administrator permission they do not hold', async () => {
    const um = await actorWith('um', ['User Administrator']);
    const add = (userId: string, roles: string[]) =>
      addUser(temp.db, { userId, password: 'pw', roles }, rules, um);

    await expect(add('evil', ['System Administrator'])).rejects.toMatchObject({
      code: 'CORE_GRANT_REFUSED',
      message: expect.stringContaining('"System Administrator"'),
    });
    expect(findUser(temp.db, 'evil')).toBeUndefined();
    // Clinical roles are what a User Administrator is there to hand out.
    await add('viewer', ['Viewer', 'Analyst']);
    await add('um2', ['User Administrator']);

    expect(
      codeOf(() =>
        changeUser(
          temp.db,
          'um',
          { roles: ['User Administrator', 'Data Administrator'] },
          um,
        ),
      ),
    ).toBe('CORE_GRANT_REFUSED');
    expect(getUser(temp.db, 'um').roles).toEqual(['User Administrator']);
  });

  it('lets an administrator manage only users whose permissions they all hold', async () => {
    const um = await actorWith('um', ['User Administrator']);
    await actorWith('sysadmin', ['System Administrator', 'User Administrator']);
    await actorWith('peer', ['User Administrator']);

    const refusals = [
      () => changeUser(temp.db, 'sysadmin', { lastName: 'X' }, um),
      () => suspendUser(temp.db, 'sysadmin', um),
      () => unsuspendUser(temp.db, 'sysadmin', um),
      () => deleteUser(temp.db, 'sysadmin', um),
    ];
    for (const refused of refusals) {
      expect(codeOf(refused)).toBe('CORE_GRANT_REFUSED');
    }
    await expect(
      resetPassword(temp.db, 'sysadmin', 'taken', rules, { actor: um }),
    ).rejects.toMatchObject({ code: 'CORE_GRANT_REFUSED' });
    expect(getUser(temp.db, 'sysadmin').suspended).toBe(false);

    expect(suspendUser(temp.db, 'peer', um).suspended).toBe(true);
    await resetPassword(temp.db, 'peer', 'fresh', rules, { actor: um });
  });

  it('uses the permissions the actor holds now, not those of an old token', async () => {
    const um = await actorWith('um', [
      'User Administrator',
      'Data Administrator',
    ]);
    changeUser(temp.db, 'um', { roles: ['User Administrator'] }, null);
    await expect(
      addUser(
        temp.db,
        { userId: 'v', password: 'pw', roles: ['Data Administrator'] },
        rules,
        um,
      ),
    ).rejects.toMatchObject({ code: 'CORE_GRANT_REFUSED' });
  });

  it('never deletes, suspends or takes a role from the built-in admin', async () => {
    await ensureAdminAccount(temp.db, rules, { ATRIUM_ADMIN_PASSWORD: 'pw' });
    const admin = getUser(temp.db, 'admin');
    const full: Actor = {
      userId: 'root2',
      permissions: permissionsOfRoles(temp.db, admin.roles),
    };
    await addUser(
      temp.db,
      { userId: 'root2', password: 'pw', roles: admin.roles },
      rules,
    );

    for (const actor of [full, null]) {
      expect(codeOf(() => deleteUser(temp.db, 'Admin', actor))).toBe(
        'CORE_BUILT_IN_ADMIN',
      );
      expect(codeOf(() => suspendUser(temp.db, 'admin', actor))).toBe(
        'CORE_BUILT_IN_ADMIN',
      );
      expect(
        codeOf(() =>
          changeUser(temp.db, 'admin', { roles: ['Viewer'] }, actor),
        ),
      ).toBe('CORE_BUILT_IN_ADMIN');
    }
    expect(getUser(temp.db, 'admin')).toMatchObject({
      roles: admin.roles,
      suspended: false,
    });

    const renamed = changeUser(temp.db, 'admin', { firstName: 'Ada' }, full);
    expect(renamed).toMatchObject({ rolesChanged: false });
  });

  it('lets only admin reset the admin password over RPC, and the users command', async () => {
    await ensureAdminAccount(temp.db, rules, { ATRIUM_ADMIN_PASSWORD: 'pw' });
    const roles = getUser(temp.db, 'admin').roles;
    const other = await actorWith('root2', roles);
    const self: Actor = { ...other, userId: 'admin' };

    await expect(
      resetPassword(temp.db, 'admin', 'hijack', rules, { actor: other }),
    ).rejects.toMatchObject({ code: 'CORE_BUILT_IN_ADMIN' });
    await resetPassword(temp.db, 'admin', 'own', rules, { actor: self });
    await resetPassword(temp.db, 'admin', 'recovered', rules);
    const stored = getUser(temp.db, 'admin');
    expect(await verifyPassword('recovered', stored.passwordHash)).toBe(true);
  });

  it('never takes ManageUsers from the last active user holding it', async () => {
    await actorWith('um', ['User Administrator']);
    await actorWith('viewer', ['Viewer']);

    expect(
      codeOf(() => changeUser(temp.db, 'um', { roles: ['Viewer'] }, null)),
    ).toBe('CORE_LAST_USER_MANAGER');
    expect(codeOf(() => suspendUser(temp.db, 'um', null))).toBe(
      'CORE_LAST_USER_MANAGER',
    );
    expect(codeOf(() => deleteUser(temp.db, 'um', null))).toBe(
      'CORE_LAST_USER_MANAGER',
    );
    expect(getUser(temp.db, 'um')).toMatchObject({
      roles: ['User Administrator'],
      suspended: false,
    });

    // With a second holder, either may go.
    await actorWith('um2', ['User Administrator']);
    expect(suspendUser(temp.db, 'um', null).suspended).toBe(true);
    expect(codeOf(() => deleteUser(temp.db, 'um2', null))).toBe(
      'CORE_LAST_USER_MANAGER',
    );
  });

  it('counts a wrong current password in ChangePassword as a failed login', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'old', roles: [] },
      rules,
    );
    const change = (current: string) =>
      changeOwnPassword(temp.db, 'jdoe', current, 'new', rules, lock);

    await expect(change('guess1')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    await expect(change('guess2')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    expect(getUser(temp.db, 'jdoe').failedLogins).toBe(2);
    await expect(change('guess3')).rejects.toMatchObject({
      code: 'CORE_ACCOUNT_LOCKED',
    });
    expect(getUser(temp.db, 'jdoe').locked).toBe(true);

    // Locked: even the right password waits for the lock to end.
    await expect(change('old')).rejects.toMatchObject({
      code: 'CORE_ACCOUNT_LOCKED',
    });
    unlockUser(temp.db, 'jdoe');
    await change('old');
    const stored = getUser(temp.db, 'jdoe');
    expect(await verifyPassword('new', stored.passwordHash)).toBe(true);
  });
});
