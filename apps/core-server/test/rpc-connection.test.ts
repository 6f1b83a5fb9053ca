import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import WebSocket, { WebSocketServer } from 'ws';
import { TokenIssuer } from '../src/auth/token-issuer.js';
import { importPaths } from '../src/import/import-paths.js';
import type { CoreServices } from '../src/rpc/call-context.js';
import { FrameSource } from '../src/rpc/frame-source.js';
import { StudyWatchers } from '../src/studies/study-watchers.js';
import { LoginLimiter } from '../src/rpc/login-limiter.js';
import {
  DEFAULT_FLOW_LIMITS,
  type FlowLimits,
} from '../src/rpc/reply-queue.js';
import { MAX_REQUEST_BYTES, RpcConnection } from '../src/rpc/rpc-connection.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import { makePart10 } from './support/synthetic-dicom.js';

/** Waits for a state to be reached; the limit only stops a stuck test. */
function until(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 20_000, interval: 5 });
}

const SOP_INSTANCE_UID = '1.2.826.0.1.3680043.9.7777.20.1.1';
/** 512 × 512 16-bit samples: each frame answer is a little over 512 KiB. */
const FRAME_BYTES = 512 * 512 * 2;

let harness: CoreServerHarness;
let services: CoreServices;

beforeAll(async () => {
  harness = await startHarness();
  await harness.addUser('reader', ['Viewer']);
  await importLargeImage();
  services = {
    db: harness.db,
    log: harness.log,
    settings: harness.settings,
    tokens: new TokenIssuer(
      harness.keys.privateKey,
      harness.keys.publicKey,
      harness.settings.tokenMinutes,
    ),
    frames: new FrameSource(harness.db),
    maximumQueryResults: 1000,
    endSessions: () => 0,
    logins: new LoginLimiter(),
    watchers: new StudyWatchers(),
  };
}, 60_000);

afterAll(async () => harness?.stop());

/** A 512 × 512 16-bit MR image, imported as the import command would. */
async function importLargeImage(): Promise<void> {
  const pixels = new Uint8Array(FRAME_BYTES);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7) & 0xff;
  const source = mkdtempSync(join(harness.dir, 'large-'));
  writeFileSync(
    join(source, 'large.dcm'),
    makePart10(
      [
        [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
        [0x00080018, 'UI', SOP_INSTANCE_UID],
        [0x00080060, 'CS', 'MR'],
        [0x00100010, 'PN', 'PHANTOM^LARGE'],
        [0x0020000d, 'UI', '1.2.826.0.1.3680043.9.7777.20'],
        [0x0020000e, 'UI', '1.2.826.0.1.3680043.9.7777.20.1'],
        [0x00280002, 'US', 1],
        [0x00280004, 'CS', 'MONOCHROME2'],
        [0x00280010, 'US', 512],
        [0x00280011, 'US', 512],
        [0x00280100, 'US', 16],
        [0x00280101, 'US', 16],
        [0x00280102, 'US', 15],
        [0x00280103, 'US', 0],
        [0x7fe00010, 'OW', pixels],
      ],
      SOP_INSTANCE_UID,
    ),
  );
  const summary = await importPaths(
    {
      db: harness.db,
      log: harness.log,
      dataDir: harness.dir,
      config: harness.config,
    },
    [source],
  );
  rmSync(source, { recursive: true, force: true });
  expect(summary.imported).toBe(1);
}

/** One RpcConnection per socket on a port of its own, as RpcPort wires it. */
interface TestServer {
  url: string;
  /** The server side of the latest connection. */
  latest(): { connection: RpcConnection; socket: WebSocket; received: number };
  close(): Promise<void>;
}

async function startServer(limits: FlowLimits): Promise<TestServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    maxPayload: MAX_REQUEST_BYTES,
  });
  await new Promise((resolve) => wss.once('listening', resolve));
  let latest: ReturnType<TestServer['latest']> | undefined;
  wss.on('connection', (socket, request) => {
    const client = request.socket.remoteAddress ?? 'unknown';
    const connection = new RpcConnection(
      socket,
      'client',
      client,
      services,
      () => undefined,
      limits,
    );
    const side = { connection, socket, received: 0 };
    latest = side;
    socket.on('message', (data, isBinary) => {
      side.received += 1;
      void connection.handleMessage(data, isBinary);
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    latest: () => latest!,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/** A raw client that keeps every answer: JSON ones parsed, binary as ids. */
interface RawClient {
  socket: WebSocket;
  answers: { id: number | null; code?: string; binary?: boolean }[];
  closed: Promise<number>;
}

async function connectRaw(
  url: string,
  localAddress?: string,
): Promise<RawClient> {
  const socket = new WebSocket(url, localAddress ? { localAddress } : {});
  const client: RawClient = {
    socket,
    answers: [],
    closed: new Promise((resolve) => socket.once('close', resolve)),
  };
  socket.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      // The binary header names the request it answers (bytes 8 to 11).
      client.answers.push({ id: data.readUInt32LE(8), binary: true });
      return;
    }
    const message = JSON.parse(data.toString());
    if ('event' in message) return;
    client.answers.push({ id: message.id, code: message.error?.code });
  });
  await new Promise((resolve) => socket.once('open', resolve));
  return client;
}

async function login(client: RawClient, id: number): Promise<void> {
  const before = client.answers.length;
  client.socket.send(
    JSON.stringify({
      id,
      method: 'Authenticate',
      params: {
        username: 'reader',
        password: 'reader-Pw1',
        closeOtherSessions: true,
      },
    }),
  );
  await until(() => expect(client.answers.length).toBe(before + 1));
  expect(client.answers.at(-1)).toEqual({ id, code: undefined });
}

function getFrame(id: number): string {
  return JSON.stringify({
    id,
    method: 'GetFrame',
    params: { sopInstanceUid: SOP_INSTANCE_UID, frameIndex: 0 },
  });
}

describe('an RPC connection whose client stops reading', () => {
  it('keeps the answers it buffers bounded, however many frames are asked for', async () => {
    const limits = {
      ...DEFAULT_FLOW_LIMITS,
      maxInFlight: 4,
      highWaterBytes: 1024 * 1024,
    };
    const server = await startServer(limits);
    const client = await connectRaw(server.url);
    await login(client, 1);
    const side = server.latest();
    client.socket.pause();

    // Waves of maxInFlight requests; after each, wait until the server has
    // read them all and answered each, or holds its answer waiting for
    // room, which it does once the kernel's buffers are full. Soon it has
    // maxInFlight answers waiting and stops reading. Without limits, 40
    // waves would buffer 80 MiB of frames.
    let sent = 0;
    let peakBuffered = 0;
    let peakBacklog = 0;
    for (let wave = 0; wave < 40 && !side.socket.isPaused; wave += 1) {
      for (let i = 0; i < limits.maxInFlight; i += 1) {
        client.socket.send(getFrame(100 + sent));
        sent += 1;
      }
      await until(() => {
        expect(side.received).toBe(sent + 1);
        const queued =
          side.connection.backlogBytes - side.socket.bufferedAmount;
        expect(queued).toBeGreaterThanOrEqual(
          side.connection.inFlight * FRAME_BYTES,
        );
      });
      peakBuffered = Math.max(peakBuffered, side.socket.bufferedAmount);
      peakBacklog = Math.max(peakBacklog, side.connection.backlogBytes);
    }
    expect(side.socket.isPaused).toBe(true);
    expect(side.connection.inFlight).toBe(limits.maxInFlight);

    // The server no longer reads, so more requests cost it nothing; they
    // are read once the client reads again, in one go, and those past the
    // limit are refused.
    for (let i = 0; i < 2 * limits.maxInFlight; i += 1) {
      client.socket.send(getFrame(100 + sent));
      sent += 1;
    }

    // One frame answer may overshoot the high-water mark; the queue holds
    // at most one answer per request in flight.
    const frameMessage = FRAME_BYTES + 4096;
    expect(peakBuffered).toBeLessThanOrEqual(
      limits.highWaterBytes + frameMessage,
    );
    expect(peakBacklog).toBeLessThanOrEqual(
      limits.highWaterBytes + (limits.maxInFlight + 1) * frameMessage,
    );

    // Once the client reads again, every request gets one answer: a frame,
    // or CORE_TOO_MANY_REQUESTS for those read past the limit.
    client.socket.resume();
    await until(() => expect(client.answers.length).toBe(sent + 1));
    const answers = client.answers.slice(1);
    expect(new Set(answers.map((a) => a.id)).size).toBe(sent);
    const frames = answers.filter((a) => a.binary).length;
    const refused = answers.filter((a) => a.code === 'CORE_TOO_MANY_REQUESTS');
    expect(frames).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThanOrEqual(limits.maxInFlight);
    expect(frames + refused.length).toBe(sent);
    expect(side.socket.isPaused).toBe(false);

    client.socket.close();
    await server.close();
  }, 60_000);

  it('is cut once its unread answers pass the hard limit', async () => {
    const limits = {
      ...DEFAULT_FLOW_LIMITS,
      maxInFlight: 4,
      highWaterBytes: 256 * 1024,
      hardLimitBytes: 256 * 1024 + FRAME_BYTES,
    };
    const server = await startServer(limits);
    const client = await connectRaw(server.url);
    await login(client, 1);
    client.socket.pause();

    // Nothing is read, so the kernel's buffers, then the socket's fill up;
    // the first answer that must wait passes the hard limit.
    const side = server.latest();
    let sent = 0;
    for (let wave = 0; wave < 40; wave += 1) {
      for (let i = 0; i < limits.maxInFlight; i += 1) {
        client.socket.send(getFrame(100 + sent));
        sent += 1;
      }
      await until(() => {
        const cut = side.socket.readyState === WebSocket.CLOSED;
        const answered =
          side.received === sent + 1 && side.connection.inFlight === 0;
        expect(cut || answered).toBe(true);
      });
      if (side.socket.readyState === WebSocket.CLOSED) break;
    }
    expect(side.socket.readyState).toBe(WebSocket.CLOSED);
    client.socket.resume();
    expect(await client.closed).toBe(1006);
    const entry = harness
      .logEntries()
      .find((e) => e.op === 'ConnectionError' && e.user === 'reader');
    expect(entry).toMatchObject({
      level: 'WARNING',
      reason: expect.stringContaining('bytes of answers unread'),
    });
    await server.close();
  }, 60_000);
  it('is cut when its answers wait longer than stallMs with nothing read', async () => {
    const limits = {
      ...DEFAULT_FLOW_LIMITS,
      maxInFlight: 4,
      highWaterBytes: 256 * 1024,
      stallMs: 200,
    };
    const server = await startServer(limits);
    const client = await connectRaw(server.url);
    await login(client, 1);
    client.socket.pause();
    const side = server.latest();
    const cut = new Promise((resolve) => side.socket.once('close', resolve));

    // Ask until answers wait; then the client reads nothing more.
    let sent = 0;
    while (side.connection.backlogBytes <= side.socket.bufferedAmount) {
      for (let i = 0; i < limits.maxInFlight; i += 1) {
        client.socket.send(getFrame(100 + sent));
        sent += 1;
      }
      await until(() => {
        expect(side.received).toBe(sent + 1);
        const queued =
          side.connection.backlogBytes - side.socket.bufferedAmount;
        expect(queued).toBeGreaterThanOrEqual(
          side.connection.inFlight * FRAME_BYTES,
        );
      });
    }
    await cut;
    const entry = harness
      .logEntries()
      .find(
        (e) =>
          e.op === 'ConnectionError' &&
          String(e.reason).includes('with nothing read'),
      );
    expect(entry).toMatchObject({ user: 'reader', level: 'WARNING' });
    client.socket.terminate();
    await server.close();
  }, 60_000);
});

describe('logins on an RPC connection', () => {
  it('refuses an Authenticate pipelined behind another on the same connection', async () => {
    const server = await startServer(DEFAULT_FLOW_LIMITS);
    const client = await connectRaw(server.url);
    for (let id = 1; id <= 3; id += 1) {
      client.socket.send(
        JSON.stringify({
          id,
          method: 'Authenticate',
          params: { username: `ghost${id}`, password: 'Not-Theirs-1' },
        }),
      );
    }
    await until(() => expect(client.answers).toHaveLength(3));
    expect(client.answers).toEqual([
      { id: 2, code: 'CORE_LOGIN_BUSY' },
      { id: 3, code: 'CORE_LOGIN_BUSY' },
      { id: 1, code: 'CORE_AUTH_FAILED' },
    ]);

    // Once answered, the next login runs.
    await login(client, 4);
    client.socket.close();
    await server.close();
  });

  it('keeps a flood of logins from one address from holding up another address', async () => {
    const server = await startServer(DEFAULT_FLOW_LIMITS);
    const flood: RawClient[] = [];
    for (let i = 0; i < 100; i += 1) flood.push(await connectRaw(server.url));
    flood.forEach((client, i) =>
      client.socket.send(
        JSON.stringify({
          id: 1,
          method: 'Authenticate',
          params: { username: `ghost${i}`, password: 'Not-Theirs-1' },
        }),
      ),
    );
    const codes = () => flood.flatMap((c) => c.answers.map((a) => a.code));
    // 4 run, 32 wait their turn, the other 64 are refused at once.
    await until(() =>
      expect(codes().filter((c) => c === 'CORE_TOO_MANY_LOGINS')).toHaveLength(
        64,
      ),
    );

    const other = await connectRaw(server.url, '127.0.0.2');
    let checkedBefore = -1;
    other.socket.on('message', () => {
      checkedBefore = codes().filter((c) => c === 'CORE_AUTH_FAILED').length;
    });
    await login(other, 1);

    // The other address's password check queued behind the four flood
    // checks running, not behind the 32 waiting.
    expect(checkedBefore).toBeGreaterThanOrEqual(0);
    expect(checkedBefore).toBeLessThanOrEqual(8);
    await until(() => expect(codes()).toHaveLength(100));
    for (const client of [...flood, other]) client.socket.close();
    await server.close();
  }, 60_000);
});
