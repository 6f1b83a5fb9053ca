import { addRole, listRoles, updateRole } from '../users/role-store.js';
import type { MethodHandler } from './call-context.js';

/** ListRoles: every role with its permissions and directory mapping. */
export const listRolesMethod: MethodHandler = async (call, params) => {
  params.finish();
  return { roles: listRoles(call.services.db) };
};

/** AddRole: a custom role. */
export const addRoleMethod: MethodHandler = async (call, params) => {
  const role = {
    name: params.string('name', 64),
    permissions: params.stringList('permissions'),
    directoryGroups: params.optionalString('directoryGroups', 1024),
  };
  params.finish();
  call.note({ role: role.name, permissions: role.permissions });
  return { role: addRole(call.services.db, role) };
};

/** UpdateRole: rename, change permissions or the directory mapping. */
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
  });
  return { role: updateRole(call.services.db, change) };
};
