import type { Database } from 'better-sqlite3';
import type { UserRecord } from '@atrium/protocol';
import { coreError } from '../errors.js';
import { refuseRecentPassword } from './password-history.js';
import { hashPassword, verifyPassword } from './password-hash.js';
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
  type UserChange,
} from './user-store.js';

/**
 * User administration shared by the admin RPC and the `users` command:
 * checks input, hashes passwords and writes the user tables. Callers log
 * the AccessLog entry of the operation.
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
): Promise<UserRecord> {
  const userId = checkUserId(input.userId);
  const password = checkNewPassword(input.password, rules);
  const passwordHash = await hashPassword(password);
  const user = insertUser(db, {
    userId,
    passwordHash,
    keepPasswords: rules.recentListSize,
    roles: checkRoleList(input.roles),
    firstName: checkName(input.firstName, 'firstName'),
    lastName: checkName(input.lastName, 'lastName'),
    physicianId: checkName(input.physicianId, 'physicianId'),
    mustChangePassword: input.mustChangePassword ?? false,
  });
  return toUserRecord(user);
}

/** Changes a user's names, physician ID or roles. */
export function changeUser(
  db: Database,
  userId: string,
  change: UserChange,
): UserRecord {
  return toUserRecord(
    updateUser(db, userId, {
      firstName: checkOptionalName(change.firstName, 'firstName'),
      lastName: checkOptionalName(change.lastName, 'lastName'),
      physicianId: checkOptionalName(change.physicianId, 'physicianId'),
      roles:
        change.roles === undefined ? undefined : checkRoleList(change.roles),
    }),
  );
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
  alsoRequireChange = false,
): Promise<void> {
  const mustChangePassword =
    rules.changeRequiredAfterReset || alsoRequireChange;
  const user = getUser(db, userId);
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
 * wrong current password gives CORE_AUTH_FAILED; the current password
 * itself and, with RecentPasswordListSize, any of the recent ones give
 * CORE_PASSWORD_REJECTED.
 */
export async function changeOwnPassword(
  db: Database,
  userId: string,
  currentPassword: string,
  newPassword: string,
  rules: PasswordRules,
): Promise<void> {
  const user = getUser(db, userId);
  if (!(await verifyPassword(String(currentPassword), user.passwordHash))) {
    throw coreError('CORE_AUTH_FAILED', 'The current password is not correct');
  }
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

/** Suspends a user; an administrator cannot suspend themselves. */
export function suspendUser(
  db: Database,
  userId: string,
  actorId: string | null,
): UserRecord {
  refuseSelf(userId, actorId);
  return toUserRecord(writeSuspended(db, userId, true));
}

/** Lifts a suspension. */
export function unsuspendUser(db: Database, userId: string): UserRecord {
  return toUserRecord(writeSuspended(db, userId, false));
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

/** Deletes a user; an administrator cannot delete themselves. */
export function deleteUser(
  db: Database,
  userId: string,
  actorId: string | null,
): void {
  refuseSelf(userId, actorId);
  removeUser(db, userId);
}

function refuseSelf(userId: string, actorId: string | null): void {
  if (actorId !== null && userId.toLowerCase() === actorId.toLowerCase()) {
    throw coreError('CORE_SELF_ACTION');
  }
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
