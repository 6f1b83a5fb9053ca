import type { WebSocket } from 'ws';

/** How much one connection may hold of the server's memory. */
export interface FlowLimits {
  /** Requests read but not yet answered; reading pauses at this many. */
  maxInFlight: number;
  /**
   * Bytes the socket may hold unsent (its bufferedAmount) before answers
   * wait in the queue for the client to read.
   */
  highWaterBytes: number;
  /** Unsent bytes (socket and queue) at which the connection is cut. */
  hardLimitBytes: number;
  /**
   * Milliseconds answers may wait while the client reads nothing before
   * the connection is cut.
   */
  stallMs: number;
}

/**
 * The limits of every RPC connection. A client that stops reading holds at
 * most about highWaterBytes plus maxInFlight answers (32 frames of 512 × 512
 * 16-bit samples are 16 MiB) until stallMs has passed.
 *
 * Known limitation: the limits hold per connection; a client that opens
 * many connections holds that much on each, since the number of
 * connections per client is not limited here.
 */
export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  maxInFlight: 32,
  highWaterBytes: 4 * 1024 * 1024,
  hardLimitBytes: 64 * 1024 * 1024,
  stallMs: 60_000,
};

interface Waiting {
  data: string | Uint8Array;
  binary: boolean;
  bytes: number;
  sent: () => void;
}

/**
 * The answers of one connection on their way out. An answer goes to the
 * socket at once while the socket holds less than highWaterBytes unsent;
 * otherwise it waits here, in order, until the client has read enough.
 * `send` resolves once the answer is handed to the socket, so the caller's
 * request stays in flight (and counts against maxInFlight) until then.
 * Too large a backlog, or one that does not move for stallMs, calls
 * `onOverflow`, which is expected to cut the connection.
 */
export class ReplyQueue {
  readonly #socket: WebSocket;
  readonly #limits: FlowLimits;
  readonly #onOverflow: (reason: string) => void;
  readonly #waiting: Waiting[] = [];
  #queuedBytes = 0;
  #stall: NodeJS.Timeout | undefined;

  constructor(
    socket: WebSocket,
    limits: FlowLimits,
    onOverflow: (reason: string) => void,
  ) {
    this.#socket = socket;
    this.#limits = limits;
    this.#onOverflow = onOverflow;
  }

  /** Bytes not yet taken by the client: in the socket and queued here. */
  get backlogBytes(): number {
    return this.#socket.bufferedAmount + this.#queuedBytes;
  }

  /** Bytes of the answers waiting here for room in the socket. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /**
   * Sends an answer, or queues it until the client reads; resolves once it
   * is handed to the socket, or dropped because the socket closed.
   */
  send(data: string | Uint8Array, binary: boolean): Promise<void> {
    // A peer that went away mid-call simply misses its answer.
    if (!this.#isOpen()) return Promise.resolve();
    if (this.#waiting.length === 0 && this.#hasRoom()) {
      this.#write(data, binary);
      return Promise.resolve();
    }

    const bytes =
      typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    return new Promise((sent) => {
      this.#waiting.push({ data, binary, bytes, sent });
      this.#queuedBytes += bytes;
      if (this.backlogBytes > this.#limits.hardLimitBytes) {
        this.#onOverflow(
          `more than ${this.#limits.hardLimitBytes} bytes of answers unread`,
        );
        return;
      }
      this.#watchForStall();
    });
  }

  /** Drops every queued answer (the socket closed). */
  clear(): void {
    for (const waiting of this.#waiting.splice(0)) waiting.sent();
    this.#queuedBytes = 0;
    this.#stopWatching();
  }

  #write(data: string | Uint8Array, binary: boolean): void {
    // The callback runs once the bytes have left for the client (or the
    // socket failed): the moment to send what waits.
    this.#socket.send(data, { binary }, () => this.#onWritten());
  }

  #onWritten(): void {
    this.#stall?.refresh();
    this.#flush();
  }

  #flush(): void {
    if (!this.#isOpen()) {
      this.clear();
      return;
    }
    while (this.#waiting.length > 0 && this.#hasRoom()) {
      const next = this.#waiting.shift()!;
      this.#queuedBytes -= next.bytes;
      this.#write(next.data, next.binary);
      next.sent();
    }
    if (this.#waiting.length === 0) this.#stopWatching();
  }

  #hasRoom(): boolean {
    return this.#socket.bufferedAmount < this.#limits.highWaterBytes;
  }

  #isOpen(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  #watchForStall(): void {
    if (this.#stall) return;
    this.#stall = setTimeout(() => {
      this.#stall = undefined;
      if (this.#waiting.length === 0) return;
      this.#onOverflow(
        `answers waited ${this.#limits.stallMs} ms with nothing read`,
      );
    }, this.#limits.stallMs);
    this.#stall.unref();
  }

  #stopWatching(): void {
    clearTimeout(this.#stall);
    this.#stall = undefined;
  }
}
