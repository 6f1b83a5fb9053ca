import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CorePort } from '@atrium/protocol';
import type { CoreServices } from '../rpc/call-context.js';
import { MAX_REQUEST_BYTES, RpcConnection } from '../rpc/rpc-connection.js';
import type { SessionRegistry } from '../rpc/session-registry.js';
import { listenOn } from './listen-port.js';
import type { TlsCredentials } from './tls-credentials.js';

// setTimeout cannot wait longer than this; longer ConnectionTimeouts are
// clamped to it (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What a port does when a connection has been silent for ConnectionTimeout;
 * returns true to keep it open and wait another ConnectionTimeout.
 */
export type IdleHandler = (
  connection: RpcConnection,
  socket: WebSocket,
) => boolean;

/**
 * One RPC port (client or admin): a WebSocket endpoint that can listen on
 * several sockets at once, the plain one (ClientPort, AdminPort) and the
 * TLS one (ClientTlsPort, AdminTlsPort), with the same methods and checks
 * on each.
 */
export class RpcPort {
  readonly #port: CorePort;
  readonly #services: CoreServices;
  readonly #registry: SessionRegistry;
  readonly #onIdle: IdleHandler;
  readonly #servers: Server[] = [];
  readonly #wss: WebSocketServer;

  constructor(
    port: CorePort,
    services: CoreServices,
    registry: SessionRegistry,
    onIdle: IdleHandler,
  ) {
    this.#port = port;
    this.#services = services;
    this.#registry = registry;
    this.#onIdle = onIdle;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_REQUEST_BYTES,
    });
    this.#wss.on('connection', (socket, request: IncomingMessage) =>
      this.#accept(socket, request),
    );
  }

  /** Listens without TLS; resolves with the port bound. */
  listenPlain(settingKey: string, address: string, port: number) {
    return listenOn(this.#attach(createServer()), settingKey, address, port);
  }

  /**
   * Listens with TLS 1.3 only (an older client's handshake fails); resolves
   * with the port bound.
   */
  listenTls(
    credentials: TlsCredentials,
    settingKey: string,
    address: string,
    port: number,
  ) {
    const server = createTlsServer({
      ...credentials.secureContext,
      minVersion: 'TLSv1.3',
    });
    server.on('tlsClientError', (err, socket) => {
      // A refused handshake (TLS 1.2, a client that distrusts the
      // certificate) is a security event administrators look for. A client
      // that hangs up mid-handshake has no address left to name.
      const { reason, code } = err as Error & {
        reason?: string;
        code?: string;
      };
      this.#services.log.access({
        op: 'AcceptConnection',
        status: 'Fail',
        level: 'WARNING',
        client: socket.remoteAddress ?? 'unknown',
        port: this.#port,
        tls: true,
        reason: reason ?? code ?? err.message,
      });
    });
    return listenOn(this.#attach(server), settingKey, address, port);
  }

  /** Closes every connection and every listening socket. */
  async close(): Promise<void> {
    for (const socket of this.#wss.clients) {
      socket.close(1001, 'server stopping');
    }
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    // Sockets that do not finish the closing handshake are cut.
    for (const socket of this.#wss.clients) socket.terminate();
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (!server.listening) resolve();
            else server.close(() => resolve());
          }),
      ),
    );
  }

  #attach(server: Server): Server {
    this.#servers.push(server);
    server.on('error', (err) => {
      // listenOn reports a failed bind; this keeps a later fault of a
      // listening socket from going unhandled.
      this.#services.log.error('RPC listener failed', err, {
        port: this.#port,
      });
    });
    server.on('request', (_req, res) => {
      // Plain HTTP requests get a short answer; RPC is WebSocket only.
      res.writeHead(426, {
        'content-type': 'text/plain',
        upgrade: 'websocket',
      });
      res.end('Atrium Core Server RPC: connect with a WebSocket\n');
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head) => {
      this.#wss.handleUpgrade(request, socket, head, (ws) =>
        this.#wss.emit('connection', ws, request),
      );
    });
    return server;
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const { log, settings } = this.#services;
    const client = request.socket.remoteAddress ?? 'unknown';
    const tls = (request.socket as Partial<TLSSocket>).encrypted === true;
    const connection = new RpcConnection(
      socket,
      this.#port,
      client,
      this.#services,
      (conn, sessionId) => {
        this.#registry.bind(conn, sessionId);
        // A watch lasts only as long as the login that made it.
        if (!sessionId) this.#services.watchers.forget(conn);
      },
    );
    log.access({
      op: 'AcceptConnection',
      status: 'Success',
      client,
      port: this.#port,
      tls,
    });

    const idleMs = Math.min(settings.idleSeconds * 1000, MAX_TIMER_MS);
    const idle = setTimeout(() => {
      if (this.#onIdle(connection, socket)) idle.refresh();
    }, idleMs);
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
      this.#services.watchers.forget(connection);
      log.access({
        op: 'CloseConnection',
        status: 'Success',
        client,
        port: this.#port,
        user: connection.lastUserId,
        code,
      });
    });
  }
}
