import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@atrium/log';
import {
  RpcPeer,
  WEB_FRAME_HEADER_BYTES,
  WORKER_CLOSE_CODES,
  WORKER_TICKET_HEADER,
  readWebFrameRequestId,
  type HelloParams,
  type PairedResult,
  type WorkerInboundEvents,
  type WorkerMethods,
  type WorkerOutboundEvents,
  type WorkerServiceMethods,
} from '@atrium/protocol';
import type { WebSocket, WebSocketServer } from 'ws';
import { webError } from './errors.js';

type GatePeer = RpcPeer<
  WorkerMethods,
  WorkerServiceMethods,
  WorkerInboundEvents,
  WorkerOutboundEvents
>;

/**
 * A paired render worker's link. Emits `frame` for each binary web frame
 * and `close` once when the link ends.
 */
export class WorkerLink extends EventEmitter<{
  frame: [Buffer];
  close: [number];
}> {
  readonly pid: number;
  readonly peer: GatePeer;
  readonly #socket: WebSocket;
  #closed = false;

  constructor(socket: WebSocket, peer: GatePeer, pid: number) {
    super();
    this.#socket = socket;
    this.peer = peer;
    this.pid = pid;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Ends the link with one of WORKER_CLOSE_CODES; the worker then exits. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#socket.close(code, reason);
  }

  /**
   * Stops reading the worker's messages (a browser is not reading its
   * frames); the worker's own write buffer then fills and it pauses.
   */
  pause(): void {
    if (!this.#closed) this.#socket.pause();
  }

  /** Reads the worker's messages again. */
  resume(): void {
    if (!this.#closed) this.#socket.resume();
  }

  /** @internal Called by the gate when the socket closes. */
  markClosed(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.peer.close();
    this.emit('close', code);
  }
}

/** The largest message a worker may send before its Hello is accepted. */
export const UNPAIRED_MAX_BYTES = 8 * 1024;

/** How many links may wait for their Hello at once. */
export const MAX_UNPAIRED_LINKS = 32;

/**
 * A ws `verifyClient` for the worker port: an upgrade opens only when its
 * WORKER_TICKET_HEADER names an issued ticket, so no unauthenticated link
 * can send the large messages the port allows paired workers.
 */
export function admitByTicket(
  hasTicket: (ticket: string) => boolean,
): (info: { req: IncomingMessage }) => boolean {
  return ({ req }) => {
    const ticket = req.headers[WORKER_TICKET_HEADER];
    return typeof ticket === 'string' && hasTicket(ticket);
  };
}

/**
 * Pairs a ticket with its session. Returns what the worker needs, or null
 * when the ticket is unknown, expired or used.
 */
export type PairTicket = (
  hello: HelloParams,
  link: WorkerLink,
) => PairedResult | null;

/**
 * The worker RPC port's door: a worker's first message must be Hello with a
 * ticket that `pair` accepts; anything else closes the link.
 */
export class WorkerGate {
  readonly #pair: PairTicket;
  readonly #log: Logger;
  #unpaired = 0;

  constructor(pair: PairTicket, log: Logger) {
    this.#pair = pair;
    this.#log = log;
  }

  attach(server: WebSocketServer): void {
    server.on('connection', (socket, request) => this.#accept(socket, request));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const client = request.socket.remoteAddress ?? '';
    socket.on('error', () => socket.terminate());
    if (this.#unpaired >= MAX_UNPAIRED_LINKS) {
      socket.close(1013, 'too many workers waiting to pair');
      return;
    }
    this.#unpaired += 1;
    let counted = true;
    const uncount = () => {
      if (counted) this.#unpaired -= 1;
      counted = false;
    };

    const peer: GatePeer = new RpcPeer(
      (text) => socket.send(text),
      (error) => this.#refuse(socket, client, 'listener failed', error),
    );
    let link: WorkerLink | null = null;

    const helloTimer = setTimeout(() => {
      if (!link) socket.close(WORKER_CLOSE_CODES.badTicket, 'no hello');
    }, 10_000);
    peer.handle('Hello', (hello) => {
      const candidate = new WorkerLink(socket, peer, Number(hello?.pid) || 0);
      const paired = this.#pair(hello, candidate);
      if (!paired) {
        this.#log.access({
          op: 'PairWorker',
          status: 'WEB_BAD_TICKET',
          client,
        });
        setImmediate(() => socket.close(WORKER_CLOSE_CODES.badTicket));
        throw webError('WEB_BAD_TICKET');
      }
      clearTimeout(helloTimer);
      uncount();
      link = candidate;
      return paired;
    });

    socket.on('message', (data, isBinary) => {
      const bytes = toBuffer(data);
      if (!link && (isBinary || bytes.length > UNPAIRED_MAX_BYTES)) {
        this.#refuse(
          socket,
          client,
          'message before Hello too large or binary',
        );
        return;
      }
      if (!isBinary) {
        if (!peer.receive(bytes.toString())) {
          this.#refuse(socket, client, 'not an RPC message');
        }
        return;
      }
      if (!isWebFrame(bytes)) {
        this.#refuse(socket, client, 'not a web frame');
        return;
      }
      try {
        link?.emit('frame', bytes);
      } catch (error) {
        this.#refuse(socket, client, 'frame not deliverable', error);
      }
    });
    socket.on('close', (code) => {
      clearTimeout(helloTimer);
      uncount();
      peer.close();
      link?.markClosed(code);
    });
  }

  /** Closes a link that broke the protocol; the worker then exits. */
  #refuse(
    socket: WebSocket,
    client: string,
    reason: string,
    error?: unknown,
  ): void {
    this.#log.warn('Worker link closed for a bad message', {
      client,
      reason,
      error: error instanceof Error ? error.message : undefined,
    });
    socket.close(WORKER_CLOSE_CODES.badMessage, reason);
  }
}

/** Whether bytes can be read as a web frame's header. */
function isWebFrame(bytes: Buffer): boolean {
  try {
    readWebFrameRequestId(bytes);
    return bytes.length >= WEB_FRAME_HEADER_BYTES;
  } catch {
    return false;
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
