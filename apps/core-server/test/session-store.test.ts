import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  endSession,
  endSessionsOfUser,
  findSession,
  isSessionAlive,
  startSession,
} from '../src/auth/session-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

let temp: TempDatabase;
beforeEach(() => {
  temp = openTempDatabase();
});
afterEach(() => temp.remove());

describe('sessions', () => {
  it('live until ended', () => {
    const session = startSession(temp.db, 'jdoe', '127.0.0.1');
    expect(
      isSessionAlive(findSession(temp.db, session.sessionId), 60, new Date()),
    ).toBe(true);
    endSession(temp.db, session.sessionId, 'logout');
    const ended = findSession(temp.db, session.sessionId);
    expect(ended).toMatchObject({ endReason: 'logout' });
    expect(isSessionAlive(ended, 60, new Date())).toBe(false);
  });

  it('die when idle past ConnectionTimeout', () => {
    const session = startSession(temp.db, 'jdoe', '127.0.0.1');
    const later = new Date(Date.parse(session.lastSeenAt) + 61_000);
    expect(isSessionAlive(session, 60, later)).toBe(false);
    expect(isSessionAlive(undefined, 60, new Date())).toBe(false);
  });

  it('of one user can all be ended at once', () => {
    const a = startSession(temp.db, 'jdoe', 'a');
    const b = startSession(temp.db, 'JDOE', 'b');
    const other = startSession(temp.db, 'ann', 'c');
    expect(endSessionsOfUser(temp.db, 'jdoe', 'suspended').sort()).toEqual(
      [a.sessionId, b.sessionId].sort(),
    );
    expect(findSession(temp.db, other.sessionId)?.endedAt).toBeNull();
  });
});
