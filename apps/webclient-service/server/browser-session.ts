import { randomUUID } from 'node:crypto';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  RPC_PEER_ERRORS,
  WORKER_CLOSE_CODES,
  type FrameRequest,
  type HelloParams,
  type PairedResult,
  type ViewerState,
  type WebSessionEndReason,
  type WebStudy,
  type WorkerMethods,
} from '@atrium/protocol';
import { webError } from './errors.js';
import { FrameRelay } from './frame-relay.js';
import type { ManagerRegistry, Recruitment } from './manager-registry.js';
import type { WorkerLink } from './worker-gate.js';
import { describeSessionEnd } from './session-end-words.js';

/** What a session needs from the service around it. */
export interface SessionContext {
  managers: ManagerRegistry;
  log: Logger;
  /** The worker RPC port workers dial. */
  rpcPort: () => number;
  coreServer: { host: string; port: number };
  browserGraceMs: number;
  /** How long a recruited worker may take to say Hello. */
  pairTimeoutMs: number;
  /** Makes a one-time ticket for this session's next worker. */
  issueTicket: (session: BrowserSession) => string;
  /** Called once when the session has ended. */
  onEnded: (session: BrowserSession, reason: WebSessionEndReason) => void;
}

/** What a session tells its browsers (one per socket). */
export interface BrowserChannel {
  emit(event: string, data?: unknown): void;
  /** Ends the socket from the server side. */
  disconnect(): void;
  /** Bytes written to this browser that it has not taken yet. */
  bufferedBytes(): number;
}

/** A worker that failed this often within a minute ends the session. */
const MAX_FAILURES_PER_MINUTE = 3;

/** `waiting`: every render host was full; recruiting again when one frees. */
type Status = 'recruiting' | 'waiting' | 'ready' | 'ended';

/**
 * One logged-in browser session (one Core Server session) and its render
 * worker. Recruits the worker, relays requests and frames between the
 * browser sockets and the worker, keeps the last viewer state, replaces a
 * worker that dies and resumes it with that state, and ends the worker on
 * logout, idleness or when the browser has been gone past the grace period.
 */
export class BrowserSession {
  readonly id = randomUUID();
  readonly coreSessionId: string;
  readonly userId: string;
  readonly frames = new FrameRelay();
  readonly #context: SessionContext;
  readonly #channels = new Set<BrowserChannel>();
  #token: string;
  #tokenExpiry: number;
  #status: Status = 'recruiting';
  #worker: WorkerLink | null = null;
  #recruitment: Recruitment | null = null;
  #replacing = false;
  #state: ViewerState | null = null;
  #waiters: Array<{
    resolve: (l: WorkerLink) => void;
    reject: (e: Error) => void;
  }> = [];
  #failures: number[] = [];
  #graceTimer: NodeJS.Timeout | undefined;
  #pairTimer: NodeJS.Timeout | undefined;
  #lastActivity = Date.now();
  #refusal: string | null = null;
  /** Browser sockets too far behind; the worker link is paused meanwhile. */
  #held = new Set<object>();

  constructor(
    context: SessionContext,
    identity: {
      coreSessionId: string;
      userId: string;
      coreToken: string;
      expiresAt: Date;
    },
  ) {
    this.#context = context;
    this.coreSessionId = identity.coreSessionId;
    this.userId = identity.userId;
    this.#token = identity.coreToken;
    this.#tokenExpiry = identity.expiresAt.getTime();
  }

  get status(): Status {
    return this.#status;
  }

  get hasWorker(): boolean {
    return this.#worker !== null && !this.#worker.closed;
  }

  get state(): ViewerState | null {
    return this.#state;
  }

  get lastActivity(): number {
    return this.#lastActivity;
  }

  get browserCount(): number {
    return this.#channels.size;
  }

  /** Bytes the session's browsers have not taken yet, over all sockets. */
  get browserBufferedBytes(): number {
    let total = 0;
    for (const channel of this.#channels) total += channel.bufferedBytes();
    return total;
  }

  /** Whether the worker link is paused for a browser that is behind. */
  get workerHeld(): boolean {
    return this.#held.size > 0;
  }

  /** Starts recruiting the first worker. */
  start(): void {
    void this.#recruit();
  }

  /** A browser socket joined; `token` may be fresher than the one held. */
  addBrowser(channel: BrowserChannel, token: string, expiresAt: Date): void {
    this.#channels.add(channel);
    this.touch();
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    if (expiresAt.getTime() > this.#tokenExpiry) {
      this.#token = token;
      this.#tokenExpiry = expiresAt.getTime();
      this.#worker?.peer.notify('TokenRenewed', { token });
    }
    this.#worker?.peer.notify('BrowserPresence', { present: true });
    channel.emit('session', {
      sessionId: this.id,
      userId: this.userId,
      worker: this.#status === 'ready' ? 'ready' : 'starting',
      state: this.#state,
    });
    if (this.#status === 'waiting' && this.#refusal) {
      channel.emit('server-full', { message: this.#refusal });
    }
  }

  /** Recruits again after a refusal (a slot may have freed). */
  retryRecruit(): void {
    if (this.#status === 'waiting') void this.#recruit();
  }

  /** A browser socket left; the last one starts the grace period. */
  removeBrowser(channel: BrowserChannel, sink: object): void {
    this.#channels.delete(channel);
    const dropped = this.frames.drop(sink as never);
    if (dropped.length > 0) {
      this.#worker?.peer.notify('CancelFrames', { requestIds: dropped });
    }
    if (this.#channels.size > 0 || this.#status === 'ended') return;

    this.#worker?.peer.notify('BrowserPresence', { present: false });
    this.#graceTimer = setTimeout(
      () => this.end('expired', 'The browser was gone past the grace period'),
      this.#context.browserGraceMs,
    );
  }

  /** Marks browser activity (for ConnectionTimeout). */
  touch(): void {
    this.#lastActivity = Date.now();
  }

  /** Keeps the browser's latest viewer state and hints the worker. */
  setState(state: ViewerState): void {
    this.#state = state;
    this.#worker?.peer.notify('ViewerState', state);
  }

  /** Sends frame requests (or keeps them until a worker is ready). */
  requestFrames(requests: FrameRequest[]): void {
    if (this.#status === 'ready')
      this.#worker?.peer.notify('Frames', { requests });
  }

  /**
   * A browser socket's write buffer is high: stop reading the worker until
   * `drained` settles. One slow tab thus holds up the session's other tabs
   * too (they share the worker); a socket that leaves settles it.
   */
  holdWorker(sink: object, drained: Promise<void>): void {
    if (this.#held.has(sink)) return;
    this.#held.add(sink);
    this.#worker?.pause();
    void drained.finally(() => {
      this.#held.delete(sink);
      if (this.#held.size === 0) this.#worker?.resume();
    });
  }

  /** Passes cancelled relay ids to the worker. */
  cancelFrames(requestIds: number[]): void {
    if (requestIds.length === 0) return;
    this.#worker?.peer.notify('CancelFrames', { requestIds });
  }

  /**
   * Calls the worker, waiting for one to be ready; a call cut by a worker's
   * loss is made again on its replacement.
   */
  async callWorker<M extends keyof WorkerMethods & string>(
    method: M,
    params: WorkerMethods[M]['params'],
    timeoutMs = 120_000,
  ): Promise<WorkerMethods[M]['result']> {
    for (let attempt = 1; ; attempt += 1) {
      const link = await this.#whenReady();
      try {
        return await link.peer.request(method, params, timeoutMs);
      } catch (error) {
        const cut =
          error instanceof AtriumError &&
          error.code === RPC_PEER_ERRORS.closed &&
          this.#status !== 'ended';
        if (!cut || attempt >= MAX_FAILURES_PER_MINUTE) throw error;
      }
    }
  }

  /** Remembers the study a browser opened, for a resume. */
  noteStudyOpened(studyUid: string): void {
    if (this.#state?.studyUid === studyUid) return;
    this.#state = { studyUid, viewports: [] };
  }

  /** Pairs a worker that presented this session's ticket. */
  pair(link: WorkerLink, hello: HelloParams): PairedResult | null {
    if (this.#status !== 'recruiting') return null;
    clearTimeout(this.#pairTimer);
    this.#worker = link;
    this.#wireWorker(link);
    this.#context.log.info('Render worker paired', {
      session: this.id,
      user: this.userId,
      workerPid: hello.pid,
    });
    // The Paired answer is written first; then the worker gets its work.
    setImmediate(() => void this.#onWorkerReady(link));
    return {
      sessionId: this.id,
      userId: this.userId,
      token: this.#token,
      coreServer: this.#context.coreServer,
      browserGraceSeconds: Math.ceil(this.#context.browserGraceMs / 1000),
      resume: this.#replacing ? this.#state : null,
    };
  }

  /** The manager reports that this session's worker process ended. */
  onWorkerExited(pid: number, requested: boolean): void {
    if (this.#status !== 'recruiting' || requested) return;
    if (this.#recruitment?.pid !== pid) return;
    // It died before saying Hello: try another.
    this.#onWorkerLost('The render worker ended while starting');
  }

  /** Ends the session: stops the worker and tells the browsers why. */
  end(reason: WebSessionEndReason, message: string): void {
    if (this.#status === 'ended') return;
    this.#status = 'ended';
    clearTimeout(this.#graceTimer);
    clearTimeout(this.#pairTimer);

    this.#worker?.close(WORKER_CLOSE_CODES.sessionEnded, reason);
    if (this.#recruitment) {
      const { managerId } = this.#recruitment;
      void this.#context.managers.stopWorker(managerId, this.id, reason);
    }
    for (const waiter of this.#waiters.splice(0)) {
      waiter.reject(webError('WEB_SESSION_ENDED', message));
    }
    for (const channel of this.#channels) {
      channel.emit('session-ended', { reason, message });
      channel.disconnect();
    }
    this.#channels.clear();
    this.#context.log.info('Browser session ended', {
      session: this.id,
      user: this.userId,
      reason,
    });
    this.#context.onEnded(this, reason);
  }

  async #recruit(): Promise<void> {
    if (this.#status === 'ended') return;
    this.#status = 'recruiting';
    const ticket = this.#context.issueTicket(this);
    try {
      this.#recruitment = await this.#context.managers.recruit(
        this.id,
        ticket,
        this.#context.rpcPort(),
      );
    } catch (error) {
      this.#refuse(error as AtriumError);
      return;
    }
    if (this.#status !== 'recruiting') return;
    this.#pairTimer = setTimeout(
      () => this.#onWorkerLost('The render worker did not connect in time'),
      this.#context.pairTimeoutMs,
    );
  }

  #refuse(error: AtriumError): void {
    if (this.#status === 'ended') return;
    this.#context.log.warn('No worker for a browser session', {
      session: this.id,
      user: this.userId,
      code: error.code,
    });
    const full =
      error.code === 'WEB_SERVER_FULL' || error.code === 'WEB_NO_MANAGER';
    if (!full) {
      this.end('worker-failed', error.message);
      return;
    }

    // The session stays: its browsers are told, and it recruits again when
    // a worker ends or a manager registers (SessionRegistry). Calls waiting
    // for a worker fail now rather than hang.
    this.#status = 'waiting';
    this.#refusal = error.message;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    this.#broadcast('server-full', { message: error.message });
  }

  #wireWorker(link: WorkerLink): void {
    link.on('frame', (bytes) => this.frames.deliverFrame(bytes));
    link.peer.on('FrameError', ({ requestId, error }) =>
      this.frames.deliverError(requestId, error),
    );
    link.peer.on('StudyProgress', (event) =>
      this.#broadcast('study-progress', event),
    );
    link.peer.on('TokenRenewed', ({ token }) => {
      const expiry = expiryOf(token);
      if (expiry <= this.#tokenExpiry) return;
      this.#token = token;
      this.#tokenExpiry = expiry;
    });
    link.peer.on('CoreSessionEnded', ({ reason }) =>
      this.end(mapCoreReason(reason), describeSessionEnd(reason)),
    );
    link.on('close', () => {
      if (this.#worker !== link) return;
      this.#worker = null;
      this.#onWorkerLost('The render worker stopped unexpectedly');
    });
  }

  async #onWorkerReady(link: WorkerLink): Promise<void> {
    if (this.#worker !== link || this.#status === 'ended') return;
    const resumed = this.#replacing;
    this.#replacing = false;
    this.#status = 'ready';
    if (this.#held.size > 0) link.pause();
    if (this.#channels.size === 0) {
      link.peer.notify('BrowserPresence', { present: false });
    }
    if (this.#state) link.peer.notify('ViewerState', this.#state);

    const pending = this.frames.all();
    if (pending.length > 0) link.peer.notify('Frames', { requests: pending });
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(link);
    this.#broadcast('worker-ready');
    if (resumed) await this.#announceResume(link);
  }

  async #announceResume(link: WorkerLink): Promise<void> {
    const state = this.#state;
    let study: WebStudy | null = null;
    if (state?.studyUid) {
      try {
        study = await link.peer.request(
          'OpenStudy',
          { studyUid: state.studyUid },
          120_000,
        );
      } catch (error) {
        this.#context.log.warn('Resumed worker could not reopen the study', {
          session: this.id,
          error: (error as Error).message,
        });
      }
    }
    this.#broadcast('worker-resumed', { state, study });
  }

  #onWorkerLost(reason: string): void {
    if (this.#status === 'ended') return;
    clearTimeout(this.#pairTimer);
    const now = Date.now();
    this.#failures = [...this.#failures.filter((t) => now - t < 60_000), now];
    this.#context.log.warn('Render worker lost', {
      session: this.id,
      user: this.userId,
      reason,
      failures: this.#failures.length,
    });
    if (this.#recruitment) {
      const { managerId } = this.#recruitment;
      void this.#context.managers.stopWorker(managerId, this.id, reason);
      // Its exit report must not count as the loss of the next worker.
      this.#recruitment = null;
    }
    if (this.#failures.length > MAX_FAILURES_PER_MINUTE) {
      this.end('worker-failed', webError('WEB_WORKER_FAILED').message);
      return;
    }

    this.#worker = null;
    this.#replacing = true;
    this.#broadcast('worker-lost', { reason });
    void this.#recruit();
  }

  #whenReady(): Promise<WorkerLink> {
    if (this.#status === 'ended') {
      return Promise.reject(webError('WEB_SESSION_ENDED'));
    }
    if (this.#status === 'waiting') {
      return Promise.reject(webError('WEB_SERVER_FULL'));
    }
    if (this.#status === 'ready' && this.#worker) {
      return Promise.resolve(this.#worker);
    }
    return new Promise((resolve, reject) =>
      this.#waiters.push({ resolve, reject }),
    );
  }

  #broadcast(event: string, data?: unknown): void {
    for (const channel of this.#channels) channel.emit(event, data);
  }
}

/**
 * When a token from our own worker expires (ms), read from its payload; it
 * was checked by the Core Server that issued it, not here. 0 when unreadable.
 */
function expiryOf(token: unknown): number {
  if (typeof token !== 'string') return 0;
  try {
    const payload = token.split('.')[1] ?? '';
    const { exp } = JSON.parse(
      Buffer.from(payload, 'base64url').toString(),
    ) as {
      exp?: unknown;
    };
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

function mapCoreReason(reason: string): WebSessionEndReason {
  if (reason === 'logout') return 'logout';
  if (reason === 'idle') return 'idle';
  if (reason === 'suspended' || reason === 'deleted') return 'suspended';
  if (reason === 'server-stopping') return 'server-stopping';
  return 'expired';
}
