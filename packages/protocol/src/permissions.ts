/**
 * Permissions and the default role table of DESIGN.md ("Roles and
 * permissions"). A role is a named set of permissions; the Core Server checks
 * every RPC against the permissions of the caller's roles.
 */

/** Every permission a role can grant. */
export const PERMISSIONS = [
  'ViewStudy',
  'ImportStudy',
  'EditPatientData',
  'SaveWorkspace',
  'CopyWorkspace',
  'Report',
  'CleanDatabase',
  'UnlockUsers',
  'ManageUsers',
  'ManageSystem',
  'ManageLogs',
  'ManagePacs',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * The administrator permissions: the admin RPC port accepts only callers
 * holding at least one of them.
 */
export const ADMIN_PERMISSIONS: readonly Permission[] = [
  'CleanDatabase',
  'UnlockUsers',
  'ManageUsers',
  'ManageSystem',
  'ManageLogs',
  'ManagePacs',
];

/** A role as the Core Server stores and reports it. */
export interface RoleDefinition {
  name: string;
  permissions: Permission[];
  /** Directory (LDAP) groups whose members get this role; empty when none. */
  directoryGroups: string;
}

/** The roles every new Core Server starts with. */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  { name: 'Viewer', permissions: ['ViewStudy'], directoryGroups: '' },
  {
    name: 'Technician',
    permissions: ['ViewStudy', 'ImportStudy', 'EditPatientData'],
    directoryGroups: '',
  },
  {
    name: 'Analyst',
    permissions: ['ViewStudy', 'SaveWorkspace', 'CopyWorkspace'],
    directoryGroups: '',
  },
  {
    name: 'Reporter',
    permissions: ['ViewStudy', 'Report'],
    directoryGroups: '',
  },
  {
    name: 'Data Administrator',
    permissions: ['ViewStudy', 'CleanDatabase', 'UnlockUsers'],
    directoryGroups: '',
  },
  {
    name: 'User Administrator',
    permissions: ['ManageUsers', 'UnlockUsers'],
    directoryGroups: '',
  },
  {
    name: 'System Administrator',
    permissions: ['ManageSystem', 'ManageLogs'],
    directoryGroups: '',
  },
  {
    name: 'PACS Administrator',
    permissions: ['ManagePacs'],
    directoryGroups: '',
  },
];

/** Tells whether a string names a known permission. */
export function isPermission(value: unknown): value is Permission {
  return (
    typeof value === 'string' &&
    (PERMISSIONS as readonly string[]).includes(value)
  );
}

/** Tells whether a set of permissions opens the admin RPC port. */
export function hasAdminPermission(permissions: readonly string[]): boolean {
  return permissions.some((p) =>
    (ADMIN_PERMISSIONS as readonly string[]).includes(p),
  );
}
