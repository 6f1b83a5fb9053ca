import type { Database } from 'better-sqlite3';
import {
  isPermission,
  PERMISSIONS,
  type Permission,
  type RoleRecord,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import { checkRoleName } from './user-ids.js';

interface RoleRow {
  id: number;
  name: string;
  permissions: string;
  directory_groups: string;
  built_in: number;
}

/** Every role, default roles first in the order of DESIGN.md. */
export function listRoles(db: Database): RoleRecord[] {
  const rows = db
    .prepare('SELECT * FROM roles ORDER BY built_in DESC, id')
    .all() as RoleRow[];
  return rows.map(toRoleRecord);
}

/** One role by name (matched without regard to case). */
export function findRole(db: Database, name: string): RoleRecord | undefined {
  const row = db.prepare('SELECT * FROM roles WHERE name = ?').get(name) as
    RoleRow | undefined;
  return row && toRoleRecord(row);
}

/** What a new role needs. */
export interface NewRole {
  name: string;
  permissions: readonly string[];
  directoryGroups?: string;
}

/** Creates a custom role. */
export function addRole(db: Database, role: NewRole): RoleRecord {
  const name = checkRoleName(role.name);
  const permissions = checkPermissions(role.permissions);
  if (findRole(db, name)) {
    throw coreError(
      'CORE_ROLE_EXISTS',
      `A role named "${name}" already exists`,
    );
  }

  db.prepare(
    `INSERT INTO roles (name, permissions, directory_groups, built_in, created_at)
     VALUES (?, ?, ?, 0, ?)`,
  ).run(
    name,
    JSON.stringify(permissions),
    checkDirectoryGroups(role.directoryGroups ?? ''),
    new Date().toISOString(),
  );
  return findRole(db, name)!;
}

/** Changes to a role; fields left out keep their value. */
export interface RoleChange {
  name: string;
  newName?: string;
  permissions?: readonly string[];
  directoryGroups?: string;
}

/**
 * Renames a role or changes its permissions or directory mapping. Default
 * roles can be changed too: DESIGN.md lets administrators adapt them.
 */
export function updateRole(db: Database, change: RoleChange): RoleRecord {
  const current = findRole(db, change.name);
  if (!current) throw roleNotFound(change.name);

  const name =
    change.newName === undefined ? current.name : checkRoleName(change.newName);
  const clash = findRole(db, name);
  if (clash && clash.name.toLowerCase() !== current.name.toLowerCase()) {
    throw coreError(
      'CORE_ROLE_EXISTS',
      `A role named "${name}" already exists`,
    );
  }
  const permissions =
    change.permissions === undefined
      ? current.permissions
      : checkPermissions(change.permissions);
  const groups =
    change.directoryGroups === undefined
      ? current.directoryGroups
      : checkDirectoryGroups(change.directoryGroups);

  db.prepare(
    `UPDATE roles SET name = ?, permissions = ?, directory_groups = ?
     WHERE name = ?`,
  ).run(name, JSON.stringify(permissions), groups, current.name);
  return findRole(db, name)!;
}

/**
 * Resolves role names to their stored spelling; throws CORE_ROLE_NOT_FOUND
 * naming the first unknown one.
 */
export function resolveRoleNames(
  db: Database,
  names: readonly string[],
): string[] {
  const resolved = new Set<string>();
  for (const name of names) {
    const role = findRole(db, name.trim());
    if (!role) throw roleNotFound(name);
    resolved.add(role.name);
  }
  return [...resolved];
}

/** The union of the permissions of some roles, sorted. */
export function permissionsOfRoles(
  db: Database,
  roleNames: readonly string[],
): Permission[] {
  const permissions = new Set<Permission>();
  for (const name of roleNames) {
    for (const p of findRole(db, name)?.permissions ?? []) permissions.add(p);
  }
  return [...permissions].sort();
}

/** Names of every role; the first-run admin account holds them all. */
export function allRoleNames(db: Database): string[] {
  return listRoles(db).map((r) => r.name);
}

function toRoleRecord(row: RoleRow): RoleRecord {
  const parsed: unknown = JSON.parse(row.permissions);
  const permissions = Array.isArray(parsed) ? parsed.filter(isPermission) : [];
  return {
    name: row.name,
    permissions,
    directoryGroups: row.directory_groups,
    builtIn: row.built_in === 1,
  };
}

function checkPermissions(permissions: readonly unknown[]): Permission[] {
  if (!Array.isArray(permissions)) {
    throw coreError('CORE_INVALID_PARAMS', 'permissions must be a list');
  }
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      `Unknown permission ${JSON.stringify(unknown[0])}; known: ${knownPermissions()}`,
    );
  }
  return [...new Set(permissions as Permission[])].sort();
}

function knownPermissions(): string {
  return PERMISSIONS.join(', ');
}

function checkDirectoryGroups(groups: unknown): string {
  if (typeof groups !== 'string' || groups.length > 1024) {
    throw coreError(
      'CORE_INVALID_PARAMS',
      'directoryGroups is a text of at most 1024 characters',
    );
  }
  return groups;
}

function roleNotFound(name: string) {
  return coreError('CORE_ROLE_NOT_FOUND', `No role is named "${name}"`);
}
