import { performance } from 'node:perf_hooks';
import type { RawData, WebSocket } from 'ws';
import {
  AtriumError,
  CORE_METHODS,
  encodeBinaryMessage,
  isCoreMethod,
  isRequestId,
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

/** WebSocket close code sent when the server ends a connection's session. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

/** A request as read from the socket, before its method is checked. */
interface Envelope {
  id: RequestId;
  method: string;
  params: Record<string, unknown>;
}

/**
 * One client connection on the client or admin port: reads requests,
 * checks access, runs the method, answers in JSON (or binary for frames)
 * and writes the log entry of the call. A bad message gets an error
 * answer; nothing a client sends can stop the server.
 */
export class RpcConnection implements CallerConnection {
  readonly port: CorePort;
  readonly client: string;
  readonly #socket: WebSocket;
  readonly #services: CoreServices;
  readonly #access: AccessCheck;
  readonly #onBind: (connection: RpcConnection, sessionId?: string) => void;
  #binding: SessionBinding | undefined;

  constructor(
    socket: WebSocket,
    port: CorePort,
    client: string,
    services: CoreServices,
    onBind: (connection: RpcConnection, sessionId?: string) => void,
  ) {
    this.#socket = socket;
    this.port = port;
    this.client = client;
    this.#services = services;
    this.#access = new AccessCheck(services);
    this.#onBind = onBind;
  }

  get binding(): SessionBinding | undefined {
    return this.#binding;
  }

  bind(binding: SessionBinding): void {
    this.#binding = binding;
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
    if ('error' in read) {
      this.#send({ id: read.id, error: read.error.toWire() });
      this.#logRefusal('(malformed)', read.error, started, {});
      return;
    }
    await this.#call(read, started);
  }

  /** Pushes an event to the client. */
  sendEvent<E extends keyof CoreEvents>(event: E, data: CoreEvents[E]): void {
    const message: RpcEvent<E, CoreEvents[E]> = { event, data };
    this.#send(message);
  }

  /** Tells the client its session ended, then closes the socket. */
  endSession(reason: SessionEndReason): void {
    const sessionId = this.#binding?.claims.sessionId;
    if (!sessionId) return;
    this.#binding = undefined;
    this.sendEvent('SessionEnded', { sessionId, reason });
    this.#socket.close(SESSION_ENDED_CLOSE_CODE, `session ended: ${reason}`);
  }

  async #call(envelope: Envelope, started: number): Promise<void> {
    const notes: Record<string, unknown> = {};
    const call: CallContext = {
      services: this.#services,
      connection: this,
      note: (fields) => Object.assign(notes, fields),
    };
    const method = envelope.method;

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
      const result = await METHOD_HANDLERS[method](call, params);

      if (access.binary) this.#sendFrame(envelope.id, result as PixelFrame);
      else this.#send({ id: envelope.id, result });
      this.#logSuccess(method, started, notes);
    } catch (err) {
      const error = toAtriumError(err);
      if (error.status >= 500) {
        this.#services.log.error('RPC call failed', err, { op: method });
      }
      this.#send({ id: envelope.id, error: wireOf(error) });
      this.#logRefusal(method, error, started, notes);
    }
  }

  #sendFrame(id: RequestId, frame: PixelFrame): void {
    const bytes = encodeBinaryMessage(
      'pixelFrame',
      id,
      frame.facts,
      frame.samples,
    );
    this.#sendRaw(bytes, true);
  }

  #send(message: RpcResponse | RpcEvent): void {
    this.#sendRaw(JSON.stringify(message), false);
  }

  #sendRaw(data: string | Uint8Array, binary: boolean): void {
    // A peer that went away mid-call simply misses its answer.
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(data, { binary });
  }

  #logSuccess(
    method: CoreMethod,
    started: number,
    notes: Record<string, unknown>,
  ): void {
    const entry = this.#entry(method, 'Success', started, notes);
    if (QUIET_METHODS.has(method)) this.#services.log.trace('RPC call', entry);
    else this.#services.log.access(entry);
  }

  #logRefusal(
    op: string,
    error: AtriumError,
    started: number,
    notes: Record<string, unknown>,
  ): void {
    const entry = this.#entry(op, 'Fail', started, notes);
    const level = error.status >= 500 ? 'ERROR' : 'WARNING';
    this.#services.log.access({ ...entry, level, code: error.code });
  }

  #entry(
    op: string,
    status: string,
    started: number,
    notes: Record<string, unknown>,
  ) {
    return {
      op,
      status,
      latencysms: Math.round((performance.now() - started) * 100) / 100,
      client: this.client,
      user: this.#binding?.claims.userId ?? '',
      port: this.port,
      ...notes,
    };
  }
}

/** Largest request the server reads, in bytes; bigger ones close the socket. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** A request that could not be read, with its id when it has one. */
interface Unreadable {
  id: RequestId | null;
  error: AtriumError;
}

function readEnvelope(data: RawData, isBinary: boolean): Envelope | Unreadable {
  const bad = (id: RequestId | null, message: string): Unreadable => ({
    id,
    error: coreError('CORE_BAD_REQUEST', message),
  });
  if (isBinary) return bad(null, 'Requests are JSON text, not binary');

  let parsed: unknown;
  try {
    parsed = JSON.parse(rawToText(data));
  } catch {
    return bad(null, 'The request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return bad(null, 'The request is not a JSON object');
  }

  const { id, method, params } = parsed as Record<string, unknown>;
  if (!isRequestId(id)) {
    return bad(
      null,
      'The request id must be a whole number from 1 to 4294967295',
    );
  }
  if (typeof method !== 'string' || method.length === 0) {
    return bad(id, 'The request has no method');
  }
  if (
    params !== undefined &&
    (typeof params !== 'object' || params === null || Array.isArray(params))
  ) {
    return bad(id, 'The request params must be a JSON object');
  }
  return { id, method, params: (params ?? {}) as Record<string, unknown> };
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function toAtriumError(err: unknown): AtriumError {
  if (err instanceof AtriumError) return err;
  return coreError('CORE_INTERNAL');
}

/** A server-side error that is not safe to show goes out as CORE_INTERNAL. */
function wireOf(error: AtriumError) {
  return error.expose ? error.toWire() : coreError('CORE_INTERNAL').toWire();
}
