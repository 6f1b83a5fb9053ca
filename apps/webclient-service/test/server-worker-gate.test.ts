import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atrium/log';
import {
  WORKER_CLOSE_CODES,
  WORKER_TICKET_HEADER,
  encodePixelFrame,
  type FrameFacts,
  type PairedResult,
} from '@atrium/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  WorkerGate,
  admitByTicket,
  type WorkerLink,
} from '../server/worker-gate.js';

const paired: PairedResult = {
  sessionId: 's',
  userId: 'u',
  token: 't',
  coreServer: { host: '127.0.0.1', port: 1 },
  browserGraceSeconds: 30,
  resume: null,
};

let stop: () => Promise<void> = async () => undefined;
afterEach(() => stop());

/** A gate on a real port; `good` is the one ticket it pairs. */
async function startGate() {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-gate-'));
  const log = createLogger({ processName: 'gate-test', dir });
  const links: WorkerLink[] = [];
  const frames: Buffer[] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: admitByTicket((ticket) => ticket === 'good'),
  });
  await new Promise((resolve) => server.once('listening', resolve));
  new WorkerGate((hello, link) => {
    if (hello?.ticket !== 'good') return null;
    links.push(link);
    link.on('frame', (bytes) => frames.push(bytes));
    return paired;
  }, log).attach(server);
  const { port } = server.address() as { port: number };
  stop = async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `ws://127.0.0.1:${port}`, links, frames };
}

function open(url: string, ticket = 'good') {
  const socket = new WebSocket(url, {
    headers: { [WORKER_TICKET_HEADER]: ticket },
  });
  const texts: string[] = [];
  socket.on('message', (data) => texts.push(data.toString()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) =>
      resolve({ code, reason: reason.toString() }),
    ),
  );
  const opened = new Promise((resolve) => socket.once('open', resolve));
  return { socket, texts, closed, opened };
}

async function hello(link: ReturnType<typeof open>) {
  await link.opened;
  link.socket.send(
    JSON.stringify({ id: 1, method: 'Hello', params: { ticket: 'good' } }),
  );
  while (link.texts.length === 0) {
    await new Promise((resolve) => link.socket.once('message', resolve));
  }
}

describe('the worker gate', () => {
  for (const text of ['null', '42', '[]', '"text"']) {
    it(`answers RPC_BAD_MESSAGE to ${text} and closes the link`, async () => {
      const gate = await startGate();
      const link = open(gate.url);
      await link.opened;
      link.socket.send(text);

      const closed = await link.closed;
      expect(closed.code).toBe(WORKER_CLOSE_CODES.badMessage);
      expect(JSON.parse(link.texts[0]!)).toMatchObject({
        error: { code: 'RPC_BAD_MESSAGE' },
      });
    });
  }

  it('closes a paired worker that sends a frame shorter than its header', async () => {
    const gate = await startGate();
    const link = open(gate.url);
    await hello(link);
    link.socket.send(Buffer.from([1, 2, 3]));

    expect((await link.closed).code).toBe(WORKER_CLOSE_CODES.badMessage);
    expect(gate.frames).toHaveLength(0);
  });

  it('passes a paired worker’s well-formed frame on', async () => {
    const gate = await startGate();
    const link = open(gate.url);
    await hello(link);
    const frame = encodePixelFrame(9, {} as FrameFacts, new Uint8Array(4));
    link.socket.send(frame);
    link.socket.send('null');

    await link.closed;
    expect(gate.frames).toHaveLength(1);
  });

  it('refuses a bad ticket with a WEB_ code', async () => {
    const gate = await startGate();
    const link = open(gate.url);
    await link.opened;
    link.socket.send(
      JSON.stringify({ id: 1, method: 'Hello', params: { ticket: 'bad' } }),
    );

    expect((await link.closed).code).toBe(WORKER_CLOSE_CODES.badTicket);
    expect(JSON.parse(link.texts[0]!)).toMatchObject({
      error: { code: 'WEB_BAD_TICKET' },
    });
  });

  it('closes a link whose first message is larger than a few KiB', async () => {
    const gate = await startGate();
    const link = open(gate.url);
    await link.opened;
    link.socket.send(
      JSON.stringify({
        id: 1,
        method: 'Hello',
        params: { x: 'a'.repeat(20_000) },
      }),
    );

    expect((await link.closed).code).toBe(WORKER_CLOSE_CODES.badMessage);
    expect(gate.links).toHaveLength(0);
  });

  it('refuses links past the count that may wait for their Hello', async () => {
    const gate = await startGate();
    const waiting = Array.from({ length: 32 }, () => open(gate.url));
    await Promise.all(waiting.map((link) => link.opened));
    const extra = open(gate.url);

    expect((await extra.closed).code).toBe(1013);
    for (const link of waiting) link.socket.terminate();
  });

  it('opens no link for an upgrade without an issued ticket', async () => {
    const gate = await startGate();
    for (const ticket of ['', 'forged']) {
      const socket = new WebSocket(gate.url, {
        headers: ticket ? { [WORKER_TICKET_HEADER]: ticket } : {},
      });
      socket.on('error', () => undefined);
      const status = await new Promise<number>((resolve) => {
        socket.once('unexpected-response', (_req, res) =>
          resolve(res.statusCode ?? 0),
        );
        socket.once('open', () => resolve(101));
      });
      expect(status).toBe(401);
      socket.terminate();
    }
  });
});
