import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeWebFrame,
  type WebAck,
  type WebFrame,
  type WebStudy,
} from '@atrium/protocol';
import { hasTestdata } from '@atrium/testdata';
import {
  buildProcesses,
  isAlive,
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
  harness.startManager('alpha', 2);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

function openStudy(socket: BrowserSocket, studyUid: string): Promise<WebStudy> {
  return new Promise((resolve, reject) => {
    socket.emit('open-study', { studyUid }, (answer: WebAck<WebStudy>) =>
      answer.ok
        ? resolve(answer.result)
        : reject(new Error(answer.error.message)),
    );
  });
}

function collectFrames(
  socket: BrowserSocket,
  count: number,
): Promise<WebFrame[]> {
  const frames: WebFrame[] = [];
  return new Promise((resolve) => {
    const onFrame = (bytes: ArrayBuffer | Uint8Array) => {
      frames.push(
        decodeWebFrame(
          bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
        ),
      );
      if (frames.length === count) {
        socket.off('frame', onFrame);
        resolve(frames);
      }
    };
    socket.on('frame', onFrame);
  });
}

async function sessionWorkerPid(before: number[]): Promise<number> {
  let pid = 0;
  await waitUntil(
    () => {
      pid = renderWorkerPids().find((p) => !before.includes(p)) ?? 0;
      return pid > 0;
    },
    15_000,
    'a new render-worker process',
  );
  return pid;
}

describe.runIf(hasTestdata())(
  'a browser session on the WebClient Service',
  () => {
    it('recruits a worker, opens the Sunnybrook study and streams its frames', async () => {
      const before = renderWorkerPids();
      const socket = await harness.connect(await harness.login());
      await nextEvent(socket, 'worker-ready');
      const pid = await sessionWorkerPid(before);

      const study = await openStudy(socket, harness.studyUid);
      const series = study.series[0]!;
      expect(series.slices).toHaveLength(12);
      expect(series.phaseCount).toBe(20);
      const first = series.slices[0]!.phases[0]!;

      const frames = collectFrames(socket, 2);
      socket.emit('frames', {
        requests: [
          {
            requestId: 11,
            sopInstanceUid: first.sopInstanceUid,
            frameIndex: 0,
            kind: 'pixel',
          },
          {
            requestId: 12,
            sopInstanceUid: first.sopInstanceUid,
            frameIndex: 0,
            kind: 'rendered',
            render: { format: 'jpeg', maxSize: 64 },
          },
        ],
      });
      const byId = new Map(
        (await frames).map((frame) => [frame.requestId, frame]),
      );

      const pixel = byId.get(11)!;
      expect(pixel.kind).toBe('pixel');
      expect(pixel.meta).toMatchObject({
        rows: 256,
        columns: 256,
        sopInstanceUid: first.sopInstanceUid,
      });
      expect(pixel.kind === 'pixel' && pixel.samples.length).toBe(256 * 256);
      const rendered = byId.get(12)!;
      expect(
        rendered.kind === 'rendered' && [
          rendered.meta.width,
          rendered.image[0],
        ],
      ).toEqual([64, 0xff]);

      expect(await harness.health()).toMatchObject({
        managers: 1,
        workers: 1,
        sessions: 1,
      });
      expect(isAlive(pid)).toBe(true);
      socket.disconnect();
      await waitUntil(
        () => !isAlive(pid),
        15_000,
        'the worker to end after the grace period',
      );
    }, 60_000);

    it('stops the worker within 10 seconds of logout', async () => {
      const before = renderWorkerPids();
      const socket = await harness.connect(await harness.login());
      await nextEvent(socket, 'worker-ready');
      const pid = await sessionWorkerPid(before);

      const ended = nextEvent<{ reason: string }>(socket, 'session-ended');
      await new Promise((resolve) => socket.emit('end-session', resolve));
      expect((await ended).reason).toBe('logout');
      await waitUntil(() => !isAlive(pid), 10_000, 'the worker to end');
      await waitUntil(
        async () => (await harness.health()).sessions === 0,
        5000,
        'no session',
      );
    }, 60_000);

    it('replaces a killed worker and resumes the same study, slice, phase and window', async () => {
      const before = renderWorkerPids();
      const socket = await harness.connect(await harness.login());
      await nextEvent(socket, 'worker-ready');
      const pid = await sessionWorkerPid(before);
      const study = await openStudy(socket, harness.studyUid);
      const state = {
        studyUid: study.studyUid,
        layout: '1x1',
        viewports: [
          {
            seriesUid: study.series[0]!.seriesUid,
            sliceIndex: 5,
            phaseIndex: 7,
            windowCentre: 600,
            windowWidth: 1200,
          },
        ],
      };
      socket.emit('viewer-state', state);
      await new Promise((resolve) => setTimeout(resolve, 200));

      const lost = nextEvent(socket, 'worker-lost');
      const resumed = nextEvent<{ state: unknown; study: WebStudy | null }>(
        socket,
        'worker-resumed',
        30_000,
      );
      process.kill(pid, 'SIGKILL');
      await lost;
      const resume = await resumed;
      expect(resume.state).toEqual(state);
      expect(resume.study?.studyUid).toBe(study.studyUid);

      const replacement = renderWorkerPids().find(
        (p) => !before.includes(p) && p !== pid,
      );
      expect(replacement).toBeDefined();
      const ref = study.series[0]!.slices[5]!.phases[7]!;
      const frames = collectFrames(socket, 1);
      socket.emit('frames', {
        requests: [
          {
            requestId: 1,
            sopInstanceUid: ref.sopInstanceUid,
            frameIndex: 0,
            kind: 'pixel',
          },
        ],
      });
      expect((await frames)[0]!.meta.sopInstanceUid).toBe(ref.sopInstanceUid);

      await new Promise((resolve) => socket.emit('end-session', resolve));
      await waitUntil(
        () => !isAlive(replacement!),
        10_000,
        'the replacement to end',
      );
    }, 90_000);
  },
);
