import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import httpProxy from 'http-proxy';
import type { BrowserAuthenticator } from './browser-auth.js';
import {
  refuseUpgrade,
  sendPlainAnswer,
  wantsPage,
  type PageLink,
} from './plain-answers.js';
import { checkReportRequest } from './report-gate.js';
import { sendRefusal } from './request-guard.js';

export interface ReportProxyOptions {
  /** URL of the report server. */
  target: string;
  /** Reads a request's next-auth session (the gate). */
  auth: BrowserAuthenticator;
  log: Logger;
}

const UNREACHABLE = 'The report server cannot be reached: try again later';

/** What is known of one upgrade on its way to the report server. */
interface Upgrade {
  /** The report server switched protocols: the sockets are joined. */
  upgraded: boolean;
}

/**
 * The /report/ proxy: every request and upgrade passes the gate
 * (checkReportRequest) and is then sent on to the report server with
 * http-proxy. When the report server fails, the browser is told so in
 * words: a short page or plain text, or an HTTP answer to an upgrade.
 */
export class ReportProxy {
  readonly #options: ReportProxyOptions;
  readonly #proxy: httpProxy;
  readonly #upgrades = new WeakMap<IncomingMessage, Upgrade>();

  constructor(options: ReportProxyOptions) {
    this.#options = options;
    this.#proxy = httpProxy.createProxyServer({
      target: options.target,
      ws: true,
      // setForwarding has already written the forwarding headers from
      // this service's own view of the request.
      xfwd: false,
      // The report server's answers carry no CSP of their own; the one
      // the service set (frame-ancestors included) is the site's.
    });
    // Every call below passes its own callback, which http-proxy calls in
    // place of this event; a listener keeps it from ever throwing.
    this.#proxy.on('error', () => undefined);
    this.#proxy.on('proxyReqWs', (proxyReq, req) => {
      const upgrade = this.#upgrades.get(req);
      if (!upgrade) return;
      proxyReq.once('upgrade', () => {
        upgrade.upgraded = true;
      });
    });
  }

  /** Checks one /report/ request and sends it on. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
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
      this.#proxy.web(req, res, {}, (error) =>
        this.#failRequest(req, res, error),
      );
    });
  }

  /** Checks one /report/ upgrade (the live socket) and sends it on. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    void checkReportRequest(req, this.#options.auth).then((refusal) => {
      if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
      const upgrade: Upgrade = { upgraded: false };
      this.#upgrades.set(req, upgrade);
      this.#proxy.ws(req, socket, head, {}, (error) =>
        this.#failUpgrade(socket, upgrade, error),
      );
    });
  }

  close(): void {
    this.#proxy.close();
  }

  #failRequest(req: IncomingMessage, res: ServerResponse, error: Error): void {
    this.#options.log.warn('Report server proxy failed', {
      error: error.message,
    });
    // Part of the report server's answer went out already: all that can
    // still be said is that it broke off.
    if (res.headersSent) return void res.destroy();
    sendPlainAnswer(req, res, 502, UNREACHABLE, pageLinks(req));
  }

  #failUpgrade(socket: Duplex, upgrade: Upgrade, error: Error): void {
    this.#options.log.warn('Report server proxy failed', {
      error: error.message,
    });
    // Once joined, the socket carries WebSocket frames, not HTTP.
    if (upgrade.upgraded) return void socket.destroy();
    refuseUpgrade(socket, 502, UNREACHABLE);
  }
}

// A page the service answers in place of a report offers the way back
// and the way to the same report again.
function pageLinks(req: IncomingMessage): PageLink[] {
  return [
    { text: 'Return to Atrium', href: '/studies' },
    { text: 'Open the report again', href: req.url ?? '/report/' },
  ];
}
