import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/users/password-hash.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import {
  addUser,
  changeOwnPassword,
  changeUser,
  deleteUser,
  resetPassword,
  suspendUser,
  unsuspendUser,
} from '../src/users/user-admin.js';
import { findUser, getUser, listUsers } from '../src/users/user-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

const rules = RELAXED_PASSWORD_RULES;
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
    const changed = changeUser(temp.db, 'jdoe', {
      lastName: 'Doe',
      roles: ['Reporter'],
    });
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
      changeOwnPassword(temp.db, 'jdoe', 'wrong', 'new', rules),
    ).rejects.toMatchObject({ code: 'CORE_AUTH_FAILED' });
    await changeOwnPassword(temp.db, 'jdoe', 'old', 'new', rules);
    const stored = getUser(temp.db, 'jdoe');
    expect(await verifyPassword('new', stored.passwordHash)).toBe(true);
    expect(stored.mustChangePassword).toBe(false);
  });

  it('suspends and unsuspends, but never the acting administrator', async () => {
    await addUser(temp.db, { userId: 'jdoe', password: 'a', roles: [] }, rules);
    expect(suspendUser(temp.db, 'jdoe', 'admin').suspended).toBe(true);
    expect(unsuspendUser(temp.db, 'jdoe').suspended).toBe(false);
    expect(() => suspendUser(temp.db, 'JDOE', 'jdoe')).toThrow(
      expect.objectContaining({ code: 'CORE_SELF_ACTION' }),
    );
  });

  it('deletes a user with their role links', async () => {
    await addUser(
      temp.db,
      { userId: 'jdoe', password: 'a', roles: ['Viewer'] },
      rules,
    );
    deleteUser(temp.db, 'jdoe', 'admin');
    expect(listUsers(temp.db)).toEqual([]);
    const links = temp.db.prepare('SELECT COUNT(*) AS n FROM user_roles').get();
    expect(links).toEqual({ n: 0 });
    expect(() => deleteUser(temp.db, 'jdoe', 'admin')).toThrow(
      expect.objectContaining({ code: 'CORE_USER_NOT_FOUND' }),
    );
  });
});
