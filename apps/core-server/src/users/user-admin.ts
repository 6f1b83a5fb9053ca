import type { Database } from 'better-sqlite3';
import type { UserRecord } from '@atrium/protocol';
import { checkCredentials } from '../auth/check-credentials.js';
import type { LockPolicy } from '../auth/lock-policy.js';
import { coreError } from '../errors.js';
import {
  permissionsHeldBy,
  refuseAdminLosingRoles,
  keepUserManager,
  refuseRemovingAdmin,
  refuseResettingAdmin,
  refuseUngrantableRoles,
  refuseUnmanageableUser,
  type Actor,
} from './admin-rules.js';
import { refuseRecentPassword } from './password-history.js';
import { hashPassword } from './password-hash.js';
import { checkNewPassword, type PasswordRules } from './password-policy.js';
import { checkUserId } from './user-ids.js';
import {
  getUser,
  insertUser,
  removeUser,
  toUserRecord,
  updateUser,
  writePasswordHash,
  writeSuspended,
  type StoredUser,
  type UserChange,
} from './user-store.js';

export type { Actor } from './admin-rules.js';

/**
 * User administration shared by the admin RPC and the `users` command:
 * checks input, applies the limits of admin-rules.ts, hashes passwords and
 * writes the user tables. Callers log the AccessLog entry of the operation.
 *
 * `actor` is the administrator asking over RPC; null is the local `users`
 * command, run by the machine's operator, which only the rules that hold
 * for everyone limit (`admin` stays, someone keeps ManageUsers).
 */

/** A new local account as an administrator describes it. */
export interface AddUserInput {
  userId: string;
  password: string;
  roles: readonly string[];
  firstName?: string;
  lastName?: string;
  physicianId?: string;
  mustChangePassword?: boolean;
}

/** Creates a local user with a hashed password. */
export async function addUser(
  db: Database,
  input: AddUserInput,
  rules: PasswordRules,
  actor: Actor | null = null,
): Promise<UserRecord> {
  const userId = checkUserId(input.userId);
  const roles = checkRoleList(input.roles);
  if (actor) refuseUngrantableRoles(db, permissionsHeldBy(db, actor), roles);
  const password = checkNewPassword(input.password, rules);
  const passwordHash = await hashPassword(password);
  const user = insertUser(db, {
    userId,
    passwordHash,
    keepPasswords: rules.recentListSize,
    roles,
    firstName: checkName(input.firstName, 'firstName'),
    lastName: checkName(input.lastName, 'lastName'),
    physicianId: checkName(input.physicianId, 'physicianId'),
    mustChangePassword: input.mustChangePassword ?? false,
  });
  return toUserRecord(user);
}

/** What changeUser did. */
export interface UserChangeOutcome {
  user: UserRecord;
  /** The set of roles differs from before (their sessions should end). */
  rolesChanged: boolean;
}

/**
 * Changes a user's names, physician ID or roles. The built-in `admin`
 * keeps every role it holds, and someone active keeps ManageUsers.
 */
export function changeUser(
  db: Database,
  userId: string,
  change: UserChange,
  actor: Actor | null = null,
): UserChangeOutcome {
  const checked = {
    firstName: checkOptionalName(change.firstName, 'firstName'),
    lastName: checkOptionalName(change.lastName, 'lastName'),
    physicianId: checkOptionalName(change.physicianId, 'physicianId'),
    roles: change.roles === undefined ? undefined : checkRoleList(change.roles),
  };
  return db
    .transaction(() => {
      const before = getUser(db, userId);
      if (actor) {
        const held = permissionsHeldBy(db, actor);
        refuseUnmanageableUser(db, held, before);
        if (checked.roles) refuseUngrantableRoles(db, held, checked.roles);
      }
      if (checked.roles) refuseAdminLosingRoles(before, checked.roles);

      const after = keepUserManager(db, () =>
        updateUser(db, before.userId, checked),
      );
      return {
        user: toUserRecord(after),
        rolesChanged: !sameRoles(before.roles, after.roles),
      };
    })
    .immediate();
}

/**
 * An administrator sets someone's password. With
 * PasswordChangeRequiredAfterReset the user must change it at next login;
 * `alsoRequireChange` asks for that when the key is off, and cannot lift it
 * when it is on.
 * The recent-password list is not checked here (an administrator cannot
 * know it) but the reset password joins it, so a forced change cannot go
 * back to it.
 */
export async function resetPassword(
  db: Database,
  userId: string,
  password: string,
  rules: PasswordRules,
  options: { alsoRequireChange?: boolean; actor?: Actor | null } = {},
): Promise<void> {
  const actor = options.actor ?? null;
  const mustChangePassword =
    rules.changeRequiredAfterReset || options.alsoRequireChange === true;
  const user = getUser(db, userId);
  refuseResettingAdmin(user, actor);
  if (actor) refuseUnmanageableUser(db, permissionsHeldBy(db, actor), user);
  const checked = checkNewPassword(password, rules);
  const hash = await hashPassword(checked);
  writePasswordHash(
    db,
    user.userId,
    hash,
    mustChangePassword,
    rules.recentListSize,
  );
}

/**
 * A user changes their own password, proving they know the current one. A
 * wrong current password counts as a failed login (FailedLoginsBeforeTempLock
 * applies: the count that reaches the limit locks the account) and gives
 * CORE_AUTH_FAILED, or CORE_ACCOUNT_LOCKED once locked; a locked account
 * cannot change its password until the lock ends. The current password
 * itself and, with RecentPasswordListSize, any of the recent ones give
 * CORE_PASSWORD_REJECTED.
 */
export async function changeOwnPassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  rules: PasswordRules,
  lock: LockPolicy,
): Promise<void> {
  const check = await checkCredentials(
    db,
    userId,
    String(currentPassword),
    lock,
    rules,
  );
  if (!check.ok) throw ownPasswordRefusal(check.reason);

  const user = check.user;
  const checked = checkNewPassword(newPassword, rules);
  if (checked === currentPassword) {
    throw coreError(
      'CORE_PASSWORD_REJECTED',
      'The new password must differ from the current one',
    );
  }
  await refuseRecentPassword(db, user.userId, checked, rules.recentListSize);
  const hash = await hashPassword(checked);
  writePasswordHash(db, user.userId, hash, false, rules.recentListSize);
}

function ownPasswordRefusal(reason: string) {
  if (reason === 'locked') return coreError('CORE_ACCOUNT_LOCKED');
  if (reason === 'suspended') return coreError('CORE_ACCOUNT_SUSPENDED');
  if (reason === 'unknown-user') return coreError('CORE_SESSION_ENDED');
  return coreError('CORE_AUTH_FAILED', 'The current password is not correct');
}

/**
 * Suspends a user. Nobody suspends themselves or the built-in `admin`, and
 * someone active keeps ManageUsers.
 */
export function suspendUser(
  db: Database,
  userId: string,
  actor: Actor | null,
): UserRecord {
  return db
    .transaction(() => {
      const user = getUser(db, userId);
      refuseSelf(user, actor);
      refuseRemovingAdmin(user.userId, 'suspended');
      if (actor) refuseUnmanageableUser(db, permissionsHeldBy(db, actor), user);
      const suspended = keepUserManager(db, () =>
        writeSuspended(db, user.userId, true),
      );
      return toUserRecord(suspended);
    })
    .immediate();
}

/** Lifts a suspension. */
export function unsuspendUser(
  db: Database,
  userId: string,
  actor: Actor | null = null,
): UserRecord {
  const user = getUser(db, userId);
  if (actor) refuseUnmanageableUser(db, permissionsHeldBy(db, actor), user);
  return toUserRecord(writeSuspended(db, user.userId, false));
}

/** Lifts a lock-out and clears the failed-login count. */
export function unlockUser(db: Database, userId: string): UserRecord {
  const { userId: stored } = getUser(db, userId);
  db.prepare(
    `UPDATE users SET locked = 0, locked_until = NULL, failed_logins = 0
     WHERE user_id = ?`,
  ).run(stored);
  return toUserRecord(getUser(db, stored));
}

/**
 * Deletes a user. Nobody deletes themselves or the built-in `admin`, and
 * someone active keeps ManageUsers. Returns the stored user ID.
 */
export function deleteUser(
  db: Database,
  userId: string,
  actor: Actor | null,
): string {
  return db
    .transaction(() => {
      const user = getUser(db, userId);
      refuseSelf(user, actor);
      refuseRemovingAdmin(user.userId, 'deleted');
      if (actor) refuseUnmanageableUser(db, permissionsHeldBy(db, actor), user);
      keepUserManager(db, () => removeUser(db, user.userId));
      return user.userId;
    })
    .immediate();
}

function refuseSelf(user: StoredUser, actor: Actor | null): void {
  if (actor && user.userId.toLowerCase() === actor.userId.toLowerCase()) {
    throw coreError('CORE_SELF_ACTION');
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map((r) => r.toLowerCase()));
  return a.length === b.length && b.every((r) => set.has(r.toLowerCase()));
}

function checkRoleList(roles: unknown): string[] {
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'roles must be a list of role names',
    );
  }
  return roles;
}

function checkName(value: unknown, field: string): string {
  return checkOptionalName(value, field) ?? '';
}

function checkOptionalName(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    value.length > 128 ||
    /\p{Cc}/u.test(value)
  ) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      `${field} must be a text of at most 128 characters`,
    );
  }
  return value;
}
