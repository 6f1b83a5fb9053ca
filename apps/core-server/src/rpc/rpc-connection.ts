import { performance } from 'node:perf_hooks';
import type { RawData, WebSocket } from 'ws';
import {
  AtriumError,
  CORE_METHODS,
  encodeBinaryMessage,
  isCoreMethod,
  type CoreEvents,
  type CoreMethod,
  type CorePort,
  type PixelFrame,
  type RequestId,
  type RpcEvent,
  type RpcResponse,
  type SessionEndReason,
} from '@atrium/protocol';
import { coreError } from '../errors.js';
import { AccessCheck } from './access-check.js';
import type {
  CallContext,
  CallerConnection,
  CoreServices,
  SessionBinding,
} from './call-context.js';
import { METHOD_HANDLERS, QUIET_METHODS } from './method-table.js';
import { ParamReader } from './params.js';
import {
  readEnvelope,
  type Envelope,
  type Unreadable,
} from './read-envelope.js';
import {
  DEFAULT_FLOW_LIMITS,
  ReplyQueue,
  type FlowLimits,
} from './reply-queue.js';

/** What #run returns for a login whose client left while it waited. */
const GONE = Symbol('gone');

/** WebSocket close code sent when the server ends a connection's session. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

/**
 * One client connection on the client or admin port: reads requests,
 * checks access, runs the method, answers in JSON (or binary for frames)
 * and writes the log entry of the call. A bad message gets an error
 * answer; nothing a client sends can stop the server.
 *
 * Flow control (FlowLimits): at most maxInFlight requests run at once;
 * reading pauses there, and requests read past it get
 * CORE_TOO_MANY_REQUESTS. Answers wait while the socket holds more than
 * highWaterBytes unsent (ReplyQueue), so a client that stops reading stops
 * the work done for it, and one that never reads again is cut. One
 * Authenticate runs at a time per connection, and per address as
 * LoginLimiter allows.
 */
export class RpcConnection implements CallerConnection {
  readonly port: CorePort;
  readonly client: string;
  readonly #socket: WebSocket;
  readonly #services: CoreServices;
  readonly #access: AccessCheck;
  readonly #onBind: (connection: RpcConnection, sessionId?: string) => void;
  readonly #limits: FlowLimits;
  readonly #replies: ReplyQueue;
  #binding: SessionBinding | undefined;
  #lastUserId = '';
  #inFlight = 0;
  #loggingIn = false;

  constructor(
    socket: WebSocket,
    port: CorePort,
    client: string,
    services: CoreServices,
    onBind: (connection: RpcConnection, sessionId?: string) => void,
    limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    this.#socket = socket;
    this.port = port;
    this.client = client;
    this.#services = services;
    this.#access = new AccessCheck(services);
    this.#onBind = onBind;
    this.#limits = limits;
    this.#replies = new ReplyQueue(socket, limits, (reason) =>
      this.#cut(reason),
    );
    socket.once('close', () => this.#replies.clear());
  }

  get binding(): SessionBinding | undefined {
    return this.#binding;
  }

  /**
   * The user this connection is or was last logged in as ('' when it never
   * was), so that its closing can name who it was even after Logout.
   */
  get lastUserId(): string {
    return this.#lastUserId;
  }

  /** Requests read and not yet answered. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Answer bytes the client has not read yet (socket and queue). */
  get backlogBytes(): number {
    return this.#replies.backlogBytes;
  }

  bind(binding: SessionBinding): void {
    this.#binding = binding;
    this.#lastUserId = binding.claims.userId;
    this.#access.reset();
    this.#onBind(this, binding.claims.sessionId);
  }

  unbind(): void {
    this.#binding = undefined;
    this.#onBind(this, undefined);
  }

  /** Handles one WebSocket message; never throws. */
  async handleMessage(data: RawData, isBinary: boolean): Promise<void> {
    const started = performance.now();
    const read = readEnvelope(data, isBinary);
    if (this.#inFlight >= this.#limits.maxInFlight) {
      // Read from the socket's buffer after reading paused.
      const error = coreError('CORE_TOO_MANY_REQUESTS');
      this.#logRefusal(opOf(read), error, started, {});
      await this.#send({ id: read.id, error: error.toWire() });
      return;
    }

    this.#enter();
    try {
      if ('error' in read) {
        this.#logRefusal('(malformed)', read.error, started, {});
        await this.#send({ id: read.id, error: read.error.toWire() });
        return;
      }
      await this.#call(read, started);
    } finally {
      this.#leave();
    }
  }

  /** Pushes an event to the client. */
  sendEvent<E extends keyof CoreEvents>(event: E, data: CoreEvents[E]): void {
    const message: RpcEvent<E, CoreEvents[E]> = { event, data };
    void this.#send(message);
  }

  /**
   * Tells the client its session ended, then closes the socket once the
   * event has gone out behind the answers before it.
   */
  endSession(reason: SessionEndReason): void {
    const sessionId = this.#binding?.claims.sessionId;
    if (!sessionId) return;
    this.#binding = undefined;
    const event: RpcEvent<'SessionEnded', CoreEvents['SessionEnded']> = {
      event: 'SessionEnded',
      data: { sessionId, reason },
    };
    void this.#send(event).then(() =>
      this.#socket.close(SESSION_ENDED_CLOSE_CODE, `session ended: ${reason}`),
    );
  }

  #enter(): void {
    this.#inFlight += 1;
    if (this.#inFlight >= this.#limits.maxInFlight) this.#socket.pause();
  }

  #leave(): void {
    this.#inFlight -= 1;
    if (this.#inFlight < this.#limits.maxInFlight && this.#socket.isPaused) {
      this.#socket.resume();
    }
  }

  async #call(envelope: Envelope, started: number): Promise<void> {
    const notes: Record<string, unknown> = {};
    const call: CallContext = {
      services: this.#services,
      connection: this,
      note: (fields) => Object.assign(notes, fields),
    };
    const method = envelope.method;
    // Logout unbinds; its entry still names who it was.
    const caller = this.#binding?.claims.userId;

    try {
      if (
        !isCoreMethod(method) ||
        !CORE_METHODS[method].ports.includes(this.port)
      ) {
        throw coreError(
          'CORE_UNKNOWN_METHOD',
          `The ${this.port} port has no method ${JSON.stringify(method.slice(0, 64))}`,
        );
      }
      const access = CORE_METHODS[method];
      this.#access.check(access, this);
      const params = new ParamReader(envelope.params);
      const result = await this.#run(method, call, params, envelope.params);
      if (result === GONE) return;

      if (access.binary) {
        await this.#sendFrame(envelope.id, result as PixelFrame);
      } else {
        await this.#send({ id: envelope.id, result });
      }
      this.#logSuccess(method, started, caller, notes);
    } catch (err) {
      const error = toAtriumError(err);
      if (error.status >= 500) {
        this.#services.log.error('RPC call failed', err, { op: method });
      }
      this.#logRefusal(method, error, started, notes, caller);
      await this.#send({ id: envelope.id, error: wireOf(error) });
    }
  }

  /**
   * Runs a method. An Authenticate that can reach the password check waits
   * for a login turn: one at a time on a connection (a pipelined one gets
   * CORE_LOGIN_BUSY), and the address's turn from the LoginLimiter. One
   * whose parameters are not even texts is refused by the method at once.
   * A client gone while waiting costs no password check (GONE).
   */
  async #run(
    method: CoreMethod,
    call: CallContext,
    params: ParamReader,
    raw: Record<string, unknown>,
  ): Promise<unknown> {
    const handler = METHOD_HANDLERS[method];
    const checksPassword =
      method === 'Authenticate' &&
      typeof raw.username === 'string' &&
      typeof raw.password === 'string';
    if (!checksPassword) return handler(call, params);
    if (this.#loggingIn) throw coreError('CORE_LOGIN_BUSY');

    this.#loggingIn = true;
    let endTurn: (() => void) | undefined;
    try {
      endTurn = await this.#services.logins.take(this.client);
      if (this.#socket.readyState !== this.#socket.OPEN) return GONE;
      return await handler(call, params);
    } finally {
      endTurn?.();
      this.#loggingIn = false;
    }
  }

  #sendFrame(id: RequestId, frame: PixelFrame): Promise<void> {
    const bytes = encodeBinaryMessage(
      'pixelFrame',
      id,
      frame.facts,
      frame.samples,
    );
    return this.#replies.send(bytes, true);
  }

  #send(message: RpcResponse | RpcEvent): Promise<void> {
    return this.#replies.send(JSON.stringify(message), false);
  }

  /** Cuts a connection whose client does not read its answers. */
  #cut(reason: string): void {
    this.#services.log.access({
      op: 'ConnectionError',
      status: 'Fail',
      level: 'WARNING',
      latencysms: 0,
      client: this.client,
      user: this.#lastUserId,
      port: this.port,
      reason: `Closed: ${reason}`,
      backlogBytes: this.#replies.backlogBytes,
    });
    this.#replies.clear();
    this.#socket.terminate();
  }

  #logSuccess(
    method: CoreMethod,
    started: number,
    caller: string | undefined,
    notes: Record<string, unknown>,
  ): void {
    const entry = this.#entry(method, 'Success', started, notes, caller);
    if (QUIET_METHODS.has(method)) this.#services.log.trace('RPC call', entry);
    else this.#services.log.access(entry);
  }

  #logRefusal(
    op: string,
    error: AtriumError,
    started: number,
    notes: Record<string, unknown>,
    caller?: string,
  ): void {
    const entry = this.#entry(op, 'Fail', started, notes, caller);
    const level = error.status >= 500 ? 'ERROR' : 'WARNING';
    this.#services.log.access({ ...entry, level, code: error.code });
  }

  #entry(
    op: string,
    status: string,
    started: number,
    notes: Record<string, unknown>,
    caller?: string,
  ) {
    return {
      op,
      status,
      latencysms: Math.round((performance.now() - started) * 100) / 100,
      client: this.client,
      user: this.#binding?.claims.userId ?? caller ?? '',
      port: this.port,
      ...notes,
    };
  }
}

function opOf(read: Envelope | Unreadable): string {
  return 'error' in read ? '(malformed)' : read.method.slice(0, 64);
}

export { MAX_REQUEST_BYTES } from './read-envelope.js';

function toAtriumError(err: unknown): AtriumError {
  if (err instanceof AtriumError) return err;
  return coreError('CORE_INTERNAL');
}

/** A server-side error that is not safe to show goes out as CORE_INTERNAL. */
function wireOf(error: AtriumError) {
  return error.expose ? error.toWire() : coreError('CORE_INTERNAL').toWire();
}
