/**
 * One end of a JSON RPC link of the web module (recruiter link, worker RPC
 * link), independent of the transport: the owner hands it every text message
 * that arrives and a function that sends one. Either end may send requests
 * (ids numbered per end), answer them, and send events; message shapes are
 * those of envelope.ts. Browser-safe: no Node APIs.
 */
import { AtriumError, errorFromWire, type WireError } from './errors.js';
import {
  MAX_REQUEST_ID,
  isRequestId,
  type RpcEvent,
  type RpcFailure,
  type RpcRequest,
  type RpcSuccess,
} from './envelope.js';

/** A method map: each method's params and result types. */
export type RpcMethodMap<T> = {
  [K in keyof T]: { params: unknown; result: unknown };
};

/** Error codes the peer itself raises. */
export const RPC_PEER_ERRORS = {
  timeout: 'RPC_TIMEOUT',
  closed: 'RPC_LINK_CLOSED',
  unknownMethod: 'RPC_UNKNOWN_METHOD',
  internal: 'RPC_INTERNAL',
  badMessage: 'RPC_BAD_MESSAGE',
} as const;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: AtriumError) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

type RequestHandler = (params: unknown) => unknown;
type EventHandler = (data: unknown) => void;

/**
 * A typed RPC end. `Out` are the methods this end calls, `In` those it
 * answers, `OutEvents` and `InEvents` the events it sends and receives.
 */
export class RpcPeer<
  Out extends RpcMethodMap<Out>,
  In extends RpcMethodMap<In>,
  OutEvents extends object,
  InEvents extends object,
> {
  readonly #send: (text: string) => void;
  readonly #report: (error: unknown) => void;
  readonly #pending = new Map<number, Pending>();
  readonly #handlers = new Map<string, RequestHandler>();
  readonly #listeners = new Map<string, EventHandler>();
  #nextId = 1;
  #closed: WireError | null = null;

  /**
   * `send` writes one text message to the transport; `report` hears what an
   * event listener threw (it never leaves receive()).
   */
  constructor(
    send: (text: string) => void,
    report: (error: unknown) => void = () => undefined,
  ) {
    this.#send = send;
    this.#report = report;
  }

  /** Calls a method of the other end; rejects with an AtriumError. */
  request<M extends keyof Out & string>(
    method: M,
    params: Out[M]['params'],
    timeoutMs = 30_000,
  ): Promise<Out[M]['result']> {
    if (this.#closed) return Promise.reject(errorFromWire(this.#closed));

    const id = this.#takeId();
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => this.#expire(id, method, timeoutMs), timeoutMs)
          : undefined;
      this.#pending.set(id, { resolve, reject, timer });
      const message: RpcRequest = { id, method, params };
      this.#write(message);
    });
  }

  /** Sends an event to the other end. */
  notify<E extends keyof OutEvents & string>(
    event: E,
    data: OutEvents[E],
  ): void {
    if (this.#closed) return;
    const message: RpcEvent = { event, data };
    this.#write(message);
  }

  /** Answers a method; a thrown AtriumError reaches the caller by code. */
  handle<M extends keyof In & string>(
    method: M,
    handler: (
      params: In[M]['params'],
    ) => In[M]['result'] | Promise<In[M]['result']>,
  ): void {
    this.#handlers.set(method, handler as RequestHandler);
  }

  /** Listens to one event of the other end. */
  on<E extends keyof InEvents & string>(
    event: E,
    listener: (data: InEvents[E]) => void,
  ): void {
    this.#listeners.set(event, listener as EventHandler);
  }

  /**
   * Feeds one text message that arrived from the other end. Returns false
   * when it is not an RPC message (not JSON, not an object, or none of the
   * three shapes); the other end has then been answered RPC_BAD_MESSAGE and
   * the owner may close the link. Never throws.
   */
  receive(text: string): boolean {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.#fail(null, {
        code: RPC_PEER_ERRORS.badMessage,
        message: 'Not JSON',
      });
      return false;
    }
    if (
      typeof message !== 'object' ||
      message === null ||
      Array.isArray(message)
    ) {
      this.#fail(null, {
        code: RPC_PEER_ERRORS.badMessage,
        message: 'An RPC message is a JSON object',
      });
      return false;
    }

    const fields = message as Record<string, unknown>;
    if (typeof fields.method === 'string' && isRequestId(fields.id)) {
      void this.#answer(fields as unknown as RpcRequest);
    } else if (typeof fields.event === 'string') {
      this.#dispatch(fields.event, fields.data);
    } else if (isRequestId(fields.id)) {
      this.#settle(fields as unknown as RpcSuccess | RpcFailure);
    } else {
      this.#fail(null, {
        code: RPC_PEER_ERRORS.badMessage,
        message: 'Not a request, answer or event',
      });
      return false;
    }
    return true;
  }

  /** Ends the link: every unanswered request rejects with `error`. */
  close(error: WireError = defaultClosedError): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(errorFromWire(error));
      this.#pending.delete(id);
    }
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.#closed !== null;
  }

  async #answer(request: RpcRequest): Promise<void> {
    const handler = this.#handlers.get(request.method);
    if (!handler) {
      this.#fail(request.id, {
        code: RPC_PEER_ERRORS.unknownMethod,
        message: `Unknown method ${request.method}`,
      });
      return;
    }

    try {
      const result = await handler(request.params);
      if (!this.#closed) this.#write({ id: request.id, result });
    } catch (error) {
      this.#fail(request.id, toWire(error));
    }
  }

  #dispatch(event: string, data: unknown): void {
    const listener = this.#listeners.get(event);
    if (!listener) return;
    try {
      listener(data);
    } catch (error) {
      this.#report(error);
    }
  }

  #settle(response: RpcSuccess | RpcFailure): void {
    const pending = this.#pending.get(response.id as number);
    if (!pending) return;

    this.#pending.delete(response.id as number);
    clearTimeout(pending.timer);
    if ('error' in response)
      pending.reject(errorFromWire(wireOf(response.error)));
    else pending.resolve(response.result);
  }

  #expire(id: number, method: string, timeoutMs: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;

    this.#pending.delete(id);
    pending.reject(
      new AtriumError(
        RPC_PEER_ERRORS.timeout,
        `${method} had no answer within ${timeoutMs} ms`,
      ),
    );
  }

  #fail(id: number | null, error: WireError): void {
    if (this.#closed) return;
    const message: RpcFailure = { id, error };
    this.#write(message);
  }

  #write(message: unknown): void {
    try {
      this.#send(JSON.stringify(message));
    } catch {
      // The transport went away; its close handler closes this peer.
    }
  }

  #takeId(): number {
    const id = this.#nextId;
    this.#nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }
}

const defaultClosedError: WireError = {
  code: RPC_PEER_ERRORS.closed,
  message: 'The link closed before an answer arrived',
};

/** A failure's error as the other end sent it, made safe to read. */
function wireOf(error: unknown): WireError {
  const fields = (
    typeof error === 'object' && error !== null ? error : {}
  ) as Record<string, unknown>;
  return {
    code:
      typeof fields.code === 'string'
        ? fields.code
        : RPC_PEER_ERRORS.badMessage,
    message:
      typeof fields.message === 'string'
        ? fields.message
        : 'The other end failed',
    details: fields.details as WireError['details'],
  };
}

function toWire(error: unknown): WireError {
  if (error instanceof AtriumError) return error.toWire();
  return {
    code: RPC_PEER_ERRORS.internal,
    message: error instanceof Error ? error.message : String(error),
  };
}
