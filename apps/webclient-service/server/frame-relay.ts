import {
  MAX_REQUEST_ID,
  readWebFrameRequestId,
  writeWebFrameRequestId,
  type FrameRequest,
  type WireError,
} from '@atrium/protocol';

/** Open frame requests one browser socket may hold. */
export const MAX_OPEN_PER_SOCKET = 256;

/** Open frame requests one session may hold over all its sockets. */
export const MAX_OPEN_PER_SESSION = 1024;

const busy: WireError = {
  code: 'WEB_TOO_MANY_REQUESTS',
  message:
    'The server is busy with the images already asked for; ask again in a moment.',
};

/** The part of a browser socket the relay writes to. */
export interface FrameSink {
  emitFrame(bytes: Buffer): void;
  emitFrameError(requestId: number, error: WireError): void;
}

interface Outstanding {
  sink: FrameSink;
  browserId: number;
  request: FrameRequest;
}

/**
 * The frame requests of one session that have no answer yet. Browsers pick
 * their own request ids, so two tabs may use the same one; the relay gives
 * each request a session-wide id for the worker and maps the answer back.
 * Outstanding requests survive a worker's loss and are handed to its
 * replacement.
 */
export class FrameRelay {
  readonly #outstanding = new Map<number, Outstanding>();
  readonly #bySink = new Map<FrameSink, Map<number, number>>();
  readonly #limits: { perSocket: number; perSession: number };
  #nextId = 1;

  constructor(
    limits = {
      perSocket: MAX_OPEN_PER_SOCKET,
      perSession: MAX_OPEN_PER_SESSION,
    },
  ) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#outstanding.size;
  }

  /**
   * Registers requests of one browser; returns those taken, with the
   * relay's ids. Past the open-request limits of the socket or the session,
   * a request is answered at once with a WEB_TOO_MANY_REQUESTS frame-error.
   */
  add(sink: FrameSink, requests: FrameRequest[]): FrameRequest[] {
    const ids = this.#idsOf(sink);
    const taken: FrameRequest[] = [];
    for (const request of requests) {
      const earlier = ids.get(request.requestId);
      if (earlier !== undefined) {
        this.#outstanding.delete(earlier);
        ids.delete(request.requestId);
      }
      if (
        ids.size >= this.#limits.perSocket ||
        this.#outstanding.size >= this.#limits.perSession
      ) {
        sink.emitFrameError(request.requestId, busy);
        continue;
      }

      const id = this.#takeId();
      ids.set(request.requestId, id);
      this.#outstanding.set(id, {
        sink,
        browserId: request.requestId,
        request,
      });
      taken.push({ ...request, requestId: id });
    }
    return taken;
  }

  /** Every outstanding request with the relay's ids (for a new worker). */
  all(): FrameRequest[] {
    return [...this.#outstanding].map(([id, { request }]) => ({
      ...request,
      requestId: id,
    }));
  }

  /** Forgets requests a browser cancelled; returns the relay's ids. */
  cancel(sink: FrameSink, browserIds: number[]): number[] {
    const ids = this.#bySink.get(sink);
    if (!ids) return [];
    const cancelled: number[] = [];
    for (const browserId of browserIds) {
      const id = ids.get(browserId);
      if (id === undefined) continue;
      ids.delete(browserId);
      this.#outstanding.delete(id);
      cancelled.push(id);
    }
    return cancelled;
  }

  /** Forgets every request of a browser that left; returns the relay's ids. */
  drop(sink: FrameSink): number[] {
    const ids = this.#bySink.get(sink);
    this.#bySink.delete(sink);
    if (!ids) return [];
    for (const id of ids.values()) this.#outstanding.delete(id);
    return [...ids.values()];
  }

  /** Passes a worker's binary frame to the browser that asked for it. */
  deliverFrame(bytes: Buffer): boolean {
    const entry = this.#settle(readWebFrameRequestId(bytes));
    if (!entry) return false;
    writeWebFrameRequestId(bytes, entry.browserId);
    entry.sink.emitFrame(bytes);
    return true;
  }

  /** Passes a worker's failure of one request to its browser. */
  deliverError(id: number, error: WireError): boolean {
    const entry = this.#settle(id);
    if (!entry) return false;
    entry.sink.emitFrameError(entry.browserId, error);
    return true;
  }

  #settle(id: number): Outstanding | undefined {
    const entry = this.#outstanding.get(id);
    if (!entry) return undefined;
    this.#outstanding.delete(id);
    this.#bySink.get(entry.sink)?.delete(entry.browserId);
    return entry;
  }

  #idsOf(sink: FrameSink): Map<number, number> {
    let ids = this.#bySink.get(sink);
    if (!ids) {
      ids = new Map();
      this.#bySink.set(sink, ids);
    }
    return ids;
  }

  #takeId(): number {
    const id = this.#nextId;
    this.#nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }
}
