import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminAccount } from '../src/users/admin-account.js';
import type { Actor } from '../src/users/admin-rules.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { addRoleAs, changeRole } from '../src/users/role-admin.js';
import { findRole, permissionsOfRoles } from '../src/users/role-store.js';
import { addUser } from '../src/users/user-admin.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

const rules = RELAXED_PASSWORD_RULES;
let temp: TempDatabase;
beforeEach(() => {
  temp = openTempDatabase();
});
afterEach(() => temp.remove());

async function actorWith(userId: string, roles: string[]): Promise<Actor> {
  await addUser(temp.db, { userId, password: 'pw', roles }, rules);
  return { userId, permissions: permissionsOfRoles(temp.db, roles) };
}

describe('role administration', () => {
  it('writes only permissions the administrator holds', async () => {
    const um = await actorWith('um', ['User Administrator']);

    expect(() =>
      addRoleAs(temp.db, { name: 'Root', permissions: ['ManageSystem'] }, um),
    ).toThrow(expect.objectContaining({ code: 'CORE_GRANT_REFUSED' }));
    expect(findRole(temp.db, 'Root')).toBeUndefined();
    expect(
      addRoleAs(temp.db, { name: 'Unlocker', permissions: ['UnlockUsers'] }, um)
        .permissions,
    ).toEqual(['UnlockUsers']);

    expect(() =>
      changeRole(
        temp.db,
        {
          name: 'User Administrator',
          permissions: ['ManageUsers', 'ManagePacs'],
        },
        um,
      ),
    ).toThrow(expect.objectContaining({ code: 'CORE_GRANT_REFUSED' }));
    expect(findRole(temp.db, 'User Administrator')!.permissions).toEqual([
      'ManageUsers',
      'UnlockUsers',
    ]);
  });

  it('lets nobody change a role that grants more than they hold', async () => {
    const um = await actorWith('um', ['User Administrator']);
    for (const change of [
      { name: 'Viewer', permissions: ['ViewStudy', 'ManageSystem'] },
      { name: 'System Administrator', newName: 'Sys' },
      { name: 'PACS Administrator', directoryGroups: 'CN=Everyone' },
    ]) {
      expect(() => changeRole(temp.db, change, um)).toThrow(
        expect.objectContaining({ code: 'CORE_GRANT_REFUSED' }),
      );
    }
    expect(findRole(temp.db, 'Viewer')!.permissions).toEqual(['ViewStudy']);
    expect(findRole(temp.db, 'PACS Administrator')!.directoryGroups).toBe('');
  });

  it('refuses to take ManageUsers from the last users holding it', async () => {
    await ensureAdminAccount(temp.db, rules, { ATRIUM_ADMIN_PASSWORD: 'pw' });
    const admin: Actor = {
      userId: 'admin',
      permissions: permissionsOfRoles(temp.db, ['User Administrator']),
    };
    expect(() =>
      changeRole(
        temp.db,
        { name: 'User Administrator', permissions: ['UnlockUsers'] },
        admin,
      ),
    ).toThrow(expect.objectContaining({ code: 'CORE_LAST_USER_MANAGER' }));
    expect(findRole(temp.db, 'User Administrator')!.permissions).toContain(
      'ManageUsers',
    );
  });

  it('names the users of a role that lost a permission, and nobody otherwise', async () => {
    const root = await actorWith('root', [
      'Analyst',
      'Reporter',
      'User Administrator',
    ]);
    await actorWith('ana', ['Analyst']);
    await actorWith('rita', ['Reporter']);

    const added = changeRole(
      temp.db,
      {
        name: 'Analyst',
        permissions: ['ViewStudy', 'SaveWorkspace', 'CopyWorkspace', 'Report'],
      },
      root,
    );
    expect(added.usersLosing).toEqual([]);

    const cut = changeRole(
      temp.db,
      { name: 'Analyst', permissions: ['ViewStudy'] },
      root,
    );
    expect(cut.role.permissions).toEqual(['ViewStudy']);
    expect(cut.usersLosing).toEqual(['ana', 'root']);
  });
});
