import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import httpProxy from 'http-proxy';
import type { BrowserSockets } from './browser-sockets.js';

/** Counts for `GET /api/health`. */
export interface HealthCounts {
  managers: number;
  workers: number;
  sessions: number;
}

/** Next's two entry points, when the Next app is served. */
export interface NextHandlers {
  handleRequest: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Next's own upgrades (the dev server's reload socket). */
  handleUpgrade: (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ) => unknown;
}

export interface RoutesOptions {
  sockets: BrowserSockets;
  health: () => HealthCounts;
  next: NextHandlers | null;
  /** URL of the report server, proxied under /report/. */
  reportServerUrl: string;
  /** `webforcehttps`: plain HTTP answers with a redirect to HTTPS. */
  forceHttps: boolean;
  /** Where the redirect points: `https://<webfqdn>[:<webtlsport>]`. */
  httpsOrigin: string;
  log: Logger;
}

const REPORT_PREFIX = '/report/';

/**
 * Request and upgrade routing of the web ports. The custom routes come
 * first (socket.io, health, the report proxy); everything else goes to
 * Next. Upgrades are routed here too: socket.io's, the report server's, and
 * Next's own; any other upgrade is closed.
 */
export class HttpRoutes {
  readonly #options: RoutesOptions;
  readonly #proxy: httpProxy;

  constructor(options: RoutesOptions) {
    this.#options = options;
    this.#proxy = httpProxy.createProxyServer({
      target: options.reportServerUrl,
      ws: true,
      xfwd: true,
    });
    this.#proxy.on('error', (error, _req, res) => {
      options.log.warn('Report server proxy failed', { error: error.message });
      if (res && 'writeHead' in res && !res.headersSent) {
        sendJson(res, 502, { error: 'The report server is not reachable' });
      } else {
        (res as Duplex | undefined)?.destroy();
      }
    });
  }

  /** Handles one request of the plain (`tls` false) or TLS port. */
  handleRequest(req: IncomingMessage, res: ServerResponse, tls: boolean) {
    const { sockets, next, forceHttps } = this.#options;
    const url = req.url ?? '/';
    if (forceHttps && !tls) return this.#redirect(req, res);
    if (forceHttps) {
      res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    }

    if (sockets.owns(url)) return sockets.handleRequest(req, res);
    const path = url.split('?')[0];
    if (path === '/api/health') return this.#answerHealth(req, res);
    if (url.startsWith(REPORT_PREFIX)) return this.#proxy.web(req, res);
    if (next) return void next.handleRequest(req, res);
    sendJson(res, 404, { error: 'Not found' });
  }

  /** Routes one upgrade of the plain or TLS port. */
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    tls: boolean,
  ) {
    const { sockets, next, forceHttps } = this.#options;
    const url = req.url ?? '/';
    if (forceHttps && !tls) return void socket.destroy();

    if (sockets.owns(url)) return sockets.handleUpgrade(req, socket, head);
    if (url.startsWith(REPORT_PREFIX)) {
      return this.#proxy.ws(req, socket, head);
    }
    if (next && url.startsWith('/_next/')) {
      return void next.handleUpgrade(req, socket, head);
    }
    socket.destroy();
  }

  close(): void {
    this.#proxy.close();
  }

  #answerHealth(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'Method not allowed' });
    }
    sendJson(res, 200, { status: 'ok', ...this.#options.health() });
  }

  #redirect(req: IncomingMessage, res: ServerResponse): void {
    res.statusCode = 308;
    res.setHeader('Location', `${this.#options.httpsOrigin}${req.url ?? '/'}`);
    res.end();
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
