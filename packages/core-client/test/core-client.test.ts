import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeBinaryMessage } from '@atrium/protocol';
import { CoreClient } from '../src/core-client.js';

// The client is tested end to end against the real Core Server in
// apps/core-server/test. Here a bare WebSocket peer on 127.0.0.1 speaks the
// wire format by hand, to reach the cases a healthy server never produces:
// silence, answers out of order, a dropped connection.

let server: WebSocketServer | undefined;
afterEach(async () => {
  if (!server) return;
  for (const socket of server.clients) socket.terminate();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function startPeer(
  onRequest: (
    socket: WebSocket,
    request: { id: number; method: string; params: unknown },
  ) => void,
): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server!.once('listening', resolve));
  server.on('connection', (socket) => {
    socket.on('message', (data) =>
      onRequest(socket, JSON.parse(data.toString())),
    );
  });
  const address = server.address();
  return `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('CoreClient', () => {
  it('matches answers to requests by id, whatever their order', async () => {
    const held: { socket: WebSocket; id: number; method: string }[] = [];
    const url = await startPeer((socket, request) => {
      held.push({ socket, ...request });
      if (held.length < 2) return;
      for (const r of held.reverse()) {
        r.socket.send(JSON.stringify({ id: r.id, result: { echo: r.method } }));
      }
    });
    const client = await CoreClient.connect(url);
    const [a, b] = await Promise.all([
      client.callUnchecked('First', {}),
      client.callUnchecked('Second', {}),
    ]);
    expect(a).toEqual({ echo: 'First' });
    expect(b).toEqual({ echo: 'Second' });
    await client.close();
  });

  it('rebuilds typed errors from their code', async () => {
    const url = await startPeer((socket, request) => {
      socket.send(
        JSON.stringify({
          id: request.id,
          error: { code: 'CORE_AUTH_FAILED', message: 'no' },
        }),
      );
    });
    const client = await CoreClient.connect(url);
    await expect(client.authenticate('a', 'b')).rejects.toMatchObject({
      name: 'AtriumError',
      code: 'CORE_AUTH_FAILED',
      message: 'no',
    });
    expect(client.token).toBeUndefined();
    await client.close();
  });

  it('returns a binary answer as typed pixels with their facts', async () => {
    const url = await startPeer((socket, request) => {
      const bytes = encodeBinaryMessage(
        'pixelFrame',
        request.id,
        { rows: 1 },
        new Int16Array([-5, 7]),
      );
      socket.send(bytes, { binary: true });
    });
    const client = await CoreClient.connect(url);
    const frame = await client.getFrame('1.2.3', 0);
    expect(frame.facts).toEqual({ rows: 1 });
    expect(Array.from(frame.samples)).toEqual([-5, 7]);
    expect(frame.samples).toBeInstanceOf(Int16Array);
    await client.close();
  });

  it('gives up on a silent server after its timeout', async () => {
    const url = await startPeer(() => undefined);
    const client = await CoreClient.connect(url, { timeoutMs: 50 });
    await expect(client.listStudies()).rejects.toMatchObject({
      code: 'CCL_TIMEOUT',
    });
    await client.close();
  });

  it('rejects pending calls when the connection drops', async () => {
    const url = await startPeer((socket) => socket.terminate());
    const client = await CoreClient.connect(url);
    const closed = new Promise((resolve) => client.once('close', resolve));
    await expect(client.listStudies()).rejects.toMatchObject({
      code: 'CCL_CLOSED',
    });
    await closed;
    await expect(client.listStudies()).rejects.toMatchObject({
      code: 'CCL_CLOSED',
    });
  });

  it('passes on SessionEnded and forgets a token whose answer crossed it', async () => {
    const url = await startPeer((socket, request) => {
      socket.send(
        JSON.stringify({
          id: request.id,
          result: { token: 't', expiresAt: '', sessionId: 's' },
        }),
      );
      socket.send(
        JSON.stringify({
          event: 'SessionEnded',
          data: { sessionId: 's', reason: 'logout' },
        }),
      );
    });
    const client = await CoreClient.connect(url);
    const ended = new Promise((resolve) =>
      client.once('SessionEnded', resolve),
    );
    await client.authenticate('jdoe', 'pw');
    expect(await ended).toEqual({ sessionId: 's', reason: 'logout' });
    expect(client.token).toBeUndefined();
    await client.close();
  });

  it('drops messages that are not objects, or events without data, and keeps working', async () => {
    const url = await startPeer((socket, request) => {
      for (const junk of ['null', '42', '"text"', '{"event":"SessionEnded"}']) {
        socket.send(junk);
      }
      socket.send(JSON.stringify({ id: request.id, result: { fine: true } }));
    });
    const client = await CoreClient.connect(url);
    expect(await client.callUnchecked('Anything', {})).toEqual({ fine: true });
    await client.close();
  });

  it('says which address it could not reach', async () => {
    const url = await startPeer(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(CoreClient.connect(url)).rejects.toMatchObject({
      code: 'CCL_CONNECT_FAILED',
      message: expect.stringContaining(url),
    });
  });
});
