/**
 * User administration messages of the Core Server RPC. They exist only on
 * the admin port, and each checks its own administrator permission.
 */
import type { Permission } from './permissions.js';

/** A local user as administrators see it (never with a password). */
export interface UserRecord {
  userId: string;
  firstName: string;
  lastName: string;
  physicianId: string;
  roles: string[];
  suspended: boolean;
  /** Locked out after failed logins. */
  locked: boolean;
  /**
   * When a temporary lock ends (ISO 8601); null when not locked or when the
   * lock lasts until an administrator unlocks the account.
   */
  lockedUntil: string | null;
  failedLogins: number;
  /** When the password was last set (ISO 8601). */
  passwordChangedAt: string;
  mustChangePassword: boolean;
  createdAt: string;
}

export type ListUsersParams = Record<string, never>;
export interface ListUsersResult {
  users: UserRecord[];
}

/** AddUser: a new local account. */
export interface AddUserParams {
  userId: string;
  password: string;
  roles: string[];
  firstName?: string;
  lastName?: string;
  physicianId?: string;
  /** Ask the user to choose a new password at first login. */
  mustChangePassword?: boolean;
}

/** UpdateUser: fields left out keep their value. Roles apply at the next
 * login of the user. */
export interface UpdateUserParams {
  userId: string;
  firstName?: string;
  lastName?: string;
  physicianId?: string;
  roles?: string[];
}

export interface UserResult {
  user: UserRecord;
}

/** SetPassword: an administrator sets (resets) someone's password. */
export interface SetPasswordParams {
  userId: string;
  password: string;
  /**
   * Ask for a change at next login even when the server's
   * PasswordChangeRequiredAfterReset is off; false cannot lift that key.
   */
  mustChangePassword?: boolean;
}

/** SuspendUser, UnsuspendUser, UnlockUser, DeleteUser. */
export interface UserIdParams {
  userId: string;
}

export type EmptyResult = Record<string, never>;

/** A role as administrators see it. */
export interface RoleRecord {
  name: string;
  permissions: Permission[];
  /** Directory (LDAP) group mapping string; empty when none. */
  directoryGroups: string;
  /** One of the default roles of DESIGN.md. */
  builtIn: boolean;
}

export type ListRolesParams = Record<string, never>;
export interface ListRolesResult {
  roles: RoleRecord[];
}

export interface AddRoleParams {
  name: string;
  permissions: Permission[];
  directoryGroups?: string;
}

/** UpdateRole: rename, change permissions or the directory mapping. */
export interface UpdateRoleParams {
  name: string;
  newName?: string;
  permissions?: Permission[];
  directoryGroups?: string;
}

export interface RoleResult {
  role: RoleRecord;
}
