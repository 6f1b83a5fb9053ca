import type { Database } from 'better-sqlite3';
import { ADMIN_PERMISSIONS, isPermission } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { ADMIN_USER_ID } from './admin-account.js';
import { permissionsOfRoles } from './role-store.js';
import { findUser, type StoredUser } from './user-store.js';

/**
 * The limits on user administration, whoever asks:
 *
 * - nobody gives an administrator permission (ManageUsers, ManageSystem,
 *   ...) they do not hold: AddUser and UpdateUser give only roles whose
 *   administrator permissions the caller holds, AddRole and UpdateRole
 *   write only such permissions, and a role can be changed only by someone
 *   holding all its administrator permissions. Clinical permissions
 *   (ViewStudy, Report, ...) are what a User Administrator hands out, so
 *   holding ManageUsers is enough to give them;
 * - an administrator manages (changes, resets, suspends, lifts the
 *   suspension of, deletes) only users whose administrator permissions
 *   they all hold themselves, so a User Administrator cannot take over a
 *   System Administrator's account;
 * - the built-in `admin` account cannot be deleted or suspended and never
 *   loses a role; only `admin` itself may reset its password over RPC (the
 *   local `users` command, run by the machine's operator, may, to recover
 *   a lost password);
 * - a change never takes ManageUsers from the last active (not suspended)
 *   user holding it.
 *
 * Lifting a lock-out (UnlockUser) gives nothing and is not limited here.
 */

/** Who asks for a change over RPC: the caller's user ID and permissions. */
export interface Actor {
  userId: string;
  /** The permissions of the caller's token. */
  permissions: readonly string[];
}

/**
 * The permissions an actor holds now: those of their token that their
 * current roles still give (an administrator whose roles were cut since
 * login has only what is left).
 */
export function permissionsHeldBy(db: Database, actor: Actor): Set<string> {
  const user = findUser(db, actor.userId);
  if (!user || user.suspended) return new Set();
  const current = new Set<string>(permissionsOfRoles(db, user.roles));
  return new Set(actor.permissions.filter((p) => current.has(p)));
}

/** Tells whether a permission is one of the administrator permissions. */
function isAdministrative(permission: unknown): boolean {
  return (ADMIN_PERMISSIONS as readonly unknown[]).includes(permission);
}

/** The first administrator permission of a list the actor lacks. */
function firstMissing(
  held: ReadonlySet<string>,
  permissions: readonly unknown[],
): unknown {
  return permissions.find(
    (p) => isPermission(p) && isAdministrative(p) && !held.has(p),
  );
}

/** Refuses roles that give an administrator permission the actor lacks. */
export function refuseUngrantableRoles(
  db: Database,
  held: ReadonlySet<string>,
  roleNames: readonly string[],
): void {
  for (const role of roleNames) {
    const missing = firstMissing(held, permissionsOfRoles(db, [role]));
    if (missing) {
      throw coreError(
        'CORE_GRANT_REFUSED',
        `You cannot give the role "${role}": it grants ${missing}, which you do not hold`,
      );
    }
  }
}

/**
 * Refuses administrator permissions the actor does not hold, in a role
 * they write or change. Unknown names are left for the role's own checks.
 */
export function refuseUngrantablePermissions(
  held: ReadonlySet<string>,
  permissions: readonly unknown[],
  roleName: string,
): void {
  const missing = firstMissing(held, permissions);
  if (missing) {
    throw coreError(
      'CORE_GRANT_REFUSED',
      `You cannot write or change the role "${roleName}": it would grant ${String(missing)}, which you do not hold`,
    );
  }
}

/** Refuses to let the actor manage a user holding more than they do. */
export function refuseUnmanageableUser(
  db: Database,
  held: ReadonlySet<string>,
  target: StoredUser,
): void {
  const missing = firstMissing(held, permissionsOfRoles(db, target.roles));
  if (missing) {
    throw coreError(
      'CORE_GRANT_REFUSED',
      `You cannot manage "${target.userId}": they hold ${String(missing)}, which you do not`,
    );
  }
}

/** Tells whether a user ID names the built-in `admin` account. */
export function isBuiltInAdmin(userId: string): boolean {
  return userId.toLowerCase() === ADMIN_USER_ID;
}

/** Refuses to delete or suspend the built-in `admin` account. */
export function refuseRemovingAdmin(userId: string, action: string): void {
  if (!isBuiltInAdmin(userId)) return;
  throw coreError(
    'CORE_BUILT_IN_ADMIN',
    `The built-in admin account cannot be ${action}`,
  );
}

/** Refuses a role list that would take a role away from `admin`. */
export function refuseAdminLosingRoles(
  target: StoredUser,
  newRoles: readonly string[],
): void {
  if (!isBuiltInAdmin(target.userId)) return;
  const kept = new Set(newRoles.map((r) => r.trim().toLowerCase()));
  const lost = target.roles.find((r) => !kept.has(r.toLowerCase()));
  if (lost) {
    throw coreError(
      'CORE_BUILT_IN_ADMIN',
      `The built-in admin account keeps every role it holds (this would take "${lost}")`,
    );
  }
}

/** Refuses anyone but `admin` itself a reset of `admin`'s password. */
export function refuseResettingAdmin(
  target: StoredUser,
  actor: Actor | null,
): void {
  if (actor === null || !isBuiltInAdmin(target.userId)) return;
  if (isBuiltInAdmin(actor.userId)) return;
  throw coreError(
    'CORE_BUILT_IN_ADMIN',
    'Only admin may reset the password of the built-in admin account',
  );
}

/**
 * Makes a change, then refuses it (throws, which undoes it when called
 * inside the change's write transaction) if it took ManageUsers away from
 * the last active user who held it. A database where nobody held it before
 * (the `users` command before the first start) is not refused.
 */
export function keepUserManager<T>(db: Database, change: () => T): T {
  const before = hasActiveUserManager(db);
  const result = change();
  if (before && !hasActiveUserManager(db)) {
    throw coreError('CORE_LAST_USER_MANAGER');
  }
  return result;
}

function hasActiveUserManager(db: Database): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM users u
       JOIN user_roles ur ON ur.user_id = u.user_id
       JOIN roles r ON r.id = ur.role_id
       WHERE u.suspended = 0 AND EXISTS (
         SELECT 1 FROM json_each(r.permissions) WHERE value = 'ManageUsers')
       LIMIT 1`,
    )
    .get();
  return row !== undefined;
}
