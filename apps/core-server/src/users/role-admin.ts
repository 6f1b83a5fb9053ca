import type { Database } from 'better-sqlite3';
import type { RoleRecord } from '@atrium/protocol';
import {
  permissionsHeldBy,
  keepUserManager,
  refuseUngrantablePermissions,
  type Actor,
} from './admin-rules.js';
import {
  addRole,
  findRole,
  updateRole,
  type NewRole,
  type RoleChange,
} from './role-store.js';

/**
 * Role administration over RPC, within the limits of admin-rules.ts:
 * nobody writes a permission they do not hold, nobody changes a role
 * granting more than they hold, and someone active keeps ManageUsers.
 */

/** Creates a custom role holding only permissions the actor holds. */
export function addRoleAs(
  db: Database,
  role: NewRole,
  actor: Actor | null,
): RoleRecord {
  if (actor) {
    const held = permissionsHeldBy(db, actor);
    refuseUngrantablePermissions(held, role.permissions, role.name);
  }
  return addRole(db, role);
}

/** What changeRole did. */
export interface RoleChangeOutcome {
  role: RoleRecord;
  /**
   * Users holding the role when it lost a permission: their sessions
   * should end. Empty when nothing was taken away.
   */
  usersLosing: string[];
}

/** Renames a role or changes its permissions or directory mapping. */
export function changeRole(
  db: Database,
  change: RoleChange,
  actor: Actor | null,
): RoleChangeOutcome {
  return db
    .transaction(() => {
      const before = findRole(db, change.name);
      if (actor && before) {
        const held = permissionsHeldBy(db, actor);
        refuseUngrantablePermissions(held, before.permissions, before.name);
        refuseUngrantablePermissions(
          held,
          change.permissions ?? [],
          before.name,
        );
      }

      const role = keepUserManager(db, () => updateRole(db, change));
      const lost = (before?.permissions ?? []).some(
        (p) => !role.permissions.includes(p),
      );
      return { role, usersLosing: lost ? holdersOf(db, role.name) : [] };
    })
    .immediate();
}

function holdersOf(db: Database, roleName: string): string[] {
  const rows = db
    .prepare(
      `SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id
       WHERE r.name = ? ORDER BY ur.user_id`,
    )
    .all(roleName) as { user_id: string }[];
  return rows.map((r) => r.user_id);
}
