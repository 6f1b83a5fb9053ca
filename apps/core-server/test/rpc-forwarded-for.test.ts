import { afterEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import {
  LOGINS_PER_ADDRESS,
  LOGINS_WAITING_PER_ADDRESS,
} from '../src/rpc/login-limiter.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

// Authenticate's forwardedFor: the WebClient Service logs in for a browser
// and names the browser's address; the Core Server's own peer stays in the
// log line beside it.

let harness: CoreServerHarness;
afterEach(async () => harness?.stop());

/** The JSON AccessLog lines of Authenticate, parsed from the log files. */
function authenticateLines(): Record<string, unknown>[] {
  return harness
    .logText()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.type === 'AccessLog')
    .filter((entry) => entry.op === 'Authenticate');
}

function logIn(client: CoreClient, password: string, forwardedFor?: string) {
  return client.call('Authenticate', {
    username: 'jdoe',
    password,
    ...(forwardedFor !== undefined && { forwardedFor }),
  });
}

describe('Authenticate with forwardedFor', () => {
  it('logs the browser as client and the socket peer as via, on success and refusal', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const service = await harness.connect('client');

    await expect(logIn(service, 'wrong', '10.20.30.40')).rejects.toMatchObject({
      code: 'CORE_AUTH_FAILED',
    });
    const login = await logIn(service, 'jdoe-Pw1', '2001:db8::7');

    const [refused, accepted] = authenticateLines();
    expect(refused).toMatchObject({
      status: 'Fail',
      client: '10.20.30.40',
      via: '127.0.0.1',
    });
    expect(accepted).toMatchObject({
      status: 'Success',
      client: '2001:db8::7',
      via: '127.0.0.1',
      session: login.sessionId,
    });

    // The session keeps the browser's address: a second login is told it.
    const other = await harness.connect('client');
    const elsewhere = await logIn(other, 'jdoe-Pw1').catch((e) => e);
    expect(elsewhere).toMatchObject({
      code: 'CORE_ALREADY_LOGGED_IN',
      details: { otherSession: { client: '2001:db8::7' } },
    });
  });

  it('logs the peer as client and no via when nothing is forwarded', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');
    await logIn(client, 'jdoe-Pw1');

    const [line] = authenticateLines();
    expect(line).toMatchObject({ status: 'Success', client: '127.0.0.1' });
    expect(line).not.toHaveProperty('via');
  });

  it('refuses a forwardedFor that is not an address, logging the peer', async () => {
    harness = await startHarness();
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');

    const forged = '10.0.0.1", "user": "admin';
    await expect(logIn(client, 'jdoe-Pw1', forged)).rejects.toMatchObject({
      code: 'CORE_INVALID_PARAMS',
      message: expect.stringContaining('forwardedFor'),
    });
    const [line] = authenticateLines();
    expect(line).toMatchObject({ status: 'Fail', client: '127.0.0.1' });
    expect(harness.logText()).not.toContain('10.0.0.1');
  });

  it('names the browser in LockUser beside the peer', async () => {
    harness = await startHarness({
      settings: { lock: { failedLoginsBeforeLock: 1, lockSeconds: 60 } },
    });
    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connect('client');
    await logIn(client, 'wrong', '192.0.2.9').catch(() => undefined);

    const lock = harness.logEntries().find((e) => e.op === 'LockUser');
    expect(lock).toMatchObject({ client: '192.0.2.9', via: '127.0.0.1' });
  });

  it('leaves the per-address login limit on the peer, whatever address is claimed', async () => {
    harness = await startHarness();
    const flood = LOGINS_PER_ADDRESS + LOGINS_WAITING_PER_ADDRESS + 8;
    const clients = await Promise.all(
      Array.from({ length: flood }, () => harness.connect('client')),
    );

    // Each login claims an address of its own; they all share the peer's
    // turns, so the ones past the queue are refused.
    const codes = await Promise.all(
      clients.map((client, i) =>
        client
          .call('Authenticate', {
            username: `ghost${i}`,
            password: 'Not-Theirs-1',
            forwardedFor: `198.51.100.${i + 1}`,
          })
          .then(
            () => 'ok',
            (error: { code: string }) => error.code,
          ),
      ),
    );
    // Were the limit keyed on the claimed addresses, none would be refused.
    const refused = codes.filter((c) => c === 'CORE_TOO_MANY_LOGINS');
    expect(refused.length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'CORE_AUTH_FAILED')).toHaveLength(
      flood - refused.length,
    );
  }, 60_000);
});
