import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Database } from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@atrium/log';
import type { CorePort } from '@atrium/protocol';
import type { SecuritySettings } from '../auth/security-settings.js';
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { CoreServices, FrameReader } from '../rpc/call-context.js';
import { FrameSource } from '../rpc/frame-source.js';
import { MAX_REQUEST_BYTES, RpcConnection } from '../rpc/rpc-connection.js';
import { SessionRegistry } from '../rpc/session-registry.js';
import { listenOn } from './listen-port.js';

/** What the RPC server needs; the serve command builds it from the ini. */
export interface CoreServerOptions {
  db: Database;
  log: Logger;
  settings: SecuritySettings;
  tokens: TokenIssuer;
  /** MaximumQueryResults of [DicomNetwork]. */
  maximumQueryResults: number;
  /** [Network] BindAddress. */
  bindAddress: string;
  /** ClientPort and AdminPort; 0 picks a free port (tests). */
  clientPort: number;
  adminPort: number;
  /** Frame reader; a FrameSource over the image store by default. */
  frames?: FrameReader;
}

/** A started server. */
export interface RunningCoreServer {
  bindAddress: string;
  clientPort: number;
  adminPort: number;
  /** Closes every connection and both ports. */
  close(): Promise<void>;
}

// setTimeout cannot wait longer than this; longer ConnectionTimeouts are
// clamped to it (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Starts the client and admin RPC servers: a WebSocket server on each of
 * ClientPort and AdminPort, bound to BindAddress only.
 *
 * Known limitations: the TLS ports (ClientTlsPort, AdminTlsPort) and the
 * separate IPv6 ports (ClientPortIPv6, AdminPortIPv6) are not served yet;
 * a BindAddress of `::` serves both families on the plain ports. TLS will
 * wrap the same PortServer connection handling.
 */
export async function startCoreServer(
  options: CoreServerOptions,
): Promise<RunningCoreServer> {
  const registry = new SessionRegistry();
  const services: CoreServices = {
    db: options.db,
    log: options.log,
    settings: options.settings,
    tokens: options.tokens,
    frames: options.frames ?? new FrameSource(options.db),
    maximumQueryResults: options.maximumQueryResults,
    endSessions: (ids, reason) => registry.endSessions(ids, reason),
  };

  const client = new PortServer('client', services, registry);
  const admin = new PortServer('admin', services, registry);
  const address = options.bindAddress;
  try {
    const clientPort = await client.listen(
      'ClientPort',
      address,
      options.clientPort,
    );
    const adminPort = await admin.listen(
      'AdminPort',
      address,
      options.adminPort,
    );
    return {
      bindAddress: address,
      clientPort,
      adminPort,
      async close() {
        await Promise.all([client.close(), admin.close()]);
      },
    };
  } catch (err) {
    await Promise.all([client.close(), admin.close()]);
    throw err;
  }
}

/** One port: an HTTP server that upgrades to WebSocket RPC. */
class PortServer {
  readonly #port: CorePort;
  readonly #services: CoreServices;
  readonly #registry: SessionRegistry;
  readonly #http: Server;
  readonly #wss: WebSocketServer;

  constructor(
    port: CorePort,
    services: CoreServices,
    registry: SessionRegistry,
  ) {
    this.#port = port;
    this.#services = services;
    this.#registry = registry;
    this.#http = createServer((_req, res) => {
      // Plain HTTP requests get a short answer; RPC is WebSocket only.
      res.writeHead(426, {
        'content-type': 'text/plain',
        upgrade: 'websocket',
      });
      res.end('Atrium Core Server RPC: connect with a WebSocket\n');
    });
    this.#wss = new WebSocketServer({
      server: this.#http,
      maxPayload: MAX_REQUEST_BYTES,
    });
    // ws repeats the HTTP server's errors on itself; listenOn reports a
    // failed bind, so this listener only keeps them from being unhandled.
    this.#wss.on('error', () => undefined);
    this.#wss.on('connection', (socket, request) =>
      this.#accept(socket, request),
    );
  }

  listen(settingKey: string, address: string, port: number): Promise<number> {
    return listenOn(this.#http, settingKey, address, port);
  }

  async close(): Promise<void> {
    for (const socket of this.#wss.clients) {
      socket.close(1001, 'server stopping');
    }
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    // Sockets that do not finish the closing handshake are cut.
    for (const socket of this.#wss.clients) socket.terminate();
    if (!this.#http.listening) return;
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const { log, settings } = this.#services;
    const client = request.socket.remoteAddress ?? 'unknown';
    const connection = new RpcConnection(
      socket,
      this.#port,
      client,
      this.#services,
      (conn, sessionId) => this.#registry.bind(conn, sessionId),
    );
    log.access({
      op: 'AcceptConnection',
      status: 'Success',
      client,
      port: this.#port,
    });

    const idleMs = Math.min(settings.idleSeconds * 1000, MAX_TIMER_MS);
    const idle = setTimeout(() => socket.close(1000, 'idle'), idleMs);
    socket.on('message', (data, isBinary) => {
      idle.refresh();
      void connection.handleMessage(data, isBinary);
    });
    socket.on('error', (err) => {
      // Protocol violations (an oversized message, a bad frame) land here;
      // ws closes the socket itself.
      log.access({
        op: 'ConnectionError',
        status: 'Fail',
        level: 'WARNING',
        client,
        port: this.#port,
        reason: err.message,
      });
    });
    socket.on('close', (code) => {
      clearTimeout(idle);
      this.#registry.remove(connection);
      log.access({
        op: 'CloseConnection',
        status: 'Success',
        client,
        port: this.#port,
        user: connection.binding?.claims.userId ?? '',
        code,
      });
    });
  }
}
