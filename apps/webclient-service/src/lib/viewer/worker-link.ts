/**
 * The browser's one socket to the WebClient Service (socket.io), shared by
 * the study list and the viewer of a tab. Opening it makes the service
 * recruit this session's render worker; frames, study loading and session
 * news travel over it. Browser only.
 */
import { io, type Socket } from 'socket.io-client';
import {
  decodeWebFrame,
  WEB_SOCKET_PATH,
  type FrameRef,
  type ListMeasurementsResult,
  type Measurement,
  type RenderOptions,
  type SaveMeasurementsResult,
  type ServerFullEvent,
  type StudyProgressEvent,
  type ViewerState,
  type WebAck,
  type WebClientEvents,
  type WebFrame,
  type WebServerEvents,
  type WebSessionEndedEvent,
  type WebStudy,
  type WireError,
  type WorkerLostEvent,
  type WorkerResumedEvent,
} from '@atrium/protocol';

type ServiceSocket = Socket<WebServerEvents, WebClientEvents>;

/**
 * How the session's worker is doing, as the viewer shows it; 'refused':
 * the service turned this tab's socket away (socket-refused).
 */
export type WorkerStatus =
  'connecting' | 'starting' | 'ready' | 'lost' | 'full' | 'ended' | 'refused';

/** News the link passes on to the page. */
export interface LinkEvents {
  status: (status: WorkerStatus) => void;
  progress: (event: StudyProgressEvent) => void;
  'worker-lost': (event: WorkerLostEvent) => void;
  'worker-resumed': (event: WorkerResumedEvent) => void;
  'server-full': (event: ServerFullEvent) => void;
  'session-ended': (event: WebSessionEndedEvent) => void;
  /** The service refused the socket (connect_error message, a WEB_ code). */
  refused: (code: string) => void;
  /**
   * The service took the socket, then turned it away (too many sockets in
   * this session); the session goes on elsewhere, this tab is not linked.
   */
  'socket-refused': (error: WireError) => void;
}

/** A failed request, with the code the service or Core Server gave. */
export class LinkError extends Error {
  readonly code: string;

  constructor(error: WireError) {
    super(error.message);
    this.name = 'LinkError';
    this.code = error.code;
  }
}

/** A frame request in flight. */
export interface PendingFrame {
  requestId: number;
  promise: Promise<WebFrame>;
  cancel: () => void;
}

interface Waiter {
  ref: FrameRef;
  kind: 'pixel' | 'rendered';
  render: RenderOptions | undefined;
  resolve: (frame: WebFrame) => void;
  reject: (error: Error) => void;
}

const MAX_REQUEST_ID = 0xffff_ffff;
/** viewer-state reports are sent at most this often (ms). */
const STATE_REPORT_INTERVAL = 250;

/** The socket, its open frame requests and its listeners. */
export class WorkerLink {
  #socket: ServiceSocket;
  #status: WorkerStatus = 'connecting';
  #nextRequestId = 1;
  #waiters = new Map<number, Waiter>();
  #listeners = new Map<keyof LinkEvents, Set<unknown>>();
  #pendingState: ViewerState | null = null;
  #stateTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.#socket = io({
      path: WEB_SOCKET_PATH,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    this.#listen();
  }

  /** The worker status as last reported. */
  get status(): WorkerStatus {
    return this.#status;
  }

  /** Subscribes to link news; returns the function that unsubscribes. */
  on<E extends keyof LinkEvents>(
    event: E,
    listener: LinkEvents[E],
  ): () => void {
    const set = this.#listeners.get(event) ?? new Set<unknown>();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Opens a study; rejects with LinkError (e.g. CORE_STUDY_NOT_FOUND). */
  openStudy(studyUid: string): Promise<WebStudy> {
    return new Promise((resolve, reject) => {
      this.#socket.emit('open-study', { studyUid }, (answer) =>
        settle(answer, resolve, reject),
      );
    });
  }

  /**
   * Opens a study by accession number (a launch link); the Core Server may
   * first retrieve it, with `progress` news meanwhile.
   */
  openStudyByAccession(accessionNumber: string): Promise<WebStudy> {
    return new Promise((resolve, reject) => {
      this.#socket.emit('open-study', { accessionNumber }, (answer) =>
        settle(answer, resolve, reject),
      );
    });
  }

  /** The user's saved measurements on a study. */
  listMeasurements(studyUid: string): Promise<ListMeasurementsResult> {
    return new Promise((resolve, reject) => {
      this.#socket.emit('list-measurements', { studyUid }, (answer) =>
        settle(answer, resolve, reject),
      );
    });
  }

  /**
   * Replaces the user's saved measurements on a study; rejects with
   * LinkError (CORE_PERMISSION_DENIED without SaveWorkspace).
   */
  saveMeasurements(
    studyUid: string,
    measurements: Measurement[],
  ): Promise<SaveMeasurementsResult> {
    return new Promise((resolve, reject) => {
      this.#socket.emit(
        'save-measurements',
        { studyUid, measurements },
        (answer) => settle(answer, resolve, reject),
      );
    });
  }

  /** Asks for one frame: lossless stored values or a rendered image. */
  requestFrame(
    ref: FrameRef,
    kind: 'pixel' | 'rendered',
    render?: RenderOptions,
  ): PendingFrame {
    const requestId = this.#takeRequestId();
    const promise = new Promise<WebFrame>((resolve, reject) => {
      this.#waiters.set(requestId, { ref, kind, render, resolve, reject });
    });
    this.#sendFrameRequests([requestId]);
    const cancel = () => this.#cancel(requestId);
    return { requestId, promise, cancel };
  }

  /**
   * Reports what the viewer shows, for prefetching and crash recovery.
   * Bursts (a wheel spin, a window drag) collapse into one report.
   */
  reportState(state: ViewerState): void {
    this.#pendingState = state;
    if (this.#stateTimer) return;
    this.#stateTimer = setTimeout(() => {
      this.#stateTimer = null;
      if (this.#pendingState)
        this.#socket.emit('viewer-state', this.#pendingState);
    }, STATE_REPORT_INTERVAL);
  }

  /**
   * Ends the session's worker before logging out. Resolves once the
   * service confirms, or after `timeoutMs` when it cannot be reached (the
   * Core Server's logout then ends the worker's session anyway).
   */
  endSession(timeoutMs = 3000): Promise<void> {
    if (!this.#socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#socket.emit('end-session', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Closes the socket and fails every open request. */
  close(): void {
    this.#socket.close();
    for (const waiter of this.#waiters.values()) {
      waiter.reject(new Error('The connection to the server was closed'));
    }
    this.#waiters.clear();
  }

  #listen(): void {
    const socket = this.#socket;
    socket.on('connect', () => {
      // A reconnect lost whatever the service had not answered yet.
      if (this.#waiters.size > 0)
        this.#sendFrameRequests([...this.#waiters.keys()]);
    });
    socket.on('connect_error', (error) => {
      if (error.message.startsWith('WEB_'))
        this.#emit('refused', error.message);
    });
    socket.on('session', (event) =>
      this.#setStatus(event.worker === 'ready' ? 'ready' : 'starting'),
    );
    socket.on('worker-ready', () => this.#setStatus('ready'));
    socket.on('study-progress', (event) => this.#emit('progress', event));
    socket.on('frame', (bytes) => this.#receiveFrame(bytes));
    socket.on('frame-error', ({ requestId, error }) => {
      this.#waiters.get(requestId)?.reject(new LinkError(error));
      this.#waiters.delete(requestId);
    });
    socket.on('worker-lost', (event) => {
      this.#setStatus('lost');
      this.#emit('worker-lost', event);
    });
    socket.on('worker-resumed', (event) => {
      this.#setStatus('ready');
      this.#emit('worker-resumed', event);
    });
    socket.on('server-full', (event) => {
      this.#setStatus('full');
      this.#emit('server-full', event);
    });
    socket.on('session-ended', (event) => {
      this.#setStatus('ended');
      this.#emit('session-ended', event);
    });
    socket.on('socket-refused', ({ error }) => {
      // The service disconnects next and does not take this socket back:
      // frames asked for here will never come.
      this.#setStatus('refused');
      for (const waiter of this.#waiters.values()) {
        waiter.reject(new LinkError(error));
      }
      this.#waiters.clear();
      this.#emit('socket-refused', error);
    });
  }

  #receiveFrame(bytes: ArrayBuffer | Uint8Array): void {
    let frame: WebFrame;
    try {
      frame = decodeWebFrame(
        bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
      );
    } catch (error) {
      console.error('atrium: a frame from the server could not be read', error);
      return;
    }
    const waiter = this.#waiters.get(frame.requestId);
    if (!waiter) return;
    this.#waiters.delete(frame.requestId);
    waiter.resolve(frame);
  }

  #sendFrameRequests(requestIds: number[]): void {
    const requests = requestIds.flatMap((requestId) => {
      const waiter = this.#waiters.get(requestId);
      if (!waiter) return [];
      const { ref, kind, render } = waiter;
      const request = {
        requestId,
        sopInstanceUid: ref.sopInstanceUid,
        frameIndex: ref.frameIndex,
        kind,
        ...(render ? { render } : {}),
      };
      return [request];
    });
    if (requests.length > 0) this.#socket.emit('frames', { requests });
  }

  #cancel(requestId: number): void {
    const waiter = this.#waiters.get(requestId);
    if (!waiter) return;
    this.#waiters.delete(requestId);
    waiter.reject(new Error('The frame request was cancelled'));
    this.#socket.emit('cancel-frames', { requestIds: [requestId] });
  }

  #takeRequestId(): number {
    const id = this.#nextRequestId;
    this.#nextRequestId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }

  #setStatus(status: WorkerStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#emit('status', status);
  }

  #emit<E extends keyof LinkEvents>(
    event: E,
    ...args: Parameters<LinkEvents[E]>
  ): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      (listener as (...a: Parameters<LinkEvents[E]>) => void)(...args);
    }
  }
}

function settle<T>(
  answer: WebAck<T>,
  resolve: (value: T) => void,
  reject: (error: Error) => void,
): void {
  if (answer.ok) resolve(answer.result);
  else reject(new LinkError(answer.error));
}

let shared: WorkerLink | null = null;

/**
 * The tab's link, opened on first use. Pages of one tab share it, so
 * moving between the study list and the viewer keeps the same worker.
 */
export function getWorkerLink(): WorkerLink {
  shared ??= new WorkerLink();
  return shared;
}

/** Closes the tab's link (after logout). */
export function closeWorkerLink(): void {
  shared?.close();
  shared = null;
}

/** The tab's link if one is open, without opening one. */
export function peekWorkerLink(): WorkerLink | null {
  return shared;
}
