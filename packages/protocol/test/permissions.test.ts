import { describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  DEFAULT_ROLES,
  hasAdminPermission,
  isPermission,
} from '../src/permissions.js';

describe('default roles', () => {
  it('match the table of DESIGN.md', () => {
    const table = Object.fromEntries(
      DEFAULT_ROLES.map((r) => [r.name, [...r.permissions].sort()]),
    );
    expect(table).toEqual({
      Viewer: ['ViewStudy'],
      Technician: ['EditPatientData', 'ImportStudy', 'ViewStudy'],
      Analyst: ['CopyWorkspace', 'SaveWorkspace', 'ViewStudy'],
      Reporter: ['Report', 'ViewStudy'],
      'Data Administrator': ['CleanDatabase', 'UnlockUsers', 'ViewStudy'],
      'User Administrator': ['ManageUsers', 'UnlockUsers'],
      'System Administrator': ['ManageLogs', 'ManageSystem'],
      'PACS Administrator': ['ManagePacs'],
    });
  });

  it('grant only known permissions', () => {
    for (const role of DEFAULT_ROLES) {
      for (const p of role.permissions) expect(isPermission(p)).toBe(true);
    }
    expect(isPermission('Fly')).toBe(false);
  });
});

describe('administrator permissions', () => {
  it('are the six of DESIGN.md', () => {
    expect([...ADMIN_PERMISSIONS].sort()).toEqual([
      'CleanDatabase',
      'ManageLogs',
      'ManagePacs',
      'ManageSystem',
      'ManageUsers',
      'UnlockUsers',
    ]);
  });

  it('open the admin port for any one of them and not for viewing', () => {
    expect(hasAdminPermission(['ViewStudy', 'ManagePacs'])).toBe(true);
    expect(hasAdminPermission(['ViewStudy', 'SaveWorkspace'])).toBe(false);
    expect(hasAdminPermission([])).toBe(false);
  });
});
