import type { Logger } from '@atrium/log';

/**
 * The security events administrators' monitoring watches that do not come
 * from one RPC call's own AccessLog entry (those rpc-connection.ts writes:
 * Authenticate, AddUser, SaveUserPreferences, LoadStudy and the rest;
 * ExportStudy is written where a study is sent, in dicom-net).
 * Each is one AccessLog line with `op`, `status`, `client` and `user`, as
 * DESIGN.md asks; the fields beyond those are named below.
 */

/** LockUser: failed logins have just locked an account. */
export function logLockUser(
  log: Logger,
  event: {
    client: string;
    /** The peer that relayed the login when `client` is forwarded. */
    via?: string;
    user: string;
    failedLogins: number;
    /** When the lock ends (ISO 8601); null when an administrator must unlock. */
    lockedUntil: string | null;
  },
): void {
  log.access({
    op: 'LockUser',
    status: 'Locked',
    level: 'WARNING',
    client: event.client,
    ...(event.via !== undefined && { via: event.via }),
    user: event.user,
    failedLogins: event.failedLogins,
    lockedUntil: event.lockedUntil ?? 'until unlocked',
  });
}

/** A session the server ended, with where it had begun. */
export interface EndedSession {
  session: string;
  client: string;
  startedAt: string;
}

/**
 * CloseDuplicateConnections: a login chose to end the user's session
 * elsewhere; `connections` is how many sockets were told and closed.
 */
export function logCloseDuplicateConnections(
  log: Logger,
  event: {
    client: string;
    /** The peer that relayed the login when `client` is forwarded. */
    via?: string;
    user: string;
    /** The new session. */
    session: string;
    closedSessions: EndedSession[];
    connections: number;
  },
): void {
  log.access({
    op: 'CloseDuplicateConnections',
    status: 'Success',
    ...event,
  });
}

/** EndSession: the server ended a session by itself (idle past ConnectionTimeout). */
export function logEndSession(
  log: Logger,
  event: {
    client: string;
    user: string;
    session: string;
    reason: 'idle';
    lastSeenAt: string;
    connections: number;
  },
): void {
  log.access({ op: 'EndSession', status: 'Success', ...event });
}
