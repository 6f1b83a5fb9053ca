import {
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import httpProxy from 'http-proxy';
import type { BrowserAuthenticator } from './browser-auth.js';
import type { BrowserSockets } from './browser-sockets.js';
import { checkOrigin } from './origin-check.js';
import { checkReportRequest, REPORT_PREFIX } from './report-gate.js';
import {
  buildContentSecurityPolicy,
  checkRequest,
  readOriginForm,
  sendRefusal,
  setForwarding,
  setPageNonce,
  setSecurityHeaders,
  type SiteSettings,
} from './request-guard.js';

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
  /** Reads a request's next-auth session (the /report/ gate). */
  auth: BrowserAuthenticator;
  health: () => HealthCounts;
  next: NextHandlers | null;
  /** URL of the report server, proxied under /report/. */
  reportServerUrl: string;
  /** `webforcehttps`: plain HTTP answers with a redirect to HTTPS. */
  forceHttps: boolean;
  /** Where the redirect points: `https://<webfqdn>[:<webtlsport>]`. */
  httpsOrigin: string;
  /** webfqdn, webframeancestors, and whether Next runs in development. */
  site: SiteSettings;
  /** The ports the web listeners are bound to (plain, and TLS if on). */
  servedPorts: () => number[];
  log: Logger;
}

/**
 * Request and upgrade routing of the web ports. The custom routes come
 * first (socket.io, health, the report proxy); everything else goes to
 * Next. Upgrades are routed here too: socket.io's, the report server's, and
 * Next's own; any other upgrade is closed.
 */
export class HttpRoutes {
  readonly #options: RoutesOptions;
  readonly #proxy: httpProxy;
  /** The policy of every answer but Next's, which get a nonce each. */
  readonly #policy: string;

  constructor(options: RoutesOptions) {
    this.#options = options;
    this.#policy = buildContentSecurityPolicy(options.site);
    this.#proxy = httpProxy.createProxyServer({
      target: options.reportServerUrl,
      ws: true,
      // setForwarding has already written the forwarding headers from
      // this service's own view of the request.
      xfwd: false,
      // The report server's answers carry no CSP of their own; the one
      // set above (frame-ancestors included) is the site's.
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
    const { sockets, next, forceHttps, site } = this.#options;
    setSecurityHeaders(res, this.#policy, tls, forceHttps);
    const refusal = checkRequest(req.method ?? 'GET', req.url ?? '');
    const url = readOriginForm(req.url);
    // socket.io's polling transport posts to its path; it is not Next's.
    if (url && sockets.owns(url)) {
      const refused = this.#checkOrigin(req);
      if (refused) return sendRefusal(res, { status: 403, reason: refused });
      return sockets.handleRequest(req, res);
    }
    if (refusal || url === null) {
      return sendRefusal(res, refusal ?? { status: 400, reason: 'Bad target' });
    }
    req.url = url;
    if (forceHttps && !tls) return this.#redirect(req, res);
    setForwarding(req, site.fqdn, tls);

    const path = url.split('?')[0];
    if (path === '/api/health') return this.#answerHealth(req, res);
    if (url.startsWith(REPORT_PREFIX)) return this.#proxyReport(req, res);
    if (next) {
      // Next's pages carry inline scripts: each answer gets a nonce of its
      // own in place of the policy without one set above.
      setPageNonce(req, res, site);
      return void next.handleRequest(req, res);
    }
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
    const url = readOriginForm(req.url);
    if (url === null || (forceHttps && !tls)) return void socket.destroy();
    req.url = url;
    setForwarding(req, this.#options.site.fqdn, tls);

    if (sockets.owns(url)) {
      const refused = this.#checkOrigin(req);
      if (refused) return refuseUpgrade(socket, 403, refused);
      return sockets.handleUpgrade(req, socket, head);
    }
    if (url.startsWith(REPORT_PREFIX)) {
      const refused = this.#checkOrigin(req);
      if (refused) return refuseUpgrade(socket, 403, refused);
      return void checkReportRequest(req, this.#options.auth).then(
        (refusal) => {
          if (refusal) {
            return refuseUpgrade(socket, refusal.status, refusal.reason);
          }
          this.#proxy.ws(req, socket, head);
        },
      );
    }
    if (next && url.startsWith('/_next/')) {
      return void next.handleUpgrade(req, socket, head);
    }
    socket.destroy();
  }

  #proxyReport(req: IncomingMessage, res: ServerResponse): void {
    void checkReportRequest(req, this.#options.auth).then((refusal) => {
      if (refusal?.login && wantsPage(req)) {
        // A report link opened without a login comes back after it.
        res.statusCode = 303;
        res.setHeader(
          'Location',
          `/login?callbackUrl=${encodeURIComponent(req.url ?? '/')}`,
        );
        return void res.end();
      }
      if (refusal) return sendRefusal(res, refusal);
      this.#proxy.web(req, res);
    });
  }

  #checkOrigin(req: IncomingMessage): string | null {
    const { site, servedPorts, log } = this.#options;
    const refused = checkOrigin(req, site.fqdn, servedPorts());
    if (refused) {
      log.access({
        op: 'AcceptConnection',
        status: 'WEB_ORIGIN_REFUSED',
        client: req.socket.remoteAddress,
        level: 'WARNING',
        reason: refused,
      });
    }
    return refused;
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

function wantsPage(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

// An upgrade is refused with a plain HTTP answer, so a client sees why.
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  const text = STATUS_CODES[status] ?? 'Refused';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}
