import { listRoles } from '../users/role-store.js';
import { addRoleAs, changeRole } from '../users/role-admin.js';
import type { MethodHandler } from './call-context.js';
import { actorOf, endUserSessions } from './user-methods.js';

/** ListRoles: every role with its permissions and directory mapping. */
export const listRolesMethod: MethodHandler = async (call, params) => {
  params.finish();
  return { roles: listRoles(call.services.db) };
};

/** AddRole: a custom role, with permissions the caller holds. */
export const addRoleMethod: MethodHandler = async (call, params) => {
  const role = {
    name: params.string('name', 64),
    permissions: params.stringList('permissions'),
    directoryGroups: params.optionalString('directoryGroups', 1024),
  };
  params.finish();
  call.note({ role: role.name, permissions: role.permissions });
  return { role: addRoleAs(call.services.db, role, actorOf(call)) };
};

/**
 * UpdateRole: rename, change permissions or the directory mapping. Taking
 * a permission away ends the sessions of the users holding the role
 * (SessionEnded 'roles-changed'); added permissions reach them at their
 * next RenewToken.
 */
export const updateRoleMethod: MethodHandler = async (call, params) => {
  const change = {
    name: params.string('name', 64),
    newName: params.optionalString('newName', 64),
    permissions: params.optionalStringList('permissions'),
    directoryGroups: params.optionalString('directoryGroups', 1024),
  };
  params.finish();
  call.note({
    role: change.name,
    ...(change.newName && { newName: change.newName }),
    ...(change.permissions && { permissions: change.permissions }),
  });
  const outcome = changeRole(call.services.db, change, actorOf(call));
  for (const userId of outcome.usersLosing) {
    endUserSessions(call, userId, 'roles-changed');
  }
  return { role: outcome.role };
};
