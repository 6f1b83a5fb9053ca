import type { RoleRecord, UserRecord } from '@atrium/protocol';

/** The user table of `users list`: one line per user with their state. */
export function formatUsers(users: UserRecord[]): string {
  const rows = users.map((u) => [
    u.userId,
    [u.firstName, u.lastName].filter(Boolean).join(' '),
    u.roles.join(', '),
    stateOf(u),
    String(u.failedLogins),
  ]);
  return formatTable(
    ['USER ID', 'NAME', 'ROLES', 'STATE', 'FAILED LOGINS'],
    rows,
  );
}

function stateOf(user: UserRecord): string {
  if (user.suspended) return 'suspended';
  if (user.locked) {
    return user.lockedUntil
      ? `locked until ${user.lockedUntil}`
      : 'locked until unlocked';
  }
  return user.mustChangePassword ? 'active (must change password)' : 'active';
}

/** The role table of `users roles`. */
export function formatRoles(roles: RoleRecord[]): string {
  const rows = roles.map((r) => [
    r.name,
    r.permissions.join(', '),
    r.directoryGroups,
    r.builtIn ? 'default' : 'custom',
  ]);
  return formatTable(['ROLE', 'PERMISSIONS', 'DIRECTORY GROUPS', 'KIND'], rows);
}

function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) =>
    Math.max(...all.map((r) => (r[i] ?? '').length)),
  );
  return all
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
