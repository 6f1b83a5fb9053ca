import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEndedEvent } from '@atrium/protocol';
import { runUsersCommand } from '../src/users/users-command.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

// The `users` command runs as its own process on the server's database; a
// suspension it writes must reach the connections the running server holds.

let harness: CoreServerHarness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.addUser('jdoe', ['Viewer']);
});
afterAll(async () => harness?.stop());

async function users(argv: string[]): Promise<number> {
  const stdin = new PassThrough();
  stdin.end();
  const quiet = { write: () => true };
  return runUsersCommand(argv, {
    stdout: quiet,
    stderr: quiet,
    stdin,
    env: { ATRIUM_DATA: harness.dir },
  });
}

describe('a session ended by the users command', () => {
  it('is told to the open connections of the running server, which then close', async () => {
    const browser = await harness.connect('client');
    const login = await browser.authenticate('jdoe', 'jdoe-Pw1');
    const worker = await harness.connect('client');
    await worker.attachToken(login.token);
    const told: SessionEndedEvent[] = [];
    const closed = Promise.all(
      [browser, worker].map((client) => {
        client.on('SessionEnded', (event) => told.push(event));
        return new Promise<number>((resolve) =>
          client.once('close', (code) => resolve(code)),
        );
      }),
    );

    expect(await users(['suspend', 'jdoe'])).toBe(0);

    expect(await closed).toEqual([4001, 4001]);
    expect(told).toEqual([
      { sessionId: login.sessionId, reason: 'suspended' },
      { sessionId: login.sessionId, reason: 'suspended' },
    ]);
  }, 20_000);
});
