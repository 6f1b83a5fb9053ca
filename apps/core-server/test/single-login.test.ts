import { afterEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import type { AtriumError, OtherSessionDetails } from '@atrium/protocol';
import { openSingleSession } from '../src/auth/single-login.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import { openTempDatabase } from './support/users-db.js';

let harness: CoreServerHarness;
afterEach(async () => harness?.stop());

async function startWithUser(): Promise<void> {
  harness = await startHarness();
  await harness.addUser('jdoe', ['Viewer']);
}

function closedWith(client: CoreClient): Promise<number> {
  return new Promise((resolve) =>
    client.once('close', (code) => resolve(code)),
  );
}

describe('one login per user', () => {
  it('refuses a second login with CORE_ALREADY_LOGGED_IN, saying when and from where the first began', async () => {
    await startWithUser();
    const first = await harness.connect('client');
    const login = await first.authenticate('jdoe', 'jdoe-Pw1');

    const second = await harness.connect('client');
    const error = (await second
      .authenticate('jdoe', 'jdoe-Pw1')
      .catch((e: unknown) => e)) as AtriumError;

    expect(error.code).toBe('CORE_ALREADY_LOGGED_IN');
    expect(error.message).toMatch(
      /^jdoe is already logged in from 127\.0\.0\.1 since \d{4}-.*; end that session or cancel$/,
    );
    const other = error.details?.otherSession as OtherSessionDetails;
    expect(Object.keys(error.details ?? {})).toEqual(['otherSession']);
    expect(Object.keys(other).sort()).toEqual([
      'client',
      'lastSeenAt',
      'startedAt',
    ]);
    expect(other.client).toBe('127.0.0.1');
    expect(Number.isNaN(Date.parse(other.startedAt))).toBe(false);
    // No token and no session ID of the other session go out.
    expect(JSON.stringify(error.details)).not.toContain(login.token);
    expect(JSON.stringify(error.details)).not.toContain(login.sessionId);

    // The first session goes on untouched; the refused one got nothing.
    await expect(first.listStudies()).resolves.toBeTruthy();
    expect(second.token).toBeUndefined();
    const failed = harness
      .logEntries()
      .filter((e) => e.op === 'Authenticate' && e.status === 'Fail');
    expect(failed.at(-1)).toMatchObject({
      code: 'CORE_ALREADY_LOGGED_IN',
      user: 'jdoe',
      level: 'WARNING',
    });
  });

  it('with closeOtherSessions ends the other session and closes every connection on it, its worker included', async () => {
    await startWithUser();
    const browser = await harness.connect('client');
    const old = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const worker = await harness.connect('client');
    await worker.attachToken(old.token);
    const told = [browser, worker].map(
      (c) => new Promise((resolve) => c.once('SessionEnded', resolve)),
    );
    const closed = [browser, worker].map(closedWith);

    const elsewhere = await harness.connect('client');
    const fresh = await elsewhere.authenticate('jdoe', 'jdoe-Pw1', {
      closeOtherSessions: true,
    });

    expect(await Promise.all(told)).toEqual([
      { sessionId: old.sessionId, reason: 'duplicate-login' },
      { sessionId: old.sessionId, reason: 'duplicate-login' },
    ]);
    expect(await Promise.all(closed)).toEqual([4001, 4001]);
    expect(fresh.sessionId).not.toBe(old.sessionId);
    await expect(elsewhere.listStudies()).resolves.toBeTruthy();

    const late = await harness.connect('client');
    await expect(late.attachToken(old.token)).rejects.toMatchObject({
      code: 'CORE_SESSION_ENDED',
    });
  });

  it('logs the closing as CloseDuplicateConnections', async () => {
    await startWithUser();
    const browser = await harness.connect('client');
    const old = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const worker = await harness.connect('client');
    await worker.attachToken(old.token);
    const elsewhere = await harness.connect('client');
    const fresh = await elsewhere.authenticate('jdoe', 'jdoe-Pw1', {
      closeOtherSessions: true,
    });

    const entries = harness
      .logEntries()
      .filter((e) => e.op === 'CloseDuplicateConnections');
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(Object.keys(entry!).slice(0, 11)).toEqual([
      'time',
      'type',
      'level',
      'pid',
      'msg',
      'op',
      'latencysms',
      'client',
      'user',
      'status',
      'session',
    ]);
    expect(entry).toMatchObject({
      type: 'AccessLog',
      level: 'INFO',
      msg: 'CloseDuplicateConnections',
      status: 'Success',
      client: '127.0.0.1',
      user: 'jdoe',
      session: fresh.sessionId,
      closedSessions: [
        {
          session: old.sessionId,
          client: '127.0.0.1',
          startedAt: expect.any(String),
        },
      ],
      connections: 2,
    });
    expect(JSON.stringify(entry)).not.toContain(old.token);
  });

  it('lets the user in again once the other session has logged out', async () => {
    await startWithUser();
    const first = await harness.connect('client');
    await first.authenticate('jdoe', 'jdoe-Pw1');
    await first.logout();
    const second = await harness.connect('client');
    await expect(second.authenticate('jdoe', 'jdoe-Pw1')).resolves.toBeTruthy();
    expect(
      harness.logEntries().some((e) => e.op === 'CloseDuplicateConnections'),
    ).toBe(false);
  });

  it('lets only one of two simultaneous logins through', async () => {
    await startWithUser();
    const a = await harness.connect('client');
    const b = await harness.connect('client');
    const outcomes = await Promise.allSettled([
      a.authenticate('jdoe', 'jdoe-Pw1'),
      b.authenticate('jdoe', 'jdoe-Pw1'),
    ]);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'CORE_ALREADY_LOGGED_IN',
    });
  });
});

describe('openSingleSession', () => {
  it('treats a session idle past ConnectionTimeout as over, and ends only live ones', () => {
    const temp = openTempDatabase();
    try {
      const now = new Date('2030-01-01T12:00:00Z');
      const options = {
        client: '10.0.0.5',
        closeOtherSessions: false,
        idleSeconds: 60,
        passwordChangeRequired: false,
      };
      const first = openSingleSession(temp.db, 'jdoe', {
        ...options,
        now: new Date(now.getTime() - 120_000),
      });
      const second = openSingleSession(temp.db, 'JDOE', { ...options, now });
      expect(second.closed).toEqual([]);

      expect(() =>
        openSingleSession(temp.db, 'jdoe', { ...options, now }),
      ).toThrow(
        expect.objectContaining({
          code: 'CORE_ALREADY_LOGGED_IN',
          details: {
            otherSession: {
              client: '10.0.0.5',
              startedAt: now.toISOString(),
              lastSeenAt: now.toISOString(),
            },
          },
        }),
      );
      const third = openSingleSession(temp.db, 'jdoe', {
        ...options,
        closeOtherSessions: true,
        now,
      });
      expect(third.closed.map((s) => s.sessionId)).toEqual([
        second.session.sessionId,
      ]);
      const reasons = temp.db
        .prepare('SELECT session_id, end_reason FROM sessions')
        .all();
      expect(reasons).toEqual(
        expect.arrayContaining([
          { session_id: first.session.sessionId, end_reason: null },
          {
            session_id: second.session.sessionId,
            end_reason: 'duplicate-login',
          },
          { session_id: third.session.sessionId, end_reason: null },
        ]),
      );
    } finally {
      temp.remove();
    }
  });
});
