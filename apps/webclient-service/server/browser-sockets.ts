import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  WEB_SOCKET_PATH,
  type FrameRequest,
  type WebAck,
  type WebClientEvents,
  type WebServerEvents,
  type WireError,
} from '@atrium/protocol';
import { Server, type Socket } from 'socket.io';
import type { BrowserAuthenticator, BrowserIdentity } from './browser-auth.js';
import {
  readFrameRequests,
  readRefusedRequestIds,
  readRequestIds,
  readOpenStudy,
  readViewerState,
} from './browser-input.js';
import type { BrowserChannel, BrowserSession } from './browser-session.js';
import {
  readListMeasurements,
  readSaveMeasurements,
} from './measurement-input.js';
import { toBrowserError } from './browser-errors.js';
import { webError } from './errors.js';
import type { FrameSink } from './frame-relay.js';
import type { SessionRegistry } from './session-registry.js';

type BrowserSocket = Socket<
  WebClientEvents,
  WebServerEvents,
  Record<string, never>,
  { identity?: BrowserIdentity }
>;

/**
 * socket.io for browsers. The engine is attached to a server object of its
 * own that never listens; the web listeners hand it the requests and
 * upgrades under WEB_SOCKET_PATH themselves, so one socket.io server serves
 * the plain and the TLS port and no other upgrade is ever touched by it.
 */
export class BrowserSockets {
  readonly #io: Server<WebClientEvents, WebServerEvents>;
  readonly #sessions: SessionRegistry;
  readonly #log: Logger;

  constructor(
    auth: BrowserAuthenticator,
    sessions: SessionRegistry,
    log: Logger,
  ) {
    this.#sessions = sessions;
    this.#log = log;
    this.#io = new Server(createServer(), {
      path: WEB_SOCKET_PATH,
      serveClient: false,
      // engine.io otherwise closes upgrades that are not its own.
      destroyUpgrade: false,
      // Frames can be large; the browser's own messages are small.
      maxHttpBufferSize: 1_000_000,
    });
    this.#io.use((socket, next) => {
      const client = socket.handshake.address;
      auth
        .identify(socket.request.headers)
        .then((identity) => {
          // Refuse a session that has ended before accepting the socket.
          sessions.sessionFor(identity);
          socket.data.identity = identity;
          log.access({
            op: 'AcceptConnection',
            status: 'Success',
            client,
            user: identity.userId,
          });
          next();
        })
        .catch((error: unknown) => {
          const code = codeOf(error);
          log.access({
            op: 'AcceptConnection',
            status: code,
            client,
            level: 'WARNING',
          });
          next(new Error(code));
        });
    });
    this.#io.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Whether a request path belongs to socket.io. */
  owns(url: string | undefined): boolean {
    return (url ?? '').startsWith(`${WEB_SOCKET_PATH}/`);
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.#io.engine.handleRequest(req as never, res);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#io.engine.handleUpgrade(req as never, socket, head);
  }

  /** Disconnects every browser. */
  close(): void {
    this.#io.disconnectSockets(true);
    this.#io.engine.close();
  }

  /** Keeps in the log what the browser is told in plainer words. */
  readonly #logDetail = (wire: WireError): void => {
    this.#log.warn('A browser request failed', {
      code: wire.code,
      error: wire.message,
    });
  };

  #onConnection(socket: BrowserSocket): void {
    const identity = socket.data.identity;
    if (!identity) return void socket.disconnect(true);

    let session: BrowserSession;
    try {
      session = this.#sessions.sessionFor(identity);
    } catch {
      return void socket.disconnect(true);
    }
    if (session.browserCount >= MAX_SOCKETS_PER_SESSION) {
      this.#log.access({
        op: 'AcceptConnection',
        status: 'WEB_TOO_MANY_SOCKETS',
        client: socket.handshake.address,
        user: identity.userId,
        level: 'WARNING',
      });
      socket.emit('socket-refused', {
        error: webError('WEB_TOO_MANY_SOCKETS').toWire(),
      });
      return void socket.disconnect(true);
    }
    const channel: BrowserChannel = {
      emit: (event, data) => (socket.emit as AnyEmit)(event, data),
      disconnect: () => socket.disconnect(true),
      bufferedBytes: () => bufferedBytes(socket),
    };
    const sink: FrameSink = {
      emitFrame: (bytes) => {
        socket.emit('frame', bytes);
        if (bufferedBytes(socket) > BROWSER_HIGH_WATER_BYTES) {
          session.holdWorker(
            sink,
            drainedBelow(socket, BROWSER_LOW_WATER_BYTES),
          );
        }
      },
      emitFrameError: (requestId, error) =>
        socket.emit('frame-error', {
          requestId,
          error: toBrowserError(error, this.#logDetail),
        }),
    };
    this.#wire(socket, session, sink);
    socket.on('disconnect', () => session.removeBrowser(channel, sink));
    session.addBrowser(channel, identity.coreToken, identity.expiresAt);
  }

  #wire(socket: BrowserSocket, session: BrowserSession, sink: FrameSink) {
    socket.on('list-studies', (params, ack) => {
      session.touch();
      answer(
        ack,
        () => session.callWorker('ListStudies', params ?? {}),
        this.#logDetail,
      );
    });
    socket.on('open-study', (params, ack) => {
      session.touch();
      answer(
        ack,
        async () => {
          const request = readOpenStudy(params);
          const study = await session.callWorker(
            'OpenStudy',
            request,
            OPEN_STUDY_TIMEOUT_MS,
          );
          session.noteStudyOpened(study.studyUid);
          return study;
        },
        this.#logDetail,
      );
    });
    socket.on('frames', (params, ack) => {
      session.touch();
      let requests: FrameRequest[];
      try {
        requests = readFrameRequests(params);
      } catch (error) {
        return refuseFrames(this.#log, sink, params, ack, error);
      }
      guard(this.#log, () =>
        session.requestFrames(session.frames.add(sink, requests)),
      );
      if (typeof ack === 'function') ack({ ok: true, result: null });
    });
    socket.on('list-measurements', (params, ack) => {
      session.touch();
      answer(
        ack,
        async () =>
          session.callWorker('ListMeasurements', readListMeasurements(params)),
        this.#logDetail,
      );
    });
    socket.on('save-measurements', (params, ack) => {
      session.touch();
      answer(
        ack,
        async () =>
          session.callWorker('SaveMeasurements', readSaveMeasurements(params)),
        this.#logDetail,
      );
    });
    socket.on('cancel-frames', (params) => {
      guard(this.#log, () =>
        session.cancelFrames(
          session.frames.cancel(sink, readRequestIds(params)),
        ),
      );
    });
    socket.on('viewer-state', (state) => {
      session.touch();
      guard(this.#log, () => session.setState(readViewerState(state)));
    });
    socket.on('end-session', (ack) => {
      // The acknowledgement goes out before the session closes the socket.
      if (typeof ack === 'function') ack({ ok: true, result: null });
      session.end('logout', 'You have logged out');
    });
  }
}

/** Browser sockets one session may hold open (tabs, windows). */
export const MAX_SOCKETS_PER_SESSION = 8;

/** Bytes waiting for one browser past which the worker is not read. */
export const BROWSER_HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** ... and below which it is read again. */
export const BROWSER_LOW_WATER_BYTES = 2 * 1024 * 1024;

/** What engine.io exposes of its socket and WebSocket transport. */
interface EngineConn {
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: {
    socket?: { bufferedAmount?: number };
    once(event: 'drain', listener: () => void): void;
  };
  readyState?: string;
  once(event: string, listener: () => void): void;
  removeListener(event: string, listener: () => void): void;
}

/**
 * Bytes a browser socket has not taken yet: engine.io's write buffer (not
 * handed to the transport) and the WebSocket's buffered amount.
 */
export function bufferedBytes(socket: { conn: unknown }): number {
  const conn = socket.conn as EngineConn;
  let total = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') total += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      total += data.byteLength;
    }
  }
  return total;
}

/**
 * Settles once the socket's buffered bytes fell below `low` (checked each
 * time the transport drains) or the socket closed.
 */
function drainedBelow(socket: { conn: unknown }, low: number): Promise<void> {
  const conn = socket.conn as EngineConn;
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      conn.removeListener('close', finish);
      resolve();
    };
    const check = () => {
      if (done) return;
      if (conn.readyState === 'closed' || bufferedBytes(socket) < low) {
        finish();
        return;
      }
      // The transport may change (polling to WebSocket): watch the current.
      conn.transport?.once('drain', check);
    };
    conn.once('close', finish);
    check();
  });
}

/**
 * How long an `open-study` may take: a study the Core Server retrieves from
 * a PACS first takes minutes. A little longer than the worker's own limit,
 * so its error (with the Core Server's words) arrives first.
 */
const OPEN_STUDY_TIMEOUT_MS = 31 * 60_000;

type AnyEmit = (event: string, data?: unknown) => boolean;

function answer<T>(
  ack: ((answer: WebAck<T>) => void) | undefined,
  work: () => Promise<T>,
  logDetail: (wire: WireError) => void,
): void {
  work().then(
    (result) => {
      if (typeof ack === 'function') ack({ ok: true, result });
    },
    (error: unknown) => {
      const wire = toBrowserError(toWire(error), logDetail);
      if (typeof ack === 'function') ack({ ok: false, error: wire });
    },
  );
}

/**
 * Answers a malformed `frames` event with WEB_BAD_REQUEST and its reason:
 * through the acknowledgement when there is one, and as a frame-error for
 * each request id it still names, so none of them waits for ever.
 */
function refuseFrames(
  log: Logger,
  sink: FrameSink,
  params: unknown,
  ack: ((answer: WebAck<null>) => void) | undefined,
  error: unknown,
): void {
  const wire =
    error instanceof AtriumError && error.code === 'WEB_BAD_REQUEST'
      ? error.toWire()
      : webError('WEB_BAD_REQUEST', 'frames is not a valid request').toWire();
  // DEBUG only: a browser may send these without end, and the answer is
  // what tells it; a log line each would let it fill the disk.
  log.debug('Browser message refused', {
    event: 'frames',
    error: wire.message,
  });
  for (const requestId of readRefusedRequestIds(params)) {
    sink.emitFrameError(requestId, wire);
  }
  if (typeof ack === 'function') ack({ ok: false, error: wire });
}

function guard(log: Logger, work: () => void): void {
  try {
    work();
  } catch (error) {
    log.debug('Browser message refused', { error: (error as Error).message });
  }
}

function toWire(error: unknown): WireError {
  if (error instanceof AtriumError) return error.toWire();
  return { code: 'WEB_INTERNAL', message: 'The request failed' };
}

function codeOf(error: unknown): string {
  return error instanceof AtriumError ? error.code : 'WEB_UNAUTHENTICATED';
}
