import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import type { BrowserAuthenticator } from './browser-auth.js';
import type { BrowserSockets } from './browser-sockets.js';
import { checkOrigin } from './origin-check.js';
import { refuseUpgrade } from './plain-answers.js';
import { REPORT_PREFIX } from './report-gate.js';
import { REPORT_TIMEOUT_MS, ReportProxy } from './report-proxy.js';
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
  /**
   * Milliseconds the report server may keep a request or an upgrade
   * waiting (REPORT_TIMEOUT_MS, 30 s, by default).
   */
  reportTimeoutMs?: number;
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
  readonly #report: ReportProxy;
  /** The policy of every answer but Next's, which get a nonce each. */
  readonly #policy: string;

  constructor(options: RoutesOptions) {
    this.#options = options;
    this.#policy = buildContentSecurityPolicy(options.site);
    this.#report = new ReportProxy({
      target: options.reportServerUrl,
      timeoutMs: options.reportTimeoutMs ?? REPORT_TIMEOUT_MS,
      auth: options.auth,
      log: options.log,
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
    if (url.startsWith(REPORT_PREFIX)) {
      return this.#report.handleRequest(req, res);
    }
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
    // Node takes its own error listener off a socket it hands over for an
    // upgrade. Until a handler adds one (http-proxy does only once the
    // report server has switched), a browser's reset would be thrown as an
    // uncaught error and end the process.
    socket.on('error', () => socket.destroy());
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
      // Logged by the report proxy, with its other refusals.
      const { site, servedPorts } = this.#options;
      const refused = checkOrigin(req, site.fqdn, servedPorts());
      if (refused) return this.#report.refuseOrigin(req, socket, refused);
      return this.#report.handleUpgrade(req, socket, head);
    }
    if (next && url.startsWith('/_next/')) {
      return void next.handleUpgrade(req, socket, head);
    }
    socket.destroy();
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
    this.#report.close();
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
