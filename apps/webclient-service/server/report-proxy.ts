import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@atrium/log';
import httpProxy from 'http-proxy';
import type { BrowserAuthenticator } from './browser-auth.js';
import {
  endSocket,
  refuseUpgrade,
  sendPlainAnswer,
  wantsPage,
  type PageLink,
} from './plain-answers.js';
import { checkReportRequest } from './report-gate.js';
import { sendRefusal } from './request-guard.js';
import { pairSockets } from './socket-pair.js';

export interface ReportProxyOptions {
  /** URL of the report server. */
  target: string;
  /** Reads a request's next-auth session (the gate). */
  auth: BrowserAuthenticator;
  log: Logger;
  /**
   * Milliseconds the report server may keep a request waiting with
   * nothing sent, and an upgrade waiting to be switched.
   */
  timeoutMs: number;
}

/** How long the report server may take to answer, by default. */
export const REPORT_TIMEOUT_MS = 30_000;

/** What the proxy answered and logged, when it did not send a request on. */
interface Outcome {
  /** The HTTP status answered. */
  status: number;
  /** The error code, for the log. */
  code: string;
  reason: string;
}

const UNREACHABLE: Outcome = {
  status: 502,
  code: 'WEB_REPORT_UNREACHABLE',
  reason: 'The report server cannot be reached: try again later',
};
const TOO_SLOW: Outcome = {
  status: 504,
  code: 'WEB_REPORT_TIMEOUT',
  reason: 'The report server did not answer in time: try again later',
};
const BROKE_OFF: Outcome = {
  status: 502,
  code: 'WEB_REPORT_BROKE_OFF',
  reason: 'The connection to the report server broke off',
};

/** What is known of one request or upgrade sent to the report server. */
interface Attempt {
  /** When the service took it (for the log's latencysms). */
  started: number;
  /** The user of its session. */
  userId: string;
  /** The report server switched protocols: the sockets are joined. */
  upgraded: boolean;
  /** It was given up on because the report server kept it waiting. */
  timedOut: boolean;
  /** The browser left before the report server switched protocols. */
  abandoned: boolean;
}

/**
 * The /report/ proxy: every request and upgrade passes the gate
 * (checkReportRequest) and is then sent on to the report server with
 * http-proxy. When the report server fails, the browser is told so in
 * words: a short page or plain text, or an HTTP answer to an upgrade.
 * Each refusal and failure is an AccessLog line of op `ProxyReport`, status
 * `Fail`, with its code and the HTTP status answered (what the report
 * server itself answers, it logs).
 */
export class ReportProxy {
  readonly #options: ReportProxyOptions;
  readonly #proxy: httpProxy;
  readonly #attempts = new WeakMap<IncomingMessage, Attempt>();
  /** The live sockets joined to the report server, to destroy at close. */
  readonly #joined = new Set<() => void>();

  constructor(options: ReportProxyOptions) {
    this.#options = options;
    this.#proxy = httpProxy.createProxyServer({
      target: options.target,
      ws: true,
      // setForwarding has already written the forwarding headers from
      // this service's own view of the request.
      xfwd: false,
      // A report server that takes connections but never answers (a
      // stopped process does) would keep the browser waiting for good.
      // After the timeout http-proxy aborts its request, which ends in the
      // error callback.
      proxyTimeout: options.timeoutMs,
      // The report server's answers carry no CSP of their own; the one
      // the service set (frame-ancestors included) is the site's.
    });
    // Every call below passes its own callback, which http-proxy calls in
    // place of this event; a listener keeps it from ever throwing.
    this.#proxy.on('error', () => undefined);
    // http-proxy skips this event for a request carrying `Expect`: one of
    // those given up on is answered 502 rather than 504 (still in time).
    this.#proxy.on('proxyReq', (proxyReq, req) => {
      const attempt = this.#attempts.get(req);
      // Runs after http-proxy's own listener, which aborts the request.
      proxyReq.once('timeout', () => {
        if (attempt) attempt.timedOut = true;
      });
    });
    // An answer that breaks off once its headers have gone out (the report
    // server dies, or stops and the timeout aborts the request) reaches no
    // error callback: the browser's answer is cut here, or it would wait
    // for the rest for good.
    this.#proxy.on('proxyRes', (proxyRes, req, res) => {
      proxyRes.once('close', () => {
        if (proxyRes.complete) return;
        const attempt = this.#attempts.get(req) ?? newAttempt(Date.now(), '');
        this.#log(req, attempt, BROKE_OFF);
        res.destroy();
      });
    });
    this.#proxy.on('proxyReqWs', (proxyReq, req, socket) =>
      this.#watchUpgrade(proxyReq, req, socket),
    );
  }

  /** Checks one /report/ request and sends it on. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = Date.now();
    void checkReportRequest(req, this.#options.auth).then((check) => {
      const { refusal, userId } = check;
      const attempt = newAttempt(started, userId);
      if (refusal?.cause === 'login' && wantsPage(req)) {
        // A report link opened without a login comes back after it.
        this.#log(req, attempt, { ...refusal, status: 303 });
        res.statusCode = 303;
        res.setHeader(
          'Location',
          `/login?callbackUrl=${encodeURIComponent(req.url ?? '/')}`,
        );
        return void res.end();
      }
      if (refusal) this.#log(req, attempt, refusal);
      if (refusal?.cause === 'renew' && wantsPage(req)) {
        // Not the login page: next-auth's session is still there, so that
        // page would find it live and send the browser straight back. Its
        // check does renew the Core Server token, but a server component
        // cannot store the renewed one in the cookie. The app's own pages
        // renew and store it from the browser: the way on is through them.
        return sendPlainAnswer(req, res, 401, refusal.reason, pageLinks(req));
      }
      if (refusal) return sendRefusal(res, refusal);
      this.#attempts.set(req, attempt);
      this.#proxy.web(req, res, {}, (error) =>
        this.#failRequest(req, res, error),
      );
    });
  }

  /** Checks one /report/ upgrade (the live socket) and sends it on. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = Date.now();
    void checkReportRequest(req, this.#options.auth).then((check) => {
      const { refusal, userId } = check;
      const attempt = newAttempt(started, userId);
      if (refusal) {
        this.#log(req, attempt, refusal);
        return refuseUpgrade(socket, refusal.status, refusal.reason);
      }
      // The browser may have left while its session was read.
      if (socket.destroyed) return;
      this.#attempts.set(req, attempt);
      this.#proxy.ws(req, socket, head, {}, (error) =>
        this.#failUpgrade(req, socket, attempt, error),
      );
    });
  }

  /** Refuses a /report/ upgrade from a foreign origin, and logs it. */
  refuseOrigin(req: IncomingMessage, socket: Duplex, reason: string): void {
    const refusal = { status: 403, code: 'WEB_ORIGIN_REFUSED', reason };
    this.#log(req, newAttempt(Date.now(), ''), refusal);
    refuseUpgrade(socket, refusal.status, refusal.reason);
  }

  /** Closes every joined socket. */
  close(): void {
    for (const destroyBoth of this.#joined) destroyBoth();
    this.#joined.clear();
    this.#proxy.close();
  }

  /**
   * Bounds the wait for the report server to switch protocols. http-proxy
   * clears the browser socket's timeout before it asks, and sets none on
   * its request, so without this an upgrade could wait for ever.
   */
  #watchUpgrade(
    proxyReq: ClientRequest,
    req: IncomingMessage,
    socket: Duplex,
  ): void {
    const attempt = this.#attempts.get(req);
    if (!attempt) return;
    const timer = setTimeout(() => {
      attempt.timedOut = true;
      proxyReq.destroy(new Error('The report server did not switch in time'));
    }, this.#options.timeoutMs);
    const stop = () => clearTimeout(timer);
    proxyReq.once('upgrade', (_res: IncomingMessage, upstream: Duplex) => {
      stop();
      attempt.upgraded = true;
      const destroyBoth = pairSockets(socket, upstream);
      this.#joined.add(destroyBoth);
      socket.once('close', () => this.#joined.delete(destroyBoth));
    });
    // Any answer other than a switch is piped to the browser as it is,
    // and the socket ended after it.
    proxyReq.once('response', (res: IncomingMessage) => {
      stop();
      res.once('close', () => endSocket(socket));
    });
    proxyReq.once('close', stop);
    // A browser gone before the switch needs the request no more.
    socket.once('close', () => {
      stop();
      if (attempt.upgraded) return;
      attempt.abandoned = true;
      proxyReq.destroy();
    });
  }

  #failRequest(req: IncomingMessage, res: ServerResponse, error: Error): void {
    const attempt = this.#attempts.get(req) ?? newAttempt(Date.now(), '');
    const outcome = attempt.timedOut ? TOO_SLOW : UNREACHABLE;
    this.#log(req, attempt, outcome, error);
    // Part of the report server's answer went out already: all that can
    // still be said is that it broke off.
    if (res.headersSent) return void res.destroy();
    sendPlainAnswer(req, res, outcome.status, outcome.reason, pageLinks(req));
  }

  #failUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    attempt: Attempt,
    error: Error,
  ): void {
    if (attempt.abandoned) return;
    // Once joined, the socket carries WebSocket frames, not HTTP.
    if (attempt.upgraded) {
      this.#log(req, attempt, BROKE_OFF, error);
      return void socket.destroy();
    }
    const outcome = attempt.timedOut ? TOO_SLOW : UNREACHABLE;
    this.#log(req, attempt, outcome, error);
    refuseUpgrade(socket, outcome.status, outcome.reason);
  }

  /**
   * One AccessLog line for a decision of the proxy's own, as the Core
   * Server logs a refused call: status `Fail` with the code beside it;
   * WARNING for a refusal, ERROR for a failure of the report server. The
   * path is logged without its query.
   */
  #log(
    req: IncomingMessage,
    attempt: Attempt,
    outcome: Outcome,
    error?: Error,
  ): void {
    this.#options.log.access({
      op: 'ProxyReport',
      status: 'Fail',
      level: outcome.status >= 500 ? 'ERROR' : 'WARNING',
      code: outcome.code,
      httpStatus: outcome.status,
      client: req.socket.remoteAddress ?? '',
      user: attempt.userId,
      latencysms: Date.now() - attempt.started,
      reason: outcome.reason,
      path: (req.url ?? '').split('?')[0],
      upgrade: Boolean(req.headers.upgrade),
      ...(error && { error: readErrorCode(error) }),
    });
  }
}

function newAttempt(started: number, userId: string): Attempt {
  return {
    started,
    userId,
    upgraded: false,
    timedOut: false,
    abandoned: false,
  };
}

// The system's word for why a connection failed (ECONNREFUSED, ...), else
// the message.
function readErrorCode(error: Error): string {
  const { code } = error as NodeJS.ErrnoException;
  return typeof code === 'string' ? code : error.message;
}

// A page the service answers in place of a report offers the way back
// and the way to the same report again.
function pageLinks(req: IncomingMessage): PageLink[] {
  return [
    { text: 'Return to Atrium', href: '/studies' },
    { text: 'Open the report again', href: req.url ?? '/report/' },
  ];
}
