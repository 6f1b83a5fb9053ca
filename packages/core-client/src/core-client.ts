import { EventEmitter } from 'node:events';
import WebSocket, { type RawData } from 'ws';
import {
  decodeBinaryMessage,
  errorFromWire,
  MAX_REQUEST_ID,
  type AuthenticateResult,
  type AttachTokenResult,
  type CoreEvents,
  type CoreMethod,
  type CoreParams,
  type CoreResult,
  type FrameFacts,
  type GetUserPreferencesResult,
  type ListMeasurementsResult,
  type ListStudiesParams,
  type ListStudiesResult,
  type LoadStudyParams,
  type Measurement,
  type PixelFrame,
  type RenewTokenResult,
  type RpcEvent,
  type RpcResponse,
  type SaveMeasurementsResult,
  type SaveUserPreferencesResult,
  type StudyDetail,
  type UserPreferences,
  type WatchStudyResult,
} from '@atrium/protocol';
import { coreClientError } from './errors.js';

export interface CoreClientOptions {
  /** Milliseconds to wait for each answer (default 30 000). */
  timeoutMs?: number;
  /** Milliseconds to wait for the connection (default 10 000). */
  connectTimeoutMs?: number;
  /**
   * For `wss://` URLs: the certificate authorities (PEM) to trust instead of
   * the system's, e.g. the CA of a hospital's own certificate.
   */
  ca?: string | Buffer | (string | Buffer)[];
  /** For `wss://` URLs: the name the certificate must carry, when not the host. */
  servername?: string;
}

/** Choices of a login. */
export interface AuthenticateOptions {
  /**
   * End the user's session elsewhere instead of failing with
   * CORE_ALREADY_LOGGED_IN.
   */
  closeOtherSessions?: boolean;
}

/** Events a CoreClient emits. */
export interface CoreClientEvents {
  /** The server ended this connection's session. */
  SessionEnded: [CoreEvents['SessionEnded']];
  /** A study this connection asked for is being retrieved from a node. */
  RetrieveProgress: [CoreEvents['RetrieveProgress']];
  /** A study this connection watches changed (see watchStudy). */
  StudyChanged: [CoreEvents['StudyChanged']];
  /** The socket closed. */
  close: [code: number, reason: string];
  /** The server answered a request it could not read (no id to match). */
  unmatchedError: [Error];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A connection to the Core Server's client or admin RPC port. Requests are
 * matched to answers by id; GetFrame's answer arrives as a binary message
 * and is returned as typed pixels with their facts.
 */
export class CoreClient extends EventEmitter<CoreClientEvents> {
  readonly #socket: WebSocket;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #session: { id: string; token: string } | undefined;
  // Sessions the server said have ended; an answer that arrives after that
  // event (they can cross on the wire) must not bring the token back.
  readonly #endedSessions = new Set<string>();

  private constructor(socket: WebSocket, options: CoreClientOptions) {
    super();
    this.#socket = socket;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    socket.on('message', (data, isBinary) => this.#receive(data, isBinary));
    socket.on('close', (code, reason) => this.#closed(code, reason.toString()));
    socket.on('error', () => {
      // A failing socket also closes; pending calls are rejected there.
    });
  }

  /**
   * Opens a connection, e.g. `ws://127.0.0.1:49696`, or over TLS
   * `wss://core.example:4390` (with `ca` when the certificate is not signed
   * by an authority the system trusts).
   */
  static connect(
    url: string,
    options: CoreClientOptions = {},
  ): Promise<CoreClient> {
    const socket = new WebSocket(url, {
      handshakeTimeout: options.connectTimeoutMs ?? 10_000,
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.servername !== undefined && {
        servername: options.servername,
      }),
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.removeAllListeners('error');
        resolve(new CoreClient(socket, options));
      });
      socket.once('error', (err) => {
        reject(
          coreClientError(
            'CCL_CONNECT_FAILED',
            `Could not connect to the Core Server at ${url}: ${err.message}`,
          ),
        );
      });
    });
  }

  /** The token of the session this connection is bound to, if any. */
  get token(): string | undefined {
    return this.#session?.token;
  }

  /** Whether the socket is open. */
  get open(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Calls a method of the catalogue with typed parameters and result. */
  call<M extends CoreMethod>(
    method: M,
    params: CoreParams<M>,
    timeoutMs?: number,
  ): Promise<CoreResult<M>> {
    return this.callUnchecked(method, params, timeoutMs) as Promise<
      CoreResult<M>
    >;
  }

  /**
   * Sends any method name and parameters (tests use it for methods that do
   * not exist). Rejects with the AtriumError the server answers.
   */
  callUnchecked(
    method: string,
    params: unknown,
    timeoutMs = this.#timeoutMs,
  ): Promise<unknown> {
    const id = this.#takeId();
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(coreClientError('CCL_CLOSED'));
        return;
      }
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          coreClientError(
            'CCL_TIMEOUT',
            `${method} got no answer in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Logs in with a user name and password; this connection keeps the
   * session. Rejects with CORE_ALREADY_LOGGED_IN (its `details.otherSession`
   * says when and from where) when the user is logged in elsewhere, unless
   * `closeOtherSessions` is set.
   */
  async authenticate(
    username: string,
    password: string,
    options: AuthenticateOptions = {},
  ): Promise<AuthenticateResult> {
    const result = await this.call('Authenticate', {
      username,
      password,
      ...(options.closeOtherSessions !== undefined && {
        closeOtherSessions: options.closeOtherSessions,
      }),
    });
    this.#keepSession(result.sessionId, result.token);
    return result;
  }

  /** Binds this connection to the session of a token (the worker's path). */
  async attachToken(token: string): Promise<AttachTokenResult> {
    const result = await this.call('AttachToken', { token });
    this.#keepSession(result.sessionId, token);
    return result;
  }

  /** Gets a fresh token for the same session. */
  async renewToken(): Promise<RenewTokenResult> {
    const result = await this.call('RenewToken', {});
    if (this.#session) this.#keepSession(this.#session.id, result.token);
    return result;
  }

  /** Ends the session. */
  async logout(): Promise<void> {
    await this.call('Logout', {});
    this.#session = undefined;
  }

  listStudies(query: ListStudiesParams = {}): Promise<ListStudiesResult> {
    return this.call('ListStudies', query);
  }

  getStudy(studyUid: string): Promise<StudyDetail> {
    return this.call('GetStudy', { studyUid });
  }

  /**
   * Opens a study by Study Instance UID (a text) or by `{ accessionNumber }`.
   * A study the server must first retrieve emits RetrieveProgress events
   * meanwhile; give this call (`timeoutMs`) or the client a timeout long
   * enough for the retrieve.
   */
  loadStudy(
    study: string | LoadStudyParams,
    timeoutMs?: number,
  ): Promise<StudyDetail> {
    const params = typeof study === 'string' ? { studyUid: study } : study;
    return this.call('LoadStudy', params, timeoutMs);
  }

  /** The user's saved preferences (viewer presets, layout); `{}` when none. */
  getUserPreferences(): Promise<GetUserPreferencesResult> {
    return this.call('GetUserPreferences', {});
  }

  /** Replaces the user's saved preferences. */
  saveUserPreferences(
    preferences: UserPreferences,
  ): Promise<SaveUserPreferencesResult> {
    return this.call('SaveUserPreferences', { preferences });
  }

  /** The user's own saved measurements on a study. */
  listMeasurements(studyUid: string): Promise<ListMeasurementsResult> {
    return this.call('ListMeasurements', { studyUid });
  }

  /** Replaces the user's saved measurements on a study. */
  saveMeasurements(
    studyUid: string,
    measurements: Measurement[],
  ): Promise<SaveMeasurementsResult> {
    return this.call('SaveMeasurements', { studyUid, measurements });
  }

  /** From now on, emits StudyChanged when the study changes. */
  watchStudy(studyUid: string): Promise<WatchStudyResult> {
    return this.call('WatchStudy', { studyUid });
  }

  /** Stops the StudyChanged events of a study. */
  unwatchStudy(studyUid: string): Promise<WatchStudyResult> {
    return this.call('UnwatchStudy', { studyUid });
  }

  /** The decoded stored values of one frame (0-based) and their facts. */
  getFrame(sopInstanceUid: string, frameIndex: number): Promise<PixelFrame> {
    return this.call('GetFrame', { sopInstanceUid, frameIndex });
  }

  /** Closes the connection; pending calls are rejected. */
  close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.close(1000, 'client closing');
    });
  }

  #keepSession(id: string, token: string): void {
    this.#session = this.#endedSessions.has(id) ? undefined : { id, token };
  }

  #takeId(): number {
    const id = this.#nextId;
    this.#nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
    return id;
  }

  #receive(data: RawData, isBinary: boolean): void {
    const bytes = toBytes(data);
    if (isBinary) {
      this.#receiveBinary(bytes);
      return;
    }

    let message: RpcResponse | RpcEvent;
    try {
      message = JSON.parse(
        Buffer.from(bytes).toString('utf8'),
      ) as typeof message;
    } catch {
      return;
    }
    // Whatever answers on this port, a message that is not an object is
    // dropped rather than let throw in the caller's process.
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) {
      if (typeof message.data !== 'object' || message.data === null) return;
      if (message.event === 'SessionEnded') {
        const data = message.data as CoreEvents['SessionEnded'];
        this.#endedSessions.add(data.sessionId);
        if (this.#session?.id === data.sessionId) this.#session = undefined;
        this.emit('SessionEnded', data);
      }
      if (message.event === 'StudyChanged') {
        this.emit('StudyChanged', message.data as CoreEvents['StudyChanged']);
      }
      if (message.event === 'RetrieveProgress') {
        this.emit(
          'RetrieveProgress',
          message.data as CoreEvents['RetrieveProgress'],
        );
      }
      return;
    }
    if (message.id === null) {
      if ('error' in message)
        this.emit('unmatchedError', errorFromWire(message.error));
      return;
    }

    const pending = this.#settle(message.id);
    if (!pending) return;
    if ('error' in message) pending.reject(errorFromWire(message.error));
    else pending.resolve(message.result);
  }

  #receiveBinary(bytes: Uint8Array): void {
    let frame;
    try {
      frame = decodeBinaryMessage<FrameFacts>(bytes);
    } catch {
      return;
    }
    const pending = this.#settle(frame.requestId);
    pending?.resolve({ facts: frame.metadata, samples: frame.samples });
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  #closed(code: number, reason: string): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(coreClientError('CCL_CLOSED'));
    }
    this.emit('close', code, reason);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}
