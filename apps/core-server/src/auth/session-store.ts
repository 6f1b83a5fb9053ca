import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SessionEndReason } from '@atrium/protocol';

/** A login session as stored. */
export interface SessionRow {
  sessionId: string;
  userId: string;
  client: string;
  startedAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  endReason: string | null;
  /** Until the password is changed, only a few calls are allowed. */
  passwordChangeRequired: boolean;
}

interface Row {
  session_id: string;
  user_id: string;
  client: string;
  started_at: string;
  last_seen_at: string;
  ended_at: string | null;
  end_reason: string | null;
  password_change_required: number;
}

/** Starts a session for a user who has just authenticated. */
export function startSession(
  db: Database,
  userId: string,
  client: string,
  passwordChangeRequired = false,
  now = new Date(),
): SessionRow {
  const time = now.toISOString();
  const sessionId = randomUUID();
  db.prepare(
    `INSERT INTO sessions (session_id, user_id, client, started_at,
       last_seen_at, password_change_required)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(sessionId, userId, client, time, time, passwordChangeRequired ? 1 : 0);
  return findSession(db, sessionId)!;
}

/**
 * The sessions of a user that still live (not ended, not idle past
 * ConnectionTimeout), oldest first.
 */
export function findLiveSessionsOfUser(
  db: Database,
  userId: string,
  idleSeconds: number,
  now: Date,
): SessionRow[] {
  const rows = db
    .prepare(
      `SELECT * FROM sessions WHERE user_id = ? AND ended_at IS NULL
       ORDER BY started_at`,
    )
    .all(userId) as Row[];
  return rows
    .map(toSession)
    .filter((session) => isSessionAlive(session, idleSeconds, now));
}

/**
 * Marks every session idle past ConnectionTimeout as ended ('idle') and
 * returns them, so their connections can be told.
 */
export function endIdleSessions(
  db: Database,
  idleSeconds: number,
  now: Date,
): SessionRow[] {
  const cutoff = new Date(now.getTime() - idleSeconds * 1000).toISOString();
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          'SELECT * FROM sessions WHERE ended_at IS NULL AND last_seen_at < ?',
        )
        .all(cutoff) as Row[];
      for (const row of rows) endSession(db, row.session_id, 'idle');
      return rows.map(toSession);
    })
    .immediate();
}

/** Lets every live session of a user go on after a password change. */
export function clearPasswordChangeRequired(
  db: Database,
  userId: string,
): void {
  db.prepare(
    `UPDATE sessions SET password_change_required = 0
     WHERE user_id = ? AND ended_at IS NULL`,
  ).run(userId);
}

/** One session by ID. */
export function findSession(
  db: Database,
  sessionId: string,
): SessionRow | undefined {
  const row = db
    .prepare('SELECT * FROM sessions WHERE session_id = ?')
    .get(sessionId) as Row | undefined;
  return row && toSession(row);
}

/**
 * Tells whether a session still lives: not ended, and used within the idle
 * limit (ConnectionTimeout, seconds).
 */
export function isSessionAlive(
  session: SessionRow | undefined,
  idleSeconds: number,
  now: Date,
): boolean {
  if (!session || session.endedAt) return false;
  return now.getTime() - Date.parse(session.lastSeenAt) <= idleSeconds * 1000;
}

/** Records activity on a session, which keeps it from idling out. */
export function touchSession(db: Database, sessionId: string): void {
  db.prepare(
    'UPDATE sessions SET last_seen_at = ? WHERE session_id = ? AND ended_at IS NULL',
  ).run(new Date().toISOString(), sessionId);
}

/** Ends one session; ending an ended session changes nothing. */
export function endSession(
  db: Database,
  sessionId: string,
  reason: SessionEndReason,
): void {
  db.prepare(
    `UPDATE sessions SET ended_at = ?, end_reason = ?
     WHERE session_id = ? AND ended_at IS NULL`,
  ).run(new Date().toISOString(), reason, sessionId);
}

/** Ends every open session of a user and returns their IDs. */
export function endSessionsOfUser(
  db: Database,
  userId: string,
  reason: SessionEndReason,
): string[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          'SELECT session_id FROM sessions WHERE user_id = ? AND ended_at IS NULL',
        )
        .all(userId) as { session_id: string }[];
      for (const row of rows) endSession(db, row.session_id, reason);
      return rows.map((r) => r.session_id);
    })
    .immediate();
}

function toSession(row: Row): SessionRow {
  return {
    sessionId: row.session_id,
    userId: row.user_id,
    client: row.client,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    passwordChangeRequired: row.password_change_required === 1,
  };
}

/**
 * Which of the sessions have ended, and why: used to find sessions that
 * another process on the same database ended (the `users` command
 * suspending or deleting a user) while this server holds connections on
 * them.
 */
export function findEndedSessions(
  db: Database,
  sessionIds: readonly string[],
): { sessionId: string; reason: SessionEndReason }[] {
  const query = db.prepare(
    'SELECT end_reason FROM sessions WHERE session_id = ? AND ended_at IS NOT NULL',
  );
  const ended: { sessionId: string; reason: SessionEndReason }[] = [];
  for (const sessionId of sessionIds) {
    const row = query.get(sessionId) as
      { end_reason: string | null } | undefined;
    if (row) {
      ended.push({
        sessionId,
        reason: (row.end_reason ?? 'logout') as SessionEndReason,
      });
    }
  }
  return ended;
}
