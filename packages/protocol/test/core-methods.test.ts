import { describe, expect, it } from 'vitest';
import {
  CORE_METHOD_NAMES,
  CORE_METHODS,
  isCoreMethod,
} from '../src/core-methods.js';
import { ADMIN_PERMISSIONS, isPermission } from '../src/permissions.js';

describe('the Core Server method catalogue', () => {
  it('puts user administration on the admin port only', () => {
    const admin = [
      'ListUsers',
      'AddUser',
      'UpdateUser',
      'SetPassword',
      'SuspendUser',
      'UnsuspendUser',
      'UnlockUser',
      'DeleteUser',
      'ListRoles',
      'AddRole',
      'UpdateRole',
    ] as const;
    for (const name of admin) {
      const access = CORE_METHODS[name];
      expect(access.ports).toEqual(['admin']);
      expect(Array.isArray(access.requires)).toBe(true);
      for (const p of access.requires as string[]) {
        expect(ADMIN_PERMISSIONS).toContain(p);
      }
    }
  });

  it('names only known permissions', () => {
    for (const name of CORE_METHOD_NAMES) {
      const { requires } = CORE_METHODS[name];
      if (typeof requires === 'string') continue;
      expect(requires.length).toBeGreaterThan(0);
      for (const p of requires) expect(isPermission(p)).toBe(true);
    }
  });

  it('recognises its own method names and nothing inherited', () => {
    expect(isCoreMethod('GetFrame')).toBe(true);
    expect(isCoreMethod('toString')).toBe(false);
    expect(isCoreMethod(42)).toBe(false);
  });

  it('lets a session that must change its password first reach only ChangePassword, RenewToken and Logout', () => {
    const allowed = CORE_METHOD_NAMES.filter(
      (name) => CORE_METHODS[name].beforePasswordChange,
    );
    expect(allowed.sort()).toEqual(['ChangePassword', 'Logout', 'RenewToken']);
  });
});
