import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '@atrium/log';
import {
  logCloseDuplicateConnections,
  logEndSession,
  logLockUser,
} from '../src/auth/security-events.js';

let dir: string;
let log: Logger;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-events-'));
  log = createLogger({ processName: 'core-server', dir });
});
afterEach(() => {
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

function lastEntry(): Record<string, unknown> {
  const lines = readFileSync(join(dir, 'core-server.log'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return JSON.parse(lines.at(-1)!) as Record<string, unknown>;
}

const FIXED = ['time', 'type', 'level', 'pid', 'msg', 'op'];

describe('the security events', () => {
  it('write LockUser with the failures and when the lock ends', () => {
    logLockUser(log, {
      client: '10.1.2.3',
      user: 'jdoe',
      failedLogins: 3,
      lockedUntil: null,
    });
    const entry = lastEntry();
    expect(Object.keys(entry).slice(0, 6)).toEqual(FIXED);
    expect(entry).toMatchObject({
      type: 'AccessLog',
      level: 'WARNING',
      msg: 'LockUser',
      op: 'LockUser',
      status: 'Locked',
      client: '10.1.2.3',
      user: 'jdoe',
      failedLogins: 3,
      lockedUntil: 'until unlocked',
    });
  });

  it('write CloseDuplicateConnections with the sessions it ended', () => {
    logCloseDuplicateConnections(log, {
      client: '10.1.2.3',
      user: 'jdoe',
      session: 'new-session',
      closedSessions: [
        {
          session: 'old',
          client: '10.9.9.9',
          startedAt: '2030-01-01T08:00:00Z',
        },
      ],
      connections: 2,
    });
    expect(lastEntry()).toMatchObject({
      type: 'AccessLog',
      level: 'INFO',
      op: 'CloseDuplicateConnections',
      status: 'Success',
      client: '10.1.2.3',
      user: 'jdoe',
      session: 'new-session',
      closedSessions: [{ session: 'old', client: '10.9.9.9' }],
      connections: 2,
    });
  });

  it('write EndSession for a session that idled out', () => {
    logEndSession(log, {
      client: '10.1.2.3',
      user: 'jdoe',
      session: 's1',
      reason: 'idle',
      lastSeenAt: '2030-01-01T08:00:00Z',
      connections: 1,
    });
    expect(lastEntry()).toMatchObject({
      type: 'AccessLog',
      op: 'EndSession',
      status: 'Success',
      reason: 'idle',
      user: 'jdoe',
    });
  });
});
