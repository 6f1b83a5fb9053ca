import type { Database } from 'better-sqlite3';
import type { OtherSessionDetails } from '@atrium/protocol';
import { coreError } from '../errors.js';
import {
  endSession,
  findLiveSessionsOfUser,
  startSession,
  type SessionRow,
} from './session-store.js';

/** How a login may begin a session. */
export interface SessionOpeningOptions {
  /** The caller's address, kept with the session and shown to the next login. */
  client: string;
  /** End the user's live sessions rather than refuse the login. */
  closeOtherSessions: boolean;
  /** ConnectionTimeout: a session idle longer no longer counts as live. */
  idleSeconds: number;
  /** The session may only change the password until it does. */
  passwordChangeRequired: boolean;
  now?: Date;
}

/** The session a login began, and the sessions it ended to do so. */
export interface SessionOpening {
  session: SessionRow;
  closed: SessionRow[];
}

/**
 * One login per user: begins a session unless the user already has a live
 * one. Then the login fails with CORE_ALREADY_LOGGED_IN, whose details say
 * when and from where the other session began, unless the caller asked to
 * close other sessions; those are then ended with reason 'duplicate-login'.
 * Check and start run in one write transaction, so two logins at the same
 * moment cannot both pass.
 */
export function openSingleSession(
  db: Database,
  userId: string,
  options: SessionOpeningOptions,
): SessionOpening {
  const now = options.now ?? new Date();
  return db
    .transaction(() => {
      const live = findLiveSessionsOfUser(db, userId, options.idleSeconds, now);
      const latest = live.at(-1);
      if (latest && !options.closeOtherSessions) {
        throw alreadyLoggedIn(userId, latest);
      }

      for (const other of live) {
        endSession(db, other.sessionId, 'duplicate-login');
      }
      const session = startSession(
        db,
        userId,
        options.client,
        options.passwordChangeRequired,
        now,
      );
      return { session, closed: live };
    })
    .immediate();
}

function alreadyLoggedIn(userId: string, other: SessionRow) {
  const details: OtherSessionDetails = {
    startedAt: other.startedAt,
    lastSeenAt: other.lastSeenAt,
    client: other.client,
  };
  return coreError(
    'CORE_ALREADY_LOGGED_IN',
    `${userId} is already logged in from ${other.client} since ${other.startedAt}; end that session or cancel`,
    { otherSession: details },
  );
}
