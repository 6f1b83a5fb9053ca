import { readFileSync } from 'node:fs';
import { WEB_SOCKET_PATH, type WebAck, type WebStudy } from '@atrium/protocol';
import { io } from 'socket.io-client';
import { hasTestdata } from '@atrium/testdata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SOCKETS_PER_SESSION,
  BROWSER_HIGH_WATER_BYTES,
} from '../server/browser-sockets.js';
import { MAX_OPEN_PER_SESSION } from '../server/frame-relay.js';
import {
  buildProcesses,
  nextEvent,
  renderWorkerPids,
  startHarness,
  waitUntil,
  type BrowserSocket,
  type Harness,
} from './server-harness.js';

let harness: Harness;

beforeAll(async () => {
  buildProcesses();
  harness = await startHarness();
  harness.startManager('flood', 4);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

function openStudy(socket: BrowserSocket): Promise<WebStudy> {
  return new Promise((resolve, reject) =>
    socket.emit(
      'open-study',
      { studyUid: harness.studyUid },
      (answer: WebAck<WebStudy>) =>
        answer.ok ? resolve(answer.result) : reject(new Error('open-study')),
    ),
  );
}

/** Resident memory of a process in bytes, from /proc. */
function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0';
  return Number(kib) * 1024;
}

/** The TCP socket under a socket.io client's WebSocket transport. */
function tcpOf(socket: BrowserSocket): { pause(): void; resume(): void } {
  const engine = (socket.io as unknown as { engine: unknown }).engine as {
    transport: { ws: { _socket: { pause(): void; resume(): void } } };
  };
  return engine.transport.ws._socket;
}

describe.runIf(hasTestdata())('a browser that stops reading its frames', () => {
  it('leaves the service’s and the worker’s buffered bytes bounded', async () => {
    const before = new Set(renderWorkerPids());
    const socket = await harness.connect(await harness.login());
    await nextEvent(socket, 'worker-ready');
    const workerPid = renderWorkerPids().find((pid) => !before.has(pid))!;
    const study = await openStudy(socket);
    const refs = study.series.flatMap((series) =>
      series.slices.flatMap((slice) => slice.phases),
    );
    expect(refs.length).toBeGreaterThan(0);
    const session = harness.service.sessions
      .all()
      .find((candidate) => candidate.browserCount > 0 && candidate.hasWorker)!;
    const workerStart = residentBytes(workerPid);

    tcpOf(socket).pause();
    let requestId = 1;
    for (let batch = 0; batch < 16; batch += 1) {
      const requests = Array.from({ length: 512 }, () => ({
        requestId: requestId++,
        ...refs[requestId % refs.length]!,
        kind: 'pixel' as const,
      }));
      socket.emit('frames', { requests });
    }

    await waitUntil(() => session.workerHeld, 60_000, 'the worker held');
    let largestService = 0;
    let largestWorker = 0;
    for (let sample = 0; sample < 40; sample += 1) {
      largestService = Math.max(largestService, session.browserBufferedBytes);
      largestWorker = Math.max(largestWorker, residentBytes(workerPid));
      expect(session.frames.size).toBeLessThanOrEqual(MAX_OPEN_PER_SESSION);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // One frame may land past the high-water mark before relaying pauses.
    expect(largestService).toBeLessThan(BROWSER_HIGH_WATER_BYTES + 4_000_000);
    expect(largestWorker - workerStart).toBeLessThan(256 * 1024 * 1024);

    tcpOf(socket).resume();
    await waitUntil(() => !session.workerHeld, 60_000, 'the worker resumed');
    socket.disconnect();
  }, 180_000);

  it('refuses a socket past the per-session limit with a reason', async () => {
    const cookie = await harness.login();
    const sockets: BrowserSocket[] = [];
    for (let n = 0; n < MAX_SOCKETS_PER_SESSION; n += 1) {
      sockets.push(await harness.connect(cookie));
    }
    // Listen before connecting: the refusal follows the connect at once.
    const web = `http://127.0.0.1:${harness.service.ports.web}`;
    const extra = io(web, {
      path: WEB_SOCKET_PATH,
      transports: ['websocket'],
      extraHeaders: { cookie, origin: web },
      reconnection: false,
      forceNew: true,
    });
    const disconnected = new Promise((resolve) =>
      extra.once('disconnect', resolve),
    );
    const refused = await new Promise<{ error: { code: string } }>((resolve) =>
      extra.once('socket-refused', resolve),
    );
    await disconnected;

    expect(refused.error.code).toBe('WEB_TOO_MANY_SOCKETS');
    expect(sockets.every((socket) => socket.connected)).toBe(true);
    for (const socket of sockets) socket.disconnect();
  }, 60_000);
});
