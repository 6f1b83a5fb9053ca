/**
 * Session benchmark of the web module on the Sunnybrook stack, with real
 * processes: a Core Server, the WebClient Service (without Next), a Worker
 * Manager and its render workers, and a socket.io client standing where
 * the browser stands. Measures:
 *
 * - open-study to first frame delivered, over fresh sessions whose worker
 *   is ready (warm), and from socket connect (including worker start);
 * - frame latency while scrolling slices and playing phases, one frame at
 *   a time with viewer-state hints, as a viewer asks;
 * - frames per second delivered to one session, pixel and rendered;
 * - resident memory of an idle and of a busy worker;
 * - where Orthanc is installed, the same frames from a private Orthanc.
 *
 * Run: `npx tsx workers/render-worker/bench/session-bench.ts` (after a
 * build), or through `npm run bench`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeWebFrame,
  type FrameRef,
  type FrameRequest,
  type RenderOptions,
  type WebAck,
  type WebStudy,
} from '@atrium/protocol';
import { testdataPath } from '@atrium/testdata';
import {
  buildProcesses,
  nextEvent,
  renderWorkerPids,
  startHarness,
  waitUntil,
  type BrowserSocket,
  type Harness,
} from '../../../apps/webclient-service/test/server-harness.js';
import { measureOrthanc, type OrthancFigures } from './orthanc-yardstick.js';

const SUNNYBROOK = 'cardiac/sunnybrook_SCD0000101_cinesax';

/** Milliseconds: median and tails. */
export interface Spread {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export interface SessionBenchResult {
  firstFrameWarm: Spread;
  firstFrameWithWorkerStart: Spread;
  scrollLatency: Spread;
  cineLatency: Spread;
  pixelFramesPerSecond: { cold: number; warm: number };
  /** First pass renders every frame; the repeat is served from the cache. */
  renderedFramesPerSecond: { firstPass: number; repeat: number };
  idleWorkerRssMiB: number;
  busyWorkerRssMiB: number;
  orthanc: OrthancFigures | null;
}

export interface SessionBenchOptions {
  /** Fresh sessions opened for the first-frame figures (default 20). */
  opens?: number;
  /** Requests kept in flight for the rate figures (default 16). */
  inFlight?: number;
  /** Skip the Orthanc comparison. */
  withoutOrthanc?: boolean;
}

/** Runs every measurement once and returns the figures. */
export async function benchSession(
  options: SessionBenchOptions = {},
): Promise<SessionBenchResult> {
  const opens = options.opens ?? 20;
  const inFlight = options.inFlight ?? 16;
  buildProcesses();
  const harness = await startHarness({ browserGraceSeconds: 5 });
  try {
    harness.startManager('bench', 4);
    await waitUntil(
      async () => (await harness.health()).managers === 1,
      15_000,
      'the manager',
    );
    // One throw-away session warms the Core Server's caches and the service.
    await endSession(await openFirstFrame(harness).then((r) => r.socket));

    const warm: number[] = [];
    const withStart: number[] = [];
    for (let i = 0; i < opens; i += 1) {
      const run = await openFirstFrame(harness);
      warm.push(run.warmMs);
      withStart.push(run.withStartMs);
      await endSession(run.socket);
    }

    const session = await startSession(harness);
    const idleRss = rssMiB(session.pid);
    const study = await openStudy(session.socket, harness.studyUid);
    const series = study.series[0]!;
    const scroll = await measureScroll(session.socket, study);
    const cine = await measureCine(session.socket, study);
    await endSession(session.socket);

    const fresh = await startSession(harness);
    await openStudy(fresh.socket, harness.studyUid);
    const refs = series.slices.flatMap((slice) => slice.phases);
    const cold = await measureRate(fresh.socket, refs, 'pixel', inFlight);
    const warmRate = await bestOf(3, () =>
      measureRate(fresh.socket, refs, 'pixel', inFlight),
    );
    const rendered = await measureRate(
      fresh.socket,
      refs,
      'rendered',
      inFlight,
    );
    const renderedAgain = await bestOf(3, () =>
      measureRate(fresh.socket, refs, 'rendered', inFlight),
    );
    const busyRss = rssMiB(fresh.pid);
    await endSession(fresh.socket);

    return {
      firstFrameWarm: spread(warm),
      firstFrameWithWorkerStart: spread(withStart),
      scrollLatency: spread(scroll),
      cineLatency: spread(cine),
      pixelFramesPerSecond: { cold, warm: warmRate },
      renderedFramesPerSecond: { firstPass: rendered, repeat: renderedAgain },
      idleWorkerRssMiB: idleRss,
      busyWorkerRssMiB: busyRss,
      orthanc: options.withoutOrthanc
        ? null
        : measureOrthanc(sunnybrookFiles()),
    };
  } finally {
    await harness.stop();
  }
}

/** The figures as a Markdown table, with ratios to Orthanc when measured. */
export function formatSessionTable(result: SessionBenchResult): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rate = (value: number) => `${value.toFixed(0)} frames/s`;
  const o = result.orthanc;
  const ratio = (ours: number, theirs: number | undefined) =>
    theirs
      ? `${(ours / theirs).toFixed(2)}× Orthanc (${theirs.toFixed(0)}/s)`
      : '';
  const rows = [
    [
      'open-study → first frame, warm (p50 / p95)',
      `${ms(result.firstFrameWarm.p50)} / ${ms(result.firstFrameWarm.p95)}`,
      '',
    ],
    [
      'connect → first frame, incl. worker start (p50 / p95)',
      `${ms(result.firstFrameWithWorkerStart.p50)} / ${ms(result.firstFrameWithWorkerStart.p95)}`,
      '',
    ],
    [
      'scroll latency, slices (p50 / p99)',
      `${ms(result.scrollLatency.p50)} / ${ms(result.scrollLatency.p99)}`,
      '',
    ],
    [
      'cine latency, phases (p50 / p99)',
      `${ms(result.cineLatency.p50)} / ${ms(result.cineLatency.p99)}`,
      '',
    ],
    [
      'pixel frames to one session, first pass',
      rate(result.pixelFramesPerSecond.cold),
      ratio(result.pixelFramesPerSecond.cold, o?.rawPerSecond),
    ],
    [
      'pixel frames to one session, cached (best of 3)',
      rate(result.pixelFramesPerSecond.warm),
      ratio(result.pixelFramesPerSecond.warm, o?.rawPerSecond),
    ],
    [
      'rendered JPEG q90 frames to one session, first pass',
      rate(result.renderedFramesPerSecond.firstPass),
      ratio(result.renderedFramesPerSecond.firstPass, o?.renderedPerSecond),
    ],
    [
      'rendered JPEG q90 frames, repeated (cine loop, cached; best of 3)',
      rate(result.renderedFramesPerSecond.repeat),
      ratio(result.renderedFramesPerSecond.repeat, o?.renderedPerSecond),
    ],
    [
      'idle worker resident memory',
      `${result.idleWorkerRssMiB.toFixed(1)} MiB`,
      '',
    ],
    [
      'busy worker resident memory',
      `${result.busyWorkerRssMiB.toFixed(1)} MiB`,
      '',
    ],
  ];
  const lines = [
    '| measure | Atrium | compared |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  if (o) {
    lines.push(
      '',
      `Orthanc ${o.version} on loopback, same ${o.frames} frames: rendered JPEG ` +
        `${o.renderedMsSequential.toFixed(2)} ms one at a time, ${o.renderedPerSecond.toFixed(0)}/s with 16 in flight; ` +
        `raw ${o.rawMsSequential.toFixed(2)} ms, ${o.rawPerSecond.toFixed(0)}/s.`,
    );
  } else {
    lines.push(
      '',
      'Orthanc: not installed or its private namespace could not be made; no comparison.',
    );
  }
  return lines.join('\n');
}

interface Session {
  socket: BrowserSocket;
  pid: number;
}

async function startSession(harness: Harness): Promise<Session> {
  const before = renderWorkerPids();
  const socket = await harness.connect(await harness.login());
  await nextEvent(socket, 'worker-ready');
  const pid = renderWorkerPids().find((p) => !before.includes(p)) ?? 0;
  return { socket, pid };
}

async function openFirstFrame(harness: Harness) {
  const cookie = await harness.login();
  const connectedAt = performance.now();
  const socket = await harness.connect(cookie);
  await nextEvent(socket, 'worker-ready');

  const openedAt = performance.now();
  const study = await openStudy(socket, harness.studyUid);
  const first = study.series[0]!.slices[0]!.phases[0]!;
  await requestFrames(socket, [first], 'pixel');
  const done = performance.now();
  return { socket, warmMs: done - openedAt, withStartMs: done - connectedAt };
}

function openStudy(socket: BrowserSocket, studyUid: string): Promise<WebStudy> {
  return new Promise((resolve, reject) => {
    socket.emit('open-study', { studyUid }, (answer: WebAck<WebStudy>) =>
      answer.ok
        ? resolve(answer.result)
        : reject(new Error(answer.error.message)),
    );
  });
}

let nextRequestId = 1;

/** Asks for frames and resolves when every one has arrived. */
function requestFrames(
  socket: BrowserSocket,
  refs: FrameRef[],
  kind: 'pixel' | 'rendered',
): Promise<void> {
  const render: RenderOptions = { format: 'jpeg', quality: 90 };
  const requests: FrameRequest[] = refs.map((ref) => ({
    requestId: nextRequestId++,
    sopInstanceUid: ref.sopInstanceUid,
    frameIndex: ref.frameIndex,
    kind,
    ...(kind === 'rendered' ? { render } : {}),
  }));
  const waiting = new Set(requests.map((r) => r.requestId));
  return new Promise((resolve, reject) => {
    const onFrame = (bytes: ArrayBuffer | Uint8Array) => {
      const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      waiting.delete(decodeWebFrame(view).requestId);
      if (waiting.size === 0) finish();
    };
    const onError = (event: {
      requestId: number;
      error: { message: string };
    }) => {
      if (waiting.has(event.requestId)) reject(new Error(event.error.message));
    };
    const finish = () => {
      socket.off('frame', onFrame);
      socket.off('frame-error', onError);
      resolve();
    };
    socket.on('frame', onFrame);
    socket.on('frame-error', onError);
    socket.emit('frames', { requests });
  });
}

/** Scrolls through every slice and back at phase 0, 20 ms between steps. */
async function measureScroll(
  socket: BrowserSocket,
  study: WebStudy,
): Promise<number[]> {
  const series = study.series[0]!;
  const order = [
    ...series.slices.keys(),
    ...[...series.slices.keys()].reverse(),
  ];
  const latencies: number[] = [];
  for (const sliceIndex of [...order, ...order]) {
    latencies.push(await stepTo(socket, study, sliceIndex, 0));
  }
  return latencies;
}

/** Plays the phases of the middle slice three times over. */
async function measureCine(
  socket: BrowserSocket,
  study: WebStudy,
): Promise<number[]> {
  const series = study.series[0]!;
  const sliceIndex = Math.floor(series.slices.length / 2);
  const latencies: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    for (let phase = 0; phase < series.phaseCount; phase += 1) {
      latencies.push(await stepTo(socket, study, sliceIndex, phase));
    }
  }
  return latencies;
}

async function stepTo(
  socket: BrowserSocket,
  study: WebStudy,
  sliceIndex: number,
  phaseIndex: number,
): Promise<number> {
  const series = study.series[0]!;
  socket.emit('viewer-state', {
    studyUid: study.studyUid,
    viewports: [
      {
        seriesUid: series.seriesUid,
        sliceIndex,
        phaseIndex,
        windowCentre: null,
        windowWidth: null,
      },
    ],
  });
  const started = performance.now();
  await requestFrames(
    socket,
    [series.slices[sliceIndex]!.phases[phaseIndex]!],
    'pixel',
  );
  const latency = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 20));
  return latency;
}

async function measureRate(
  socket: BrowserSocket,
  refs: FrameRef[],
  kind: 'pixel' | 'rendered',
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lanes = Array.from({ length: inFlight }, async () => {
    while (next < refs.length)
      await requestFrames(socket, [refs[next++]!], kind);
  });
  await Promise.all(lanes);
  return refs.length / ((performance.now() - started) / 1000);
}

/** The best of several runs: other load on the machine only slows. */
async function bestOf(runs: number, measure: () => Promise<number>) {
  let best = 0;
  for (let i = 0; i < runs; i += 1) best = Math.max(best, await measure());
  return best;
}

async function endSession(socket: BrowserSocket): Promise<void> {
  await new Promise((resolve) => socket.emit('end-session', resolve));
  socket.disconnect();
}

function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kib / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Median and tails of a list of milliseconds. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ??
    Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: values.length };
}

function sunnybrookFiles(): string[] {
  const dir = testdataPath(SUNNYBROOK);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.dcm'))
    .map((name) => join(dir, name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchSession();
  console.log(formatSessionTable(result));
}
