import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@atrium/log';
import {
  RpcPeer,
  WORKER_CLOSE_CODES,
  type HelloParams,
  type PairedResult,
  type WorkerInboundEvents,
  type WorkerMethods,
  type WorkerOutboundEvents,
  type WorkerServiceMethods,
} from '@atrium/protocol';
import type { WebSocket, WebSocketServer } from 'ws';

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

  /** @internal Called by the gate when the socket closes. */
  markClosed(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    this.peer.close();
    this.emit('close', code);
  }
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

  constructor(pair: PairTicket, log: Logger) {
    this.#pair = pair;
    this.#log = log;
  }

  attach(server: WebSocketServer): void {
    server.on('connection', (socket, request) => this.#accept(socket, request));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const client = request.socket.remoteAddress ?? '';
    const peer: GatePeer = new RpcPeer((text) => socket.send(text));
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
        throw new Error('The ticket is unknown, expired or already used');
      }
      clearTimeout(helloTimer);
      link = candidate;
      return paired;
    });

    socket.on('message', (data, isBinary) => {
      if (!isBinary) peer.receive(data.toString());
      else if (link) link.emit('frame', toBuffer(data));
    });
    socket.on('close', (code) => {
      clearTimeout(helloTimer);
      peer.close();
      link?.markClosed(code);
    });
    socket.on('error', () => socket.terminate());
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
