import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { coreErrors, type CoreErrorCode } from '../src/errors.js';
import { MAX_REQUEST_BYTES } from '../src/rpc/rpc-connection.js';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

let harness: CoreServerHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness?.stop());

/** Sends raw messages on a plain socket and collects the JSON answers. */
async function exchange(
  messages: (string | Buffer)[],
): Promise<{ id: unknown; error?: { code: string; message: string } }[]> {
  const socket = new WebSocket(harness.urlOf('client'));
  await new Promise((resolve) => socket.once('open', resolve));
  const answers: { id: unknown; error?: { code: string; message: string } }[] =
    [];
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data) => {
      answers.push(JSON.parse(data.toString()));
      if (answers.length === messages.length) resolve();
    });
  });
  for (const message of messages) socket.send(message);
  await done;
  socket.close();
  return answers;
}

function statusOf(code: string): number {
  return coreErrors[code as CoreErrorCode].status;
}

describe('malformed requests', () => {
  it('get a typed 4xx error with no id when they cannot be read', async () => {
    const answers = await exchange([
      'not json at all',
      '[1, 2, 3]',
      'null',
      JSON.stringify({ id: 'seven', method: 'ListStudies', params: {} }),
      JSON.stringify({ id: 0, method: 'ListStudies', params: {} }),
      Buffer.from([1, 2, 3]),
    ]);
    for (const answer of answers) {
      expect(answer.id).toBeNull();
      expect(answer.error?.code).toBe('CORE_BAD_REQUEST');
      expect(statusOf(answer.error!.code)).toBe(400);
    }
  });

  it('keep their id when it could be read', async () => {
    const answers = await exchange([
      JSON.stringify({ id: 5, params: {} }),
      JSON.stringify({ id: 6, method: 'ListStudies', params: [1] }),
    ]);
    expect(answers).toEqual([
      { id: 5, error: expect.objectContaining({ code: 'CORE_BAD_REQUEST' }) },
      { id: 6, error: expect.objectContaining({ code: 'CORE_BAD_REQUEST' }) },
    ]);
  });

  it('naming unknown methods get CORE_UNKNOWN_METHOD, inherited names included', async () => {
    const answers = await exchange(
      ['DropTables', '__proto__', 'constructor', 'toString', ''].map(
        (method, i) => JSON.stringify({ id: i + 1, method, params: {} }),
      ),
    );
    expect(answers.slice(0, 4).map((a) => a.error?.code)).toEqual(
      Array(4).fill('CORE_UNKNOWN_METHOD'),
    );
    expect(answers[4]?.error?.code).toBe('CORE_BAD_REQUEST');
    for (const a of answers) expect(statusOf(a.error!.code)).toBeLessThan(500);
  });

  it('with parameters of the wrong type or unknown names get CORE_INVALID_PARAMS', async () => {
    const answers = await exchange([
      JSON.stringify({
        id: 1,
        method: 'Authenticate',
        params: { username: 5, password: 'x' },
      }),
      JSON.stringify({
        id: 2,
        method: 'Authenticate',
        params: { username: 'a' },
      }),
      JSON.stringify({
        id: 3,
        method: 'Authenticate',
        params: { username: 'a', password: 'b', remember: true },
      }),
      JSON.stringify({
        id: 4,
        method: 'AttachToken',
        params: { token: 'x'.repeat(9000) },
      }),
    ]);
    expect(answers.map((a) => a.error?.code)).toEqual([
      'CORE_INVALID_PARAMS',
      'CORE_INVALID_PARAMS',
      'CORE_INVALID_PARAMS',
      'CORE_INVALID_PARAMS',
    ]);
    expect(answers[0]?.error?.message).toMatch(/username/);
    expect(answers[2]?.error?.message).toMatch(/remember/);
  });

  it('larger than the message bound close that socket and nothing else', async () => {
    const socket = new WebSocket(harness.urlOf('client'));
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) =>
      socket.once('close', (code) => resolve(code)),
    );
    socket.on('error', () => undefined);
    socket.send('x'.repeat(MAX_REQUEST_BYTES + 1));
    expect(await closed).toBe(1009);

    const client = await harness.connect('admin');
    const login = await client.authenticate('admin', ADMIN_PASSWORD);
    expect(login.user.userId).toBe('admin');
  });

  it('leave the server answering', async () => {
    const answers = await exchange([
      '{"id": 1, "method": "Authenticate", "params": {"username": "admin"',
      JSON.stringify({
        id: 2,
        method: 'Authenticate',
        // An earlier test left admin logged in; one login per user.
        params: {
          username: 'admin',
          password: ADMIN_PASSWORD,
          closeOtherSessions: true,
        },
      }),
    ]);
    expect(answers[0]?.error?.code).toBe('CORE_BAD_REQUEST');
    expect(answers[1]).toMatchObject({
      id: 2,
      result: { user: { userId: 'admin' } },
    });
  });

  it('over plain HTTP get told to use a WebSocket', async () => {
    const response = await fetch(
      `http://127.0.0.1:${harness.server.clientPort}/`,
    );
    expect(response.status).toBe(426);
  });
});
