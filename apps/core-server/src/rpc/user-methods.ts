import { NOT_DISPLAYED } from '@atrium/log';
import type { SessionEndReason } from '@atrium/protocol';
import { endSessionsOfUser } from '../auth/session-store.js';
import { MAX_PASSWORD_LENGTH } from '../users/password-policy.js';
import {
  addUser,
  changeUser,
  deleteUser,
  resetPassword,
  suspendUser,
  unlockUser,
  unsuspendUser,
} from '../users/user-admin.js';
import { getUser, listUsers } from '../users/user-store.js';
import {
  sessionOf,
  type CallContext,
  type MethodHandler,
} from './call-context.js';

/** ListUsers: every local user, without passwords. */
export const listUsersMethod: MethodHandler = async (call, params) => {
  params.finish();
  return { users: listUsers(call.services.db) };
};

/** AddUser: a new local account. */
export const addUserMethod: MethodHandler = async (call, params) => {
  const input = {
    userId: params.string('userId', 64),
    password: params.string('password', MAX_PASSWORD_LENGTH),
    roles: params.stringList('roles'),
    firstName: params.optionalString('firstName', 128),
    lastName: params.optionalString('lastName', 128),
    physicianId: params.optionalString('physicianId', 128),
    mustChangePassword: params.optionalBoolean('mustChangePassword'),
  };
  params.finish();
  call.note({
    target: input.userId,
    roles: input.roles,
    password: NOT_DISPLAYED,
  });
  const { db, settings } = call.services;
  return { user: await addUser(db, input, settings.passwords) };
};

/** UpdateUser: names, physician ID, roles (applied at next login). */
export const updateUserMethod: MethodHandler = async (call, params) => {
  const userId = params.string('userId', 64);
  const change = {
    firstName: params.optionalString('firstName', 128),
    lastName: params.optionalString('lastName', 128),
    physicianId: params.optionalString('physicianId', 128),
    roles: params.optionalStringList('roles'),
  };
  params.finish();
  call.note({ target: userId, ...(change.roles && { roles: change.roles }) });
  return { user: changeUser(call.services.db, userId, change) };
};

/** SetPassword: an administrator resets someone's password. */
export const setPasswordMethod: MethodHandler = async (call, params) => {
  const userId = params.string('userId', 64);
  const password = params.string('password', MAX_PASSWORD_LENGTH);
  const mustChange = params.optionalBoolean('mustChangePassword');
  params.finish();
  call.note({ target: userId, password: NOT_DISPLAYED });
  const { db, settings } = call.services;
  await resetPassword(db, userId, password, settings.passwords, mustChange);
  return {};
};

/** SuspendUser: refuses further logins and ends the user's sessions. */
export const suspendUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  const user = suspendUser(
    call.services.db,
    userId,
    sessionOf(call).claims.userId,
  );
  endUserSessions(call, user.userId, 'suspended');
  return { user };
};

/** UnsuspendUser: lifts a suspension. */
export const unsuspendUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  return { user: unsuspendUser(call.services.db, userId) };
};

/** UnlockUser: lifts a lock-out after failed logins. */
export const unlockUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  return { user: unlockUser(call.services.db, userId) };
};

/** DeleteUser: removes the account and ends its sessions. */
export const deleteUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  const { userId: stored } = getUser(call.services.db, userId);
  deleteUser(call.services.db, stored, sessionOf(call).claims.userId);
  endUserSessions(call, stored, 'deleted');
  return {};
};

function readTarget(
  call: CallContext,
  params: Parameters<MethodHandler>[1],
): string {
  const userId = params.string('userId', 64);
  params.finish();
  call.note({ target: userId });
  return userId;
}

function endUserSessions(
  call: CallContext,
  userId: string,
  reason: SessionEndReason,
): void {
  const ended = endSessionsOfUser(call.services.db, userId, reason);
  call.services.endSessions(ended, reason);
}
