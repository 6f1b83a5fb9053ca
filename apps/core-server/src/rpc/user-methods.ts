import { NOT_DISPLAYED } from '@atrium/log';
import type { SessionEndReason } from '@atrium/protocol';
import {
  endSession,
  endSessionsOfUser,
  findLiveSessionsOfUser,
} from '../auth/session-store.js';
import { MAX_PASSWORD_LENGTH } from '../users/password-policy.js';
import {
  addUser,
  type Actor,
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
  return { user: await addUser(db, input, settings.passwords, actorOf(call)) };
};

/**
 * UpdateUser: names, physician ID, roles. A change of roles ends the user's
 * sessions (SessionEnded 'roles-changed'), so it applies at once.
 */
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
  const outcome = changeUser(call.services.db, userId, change, actorOf(call));
  if (outcome.rolesChanged) {
    endUserSessions(call, outcome.user.userId, 'roles-changed');
  }
  return { user: outcome.user };
};

/**
 * SetPassword: an administrator resets someone's password, which ends that
 * user's sessions (SessionEnded 'password-reset').
 */
export const setPasswordMethod: MethodHandler = async (call, params) => {
  const userId = params.string('userId', 64);
  const password = params.string('password', MAX_PASSWORD_LENGTH);
  const mustChange = params.optionalBoolean('mustChangePassword');
  params.finish();
  call.note({ target: userId, password: NOT_DISPLAYED });
  const { db, settings } = call.services;
  await resetPassword(db, userId, password, settings.passwords, {
    alsoRequireChange: mustChange,
    actor: actorOf(call),
  });
  endUserSessions(call, getUser(db, userId).userId, 'password-reset');
  return {};
};

/** SuspendUser: refuses further logins and ends the user's sessions. */
export const suspendUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  const user = suspendUser(call.services.db, userId, actorOf(call));
  endUserSessions(call, user.userId, 'suspended');
  return { user };
};

/** UnsuspendUser: lifts a suspension. */
export const unsuspendUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  return { user: unsuspendUser(call.services.db, userId, actorOf(call)) };
};

/** UnlockUser: lifts a lock-out after failed logins. */
export const unlockUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  return { user: unlockUser(call.services.db, userId) };
};

/** DeleteUser: removes the account and ends its sessions. */
export const deleteUserMethod: MethodHandler = async (call, params) => {
  const userId = readTarget(call, params);
  const stored = deleteUser(call.services.db, userId, actorOf(call));
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

/** The logged-in administrator making the call, for admin-rules.ts. */
export function actorOf(call: CallContext): Actor {
  const { claims } = sessionOf(call);
  return { userId: claims.userId, permissions: claims.permissions };
}

/**
 * Ends a user's sessions and closes their connections. When administrators
 * act on themselves, the session making the call stays open so that it
 * gets its answer; it picks up its new roles at its next RenewToken.
 */
export function endUserSessions(
  call: CallContext,
  userId: string,
  reason: SessionEndReason,
): void {
  const { db, settings } = call.services;
  const own = call.connection.binding?.claims;
  const self = own?.userId.toLowerCase() === userId.toLowerCase();
  const ended = self
    ? findLiveSessionsOfUser(db, userId, settings.idleSeconds, new Date())
        .map((s) => s.sessionId)
        .filter((id) => id !== own?.sessionId)
    : endSessionsOfUser(db, userId, reason);
  if (self) for (const id of ended) endSession(db, id, reason);
  call.services.endSessions(ended, reason);
}
