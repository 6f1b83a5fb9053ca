import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addRole,
  listRoles,
  permissionsOfRoles,
  resolveRoleNames,
  updateRole,
} from '../src/users/role-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

let temp: TempDatabase;
beforeEach(() => {
  temp = openTempDatabase();
});
afterEach(() => temp.remove());

describe('roles', () => {
  it('start as the default table of DESIGN.md', () => {
    const roles = listRoles(temp.db);
    expect(roles.map((r) => r.name)).toEqual([
      'Viewer',
      'Technician',
      'Analyst',
      'Reporter',
      'Data Administrator',
      'User Administrator',
      'System Administrator',
      'PACS Administrator',
    ]);
    expect(roles.every((r) => r.builtIn)).toBe(true);
    expect(
      roles.find((r) => r.name === 'Data Administrator')?.permissions,
    ).toEqual(['ViewStudy', 'CleanDatabase', 'UnlockUsers']);
  });

  it('can be added with known permissions and a directory mapping', () => {
    const role = addRole(temp.db, {
      name: 'Cardiologist',
      permissions: ['ViewStudy', 'Report', 'ViewStudy'],
      directoryGroups: 'CN=Cardiology,OU=Groups',
    });
    expect(role).toEqual({
      name: 'Cardiologist',
      permissions: ['Report', 'ViewStudy'],
      directoryGroups: 'CN=Cardiology,OU=Groups',
      builtIn: false,
    });
  });

  it('refuse unknown permissions and duplicate names', () => {
    expect(() =>
      addRole(temp.db, { name: 'X', permissions: ['LaunchRockets'] }),
    ).toThrow(expect.objectContaining({ code: 'CORE_INVALID_PARAMS' }));
    expect(() => addRole(temp.db, { name: 'viewer', permissions: [] })).toThrow(
      expect.objectContaining({ code: 'CORE_ROLE_EXISTS' }),
    );
  });

  it('can be renamed, and users keep the renamed role', () => {
    addRole(temp.db, { name: 'Fellow', permissions: ['ViewStudy'] });
    const renamed = updateRole(temp.db, {
      name: 'fellow',
      newName: 'Research Fellow',
      permissions: ['ViewStudy', 'SaveWorkspace'],
    });
    expect(renamed.name).toBe('Research Fellow');
    expect(resolveRoleNames(temp.db, ['research fellow'])).toEqual([
      'Research Fellow',
    ]);
    expect(() => updateRole(temp.db, { name: 'Fellow' })).toThrow(
      expect.objectContaining({ code: 'CORE_ROLE_NOT_FOUND' }),
    );
  });

  it('refuse a rename onto another role name', () => {
    expect(() =>
      updateRole(temp.db, { name: 'Viewer', newName: 'Analyst' }),
    ).toThrow(expect.objectContaining({ code: 'CORE_ROLE_EXISTS' }));
  });

  it('combine their permissions without repeats', () => {
    expect(permissionsOfRoles(temp.db, ['Viewer', 'Analyst'])).toEqual([
      'CopyWorkspace',
      'SaveWorkspace',
      'ViewStudy',
    ]);
  });
});
