import { EventEmitter } from 'node:events';
import type { Logger } from '@atrium/log';
import {
  RpcPeer,
  WORKER_CLOSE_CODES,
  WORKER_TICKET_HEADER,
  type OpenStudyRequest,
  type PairedResult,
  type PixelFrame,
  type ViewerState,
  type WebStudy,
  type WorkerInboundEvents,
  type WorkerMethods,
  type WorkerOutboundEvents,
  type WorkerServiceMethods,
} from '@atrium/protocol';
import WebSocket from 'ws';
import { CoreLink } from './core-link.js';
import { workerError } from './errors.js';
import { FrameCache } from './frame-cache.js';
import { FramePipeline } from './frame-pipeline.js';
import { planPrefetch } from './prefetch-plan.js';
import { RenderPool } from './render-pool.js';
import { layOutStudy } from './study-layout.js';

/**
 * Unsent bytes on the link to the service past which the pipeline starts no
 * new work (the service stops reading while a browser is not reading).
 */
export const LINK_HIGH_WATER_BYTES = 8 * 1024 * 1024;

export interface RenderWorkerOptions {
  /** ws:// URL of the service's worker RPC port (WORKER_ENV.serviceUrl). */
  serviceUrl: string;
  /** The one-time ticket (WorkerTicketMessage). */
  ticket: string;
  log: Logger;
  /** Byte budget of the frame cache (default 192 MiB). */
  cacheBytes?: number;
  /** Render threads at most (default 2). */
  renderThreads?: number;
  /** Render on the main thread instead of the pool (benchmark only). */
  inlineRender?: boolean;
}

type WorkerPeer = RpcPeer<
  WorkerServiceMethods,
  WorkerMethods,
  WorkerOutboundEvents,
  WorkerInboundEvents
>;

/**
 * One render worker: paired with one browser session through the service,
 * attached to that user's Core Server session. Emits `end` (reason) once,
 * when it has stopped: the service ended the session or went away, the
 * Core Server ended the session, or the browser stayed away past the grace
 * period.
 */
export class RenderWorker extends EventEmitter<{ end: [string] }> {
  readonly #options: RenderWorkerOptions;
  readonly #socket: WebSocket;
  readonly #peer: WorkerPeer;
  readonly #core: Promise<CoreLink>;
  #pair!: (core: CoreLink) => void;
  #paired: PairedResult | null = null;
  readonly #pool: RenderPool;
  readonly #cache: FrameCache<PixelFrame>;
  readonly #renderedCache: FrameCache<Uint8Array>;
  readonly #pipeline: FramePipeline;
  readonly #log: Logger;
  readonly #studies = new Map<string, Promise<WebStudy>>();
  #state: ViewerState | null = null;
  #graceTimer: NodeJS.Timeout | undefined;
  #ended = false;

  /**
   * @internal Use startRenderWorker. Every handler is in place before Hello
   * is sent: the service may send work right behind its answer.
   */
  constructor(
    socket: WebSocket,
    peer: WorkerPeer,
    options: RenderWorkerOptions,
  ) {
    super();
    this.#options = options;
    this.#socket = socket;
    this.#peer = peer;
    this.#log = options.log;
    this.#core = new Promise((resolve) => (this.#pair = resolve));
    this.#pool = new RenderPool({
      maxThreads: options.renderThreads,
      inline: options.inlineRender,
    });
    this.#cache = new FrameCache<PixelFrame>(
      options.cacheBytes ?? 192 * 1024 * 1024,
      (frame) => frame.samples.byteLength,
    );
    this.#renderedCache = new FrameCache<Uint8Array>(
      32 * 1024 * 1024,
      (bytes) => bytes.byteLength,
    );
    const core = this.#core;
    this.#pipeline = new FramePipeline({
      source: {
        getFrame: async (sop, frame) => (await core).getFrame(sop, frame),
      },
      pool: this.#pool,
      cache: this.#cache,
      renderedCache: this.#renderedCache,
      send: (bytes) => this.#send(bytes),
      congested: () => this.#socket.bufferedAmount > LINK_HIGH_WATER_BYTES,
      fail: (requestId, error) =>
        peer.notify('FrameError', { requestId, error }),
      log: options.log,
    });
    this.#wire();
  }

  /** What the service said when it paired this worker. */
  get paired(): PairedResult | null {
    return this.#paired;
  }

  /** Presents the ticket; the answer pairs this worker with its session. */
  async pair(): Promise<PairedResult> {
    const paired = await this.#peer.request(
      'Hello',
      { ticket: this.#options.ticket, pid: process.pid },
      15_000,
    );
    this.#paired = paired;
    this.#state ??= paired.resume;
    const core = new CoreLink(paired.coreServer, paired.token, this.#log);
    core.on('session-ended', (reason) => {
      this.#log.info('Core Server ended the session', { reason });
      this.#peer.notify('CoreSessionEnded', { reason });
    });
    core.on('token-renewed', (token) =>
      this.#peer.notify('TokenRenewed', { token }),
    );
    core.on('retrieve-progress', ({ studyUid, received, expected, done }) =>
      this.#peer.notify('StudyProgress', {
        studyUid,
        done: received,
        total: done ? received : expected,
      }),
    );
    this.#pair(core);
    return paired;
  }

  /** Bytes of frames held in the cache. */
  get cacheBytes(): number {
    return this.#cache.bytes;
  }

  /** Attaches to the Core Server now and reopens a resumed study. */
  async warmUp(): Promise<void> {
    await (await this.#core).connect();
    const studyUid = this.#state?.studyUid;
    if (studyUid) await this.#openStudy({ studyUid });
  }

  /** Stops: closes both links and the render pool, then emits `end`. */
  async stop(reason: string): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#graceTimer);
    this.#log.info('Render worker stopping', { reason });
    this.#socket.close(1000, reason);
    this.#cache.clear();
    this.#renderedCache.clear();
    const core = this.#paired ? await this.#core : null;
    await Promise.allSettled([core?.close(), this.#pool.close()]);
    this.emit('end', reason);
  }

  #wire(): void {
    const peer = this.#peer;
    peer.handle('OpenStudy', (request) => this.#openStudy(request));
    peer.handle('ListStudies', async (params) =>
      (await this.#core).listStudies(params ?? {}),
    );
    peer.handle('ListMeasurements', async ({ studyUid }) =>
      (await this.#core).listMeasurements(studyUid),
    );
    peer.handle('SaveMeasurements', async ({ studyUid, measurements }) =>
      (await this.#core).saveMeasurements(studyUid, measurements),
    );
    peer.on('Frames', ({ requests }) => this.#pipeline.request(requests));
    peer.on('CancelFrames', ({ requestIds }) =>
      this.#pipeline.cancel(requestIds),
    );
    peer.on('ViewerState', (state) => {
      this.#state = state;
      void this.#planPrefetch();
    });
    peer.on('BrowserPresence', ({ present }) => this.#onPresence(present));
    peer.on(
      'TokenRenewed',
      ({ token }) => void this.#core.then((core) => core.offerToken(token)),
    );
    this.#socket.on('close', (code) => {
      peer.close();
      void this.stop(describeClose(code));
    });
  }

  /**
   * Opens a study by Study Instance UID or Accession Number. A study asked
   * by accession is kept under both keys, so a later open by its UID (the
   * viewer's route) finds it laid out already.
   */
  #openStudy(request: OpenStudyRequest): Promise<WebStudy> {
    const { studyUid, accessionNumber } = request;
    const key = studyUid ?? `accession:${accessionNumber ?? ''}`;
    let study = this.#studies.get(key);
    if (!study) {
      const loading = this.#core
        .then((core) =>
          core.loadStudy(studyUid ? { studyUid } : { accessionNumber }),
        )
        .then(layOutStudy);
      this.#studies.set(key, loading);
      loading.then(
        (opened) => this.#studies.set(opened.studyUid, loading),
        () => this.#studies.delete(key),
      );
      study = loading;
    }
    return study.then((opened) => {
      void this.#planPrefetch();
      return opened;
    });
  }

  async #planPrefetch(): Promise<void> {
    const state = this.#state;
    const studyUid = state?.studyUid;
    if (!state || !studyUid) return;
    const study = await this.#studies.get(studyUid)?.catch(() => null);
    if (study && this.#state === state) {
      this.#pipeline.prefetch(planPrefetch(study, state));
    }
  }

  #onPresence(present: boolean): void {
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    if (present) return;
    const graceMs = (this.#paired?.browserGraceSeconds ?? 30) * 1000;
    this.#graceTimer = setTimeout(
      () => void this.stop('browser gone past the grace period'),
      graceMs,
    );
  }

  #send(bytes: Uint8Array): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    // Each write that reaches the kernel may have made room for more work.
    this.#socket.send(bytes, { binary: true }, () => this.#pipeline.resume());
  }
}

/**
 * Dials the service's worker RPC port, presents the ticket and returns the
 * paired worker. Rejects with WRK_PAIRING_FAILED when the service refuses.
 */
export async function startRenderWorker(
  options: RenderWorkerOptions,
): Promise<RenderWorker> {
  const socket = new WebSocket(options.serviceUrl, {
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
    headers: { [WORKER_TICKET_HEADER]: options.ticket },
    // Masking guards browsers' links through proxies; this link joins two
    // of our own processes, and a zero mask lets both ends skip an XOR pass
    // over every frame.
    generateMask: (mask) => mask.fill(0),
  });
  const peer: WorkerPeer = new RpcPeer((text) => socket.send(text));
  socket.on('message', (data, isBinary) => {
    if (!isBinary) peer.receive(data.toString());
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  }).catch((error: Error) => {
    throw workerError(
      'WRK_PAIRING_FAILED',
      `The WebClient Service at ${options.serviceUrl} cannot be reached: ${error.message}`,
    );
  });
  socket.on('error', () => socket.terminate());

  const worker = new RenderWorker(socket, peer, options);
  try {
    await worker.pair();
  } catch (error) {
    socket.terminate();
    throw workerError(
      'WRK_PAIRING_FAILED',
      `The WebClient Service refused this worker: ${(error as Error).message}`,
    );
  }
  return worker;
}

function describeClose(code: number): string {
  if (code === WORKER_CLOSE_CODES.sessionEnded) return 'session ended';
  if (code === WORKER_CLOSE_CODES.serviceStopping) return 'service stopping';
  if (code === WORKER_CLOSE_CODES.badTicket) return 'ticket refused';
  return `service link closed (${code})`;
}
