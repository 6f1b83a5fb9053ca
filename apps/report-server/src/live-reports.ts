import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { CoreClient } from '@atrium/core-client';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  REPORT_REFUSED_CLOSE,
  REPORT_SESSION_ENDED_CLOSE,
  type ReportLiveMessage,
  type StudyChange,
} from '@atrium/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  connectAsUser,
  readReport,
  translateCoreError,
  type CoreAddress,
} from './core-reader.js';
import { reportError } from './errors.js';
import { verifyIdentity, type ReportIdentity } from './identity.js';
import { renderReportBody } from './report-html.js';
import { SessionQuota } from './session-quota.js';
import { clientOf, readStudyUid } from './request-facts.js';

/** Live report sockets one Core Server session may hold at once. */
export const MAX_LIVE_PER_SESSION = 8;
const PING_MS = 30_000;
/** A socket that has not read this much of what it was sent is cut. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** The token is renewed when this share of its life is left. */
const RENEW_AT_SHARE_LEFT = 0.25;

export interface LiveReportsOptions {
  core: CoreAddress;
  publicKey: KeyObject;
  log: Logger;
}

/**
 * The report page's WebSocket (`/report/live?study=<uid>`). Each socket
 * holds a Core Server connection attached with the user's token that
 * watches the study (WatchStudy); when the Core Server says the study
 * changed (new instances stored, the user's measurements saved) the report
 * is read again and pushed, rendered, to the page. The socket closes with
 * REPORT_SESSION_ENDED_CLOSE when the user's session ends, and its Core
 * connection closes with it.
 *
 * The Core connection renews its token before it runs out, so an open
 * report page keeps its live updates for as long as the session lives;
 * like an open viewer, it counts as use of the session.
 */
export class LiveReports {
  readonly #options: LiveReportsOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  /** Live sockets open or being admitted, per Core Server session. */
  readonly #slots = new SessionQuota(MAX_LIVE_PER_SESSION, () =>
    reportError(
      'REPORT_TOO_MANY',
      `At most ${MAX_LIVE_PER_SESSION} report pages per session update live; close one`,
    ),
  );
  readonly #cleanups = new Set<(code?: number) => void>();

  constructor(options: LiveReportsOptions) {
    this.#options = options;
  }

  /** How many live sockets are open. */
  get count(): number {
    return this.#cleanups.size;
  }

  /** Handles an upgrade to the live path; never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = performance.now();
    const facts: RefusalFacts = { user: '', studyUid: '' };
    socket.on('error', () => socket.destroy());
    void this.#admit(req, facts).then(
      ({ identity, core, studyUid, release }) => {
        // ws refuses a handshake it cannot complete (a bad key, version or
        // method) by answering 400 itself, without calling back: the Core
        // connection and the slot must then go with the socket.
        // A browser may also have gone while it was admitted.
        let served = false;
        const abandon = (message: string) => {
          release();
          void core.close();
          this.#logRefusal(req, started, facts, {
            code: 'REPORT_BAD_REQUEST',
            status: 400,
            message,
          });
        };
        if (socket.destroyed) {
          return abandon('The browser left before its socket opened');
        }
        socket.once('close', () => {
          if (!served) abandon('The WebSocket handshake was not valid');
        });
        this.#wss.handleUpgrade(req, socket, head, (ws) => {
          served = true;
          this.#serve(ws, identity, core, studyUid, req, started, release);
        });
      },
      (error: unknown) => {
        const refusal = asRefusal(error);
        this.#logRefusal(req, started, facts, refusal);
        refuseUpgrade(socket, refusal.status, refusal.message);
      },
    );
  }

  /** Closes every live socket and its Core connection. */
  close(): void {
    for (const cleanup of [...this.#cleanups]) cleanup();
    this.#wss.close();
  }

  /**
   * Checks the request, the user and the study, and opens the user's Core
   * connection watching it. A slot of the session's MAX_LIVE_PER_SESSION
   * is taken as soon as the user is known, so sockets opened at once
   * cannot all pass the count; `release` gives it back.
   */
  async #admit(req: IncomingMessage, facts: RefusalFacts) {
    if (
      req.method !== 'GET' ||
      req.headers.upgrade?.toLowerCase() !== 'websocket'
    ) {
      throw reportError(
        'REPORT_BAD_REQUEST',
        'The live report address takes WebSocket upgrades only',
      );
    }
    const studyUid = readStudyUid(req);
    facts.studyUid = studyUid;
    const identity = await verifyIdentity(req.headers, this.#options.publicKey);
    facts.user = identity.claims.userId;
    const release = this.#slots.take(identity.claims.sessionId);
    try {
      const core = await connectAsUser(this.#options.core, identity);
      try {
        // Checks the study exists and the user may see it before the
        // socket opens, so a refusal is an HTTP answer with its status.
        await core.watchStudy(studyUid);
        return { identity, core, studyUid, release };
      } catch (error) {
        void core.close();
        throw translateCoreError(error);
      }
    } catch (error) {
      release();
      throw error;
    }
  }

  #logRefusal(
    req: IncomingMessage,
    started: number,
    facts: RefusalFacts,
    refusal: { code: string; status: number; message: string },
  ): void {
    this.#options.log.access({
      op: 'WatchReport',
      status: 'Fail',
      code: refusal.code,
      level:
        refusal.status === 401 || refusal.status === 403 ? 'WARNING' : 'INFO',
      client: clientOf(req),
      user: facts.user,
      ...(facts.studyUid && { studyUid: facts.studyUid }),
      latencysms: Math.round(performance.now() - started),
      reason: refusal.message,
    });
  }

  #serve(
    ws: WebSocket,
    identity: ReportIdentity,
    core: CoreClient,
    studyUid: string,
    req: IncomingMessage,
    started: number,
    release: () => void,
  ): void {
    const { log } = this.#options;
    const { userId } = identity.claims;
    const client = clientOf(req);
    const opened = Date.now();
    log.access({
      op: 'WatchReport',
      status: 'Success',
      user: userId,
      client,
      studyUid,
      latencysms: Math.round(performance.now() - started),
    });

    let renew: NodeJS.Timeout | undefined;
    let sending = false;
    let pending: StudyChange | 'opened' | null = 'opened';
    let alive = true;

    const cleanup = (code?: number) => {
      if (!this.#cleanups.delete(cleanup)) return;
      clearTimeout(renew);
      clearInterval(ping);
      release();
      core.removeAllListeners();
      void core.close();
      if (ws.readyState === ws.OPEN) ws.close(1001, 'report server stopping');
      log.access({
        op: 'CloseReport',
        status: 'Success',
        user: userId,
        client,
        studyUid,
        code: code ?? 1001,
        openSeconds: Math.round((Date.now() - opened) / 1000),
      });
    };
    this.#cleanups.add(cleanup);

    const send = (message: ReportLiveMessage) => {
      if (ws.bufferedAmount > MAX_UNSENT_BYTES) return void ws.terminate();
      ws.send(JSON.stringify(message));
    };
    // One read at a time; the changes that arrive meanwhile make one more,
    // so a burst of saves or stored objects costs two reads, not one each.
    const push = async () => {
      if (sending || pending === null) return;
      const cause = pending;
      pending = null;
      sending = true;
      try {
        const report = await readReport(core, studyUid, userId);
        send({ type: 'report', cause, report, html: renderReportBody(report) });
      } catch (error) {
        const refusal = asRefusal(error);
        send({ type: 'error', error: refusal.toWire() });
        if (refusal.code === 'REPORT_SESSION_ENDED') {
          ws.close(REPORT_SESSION_ENDED_CLOSE, refusal.message);
        }
      } finally {
        sending = false;
        if (pending !== null) void push();
      }
    };

    const scheduleRenewal = (expiresAt: Date) => {
      const left = expiresAt.getTime() - Date.now();
      renew = setTimeout(
        () => {
          core.renewToken().then(
            (renewed) => scheduleRenewal(new Date(renewed.expiresAt)),
            () =>
              ws.close(REPORT_SESSION_ENDED_CLOSE, 'Your session has ended'),
          );
        },
        Math.max(1000, left * (1 - RENEW_AT_SHARE_LEFT)),
      );
    };
    scheduleRenewal(identity.claims.expiresAt);

    core.on('StudyChanged', (event) => {
      if (event.studyUid !== studyUid) return;
      pending = event.change;
      void push();
    });
    core.on('SessionEnded', () =>
      ws.close(REPORT_SESSION_ENDED_CLOSE, 'Your session has ended'),
    );
    core.on('close', () => {
      if (ws.readyState === ws.OPEN) {
        ws.close(1011, 'The Core Server connection was lost');
      }
    });

    const ping = setInterval(() => {
      if (!alive) return void ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    ws.on('pong', () => {
      alive = true;
    });
    // The page sends nothing; anything it does send is refused.
    ws.on('message', () =>
      ws.close(REPORT_REFUSED_CLOSE, 'The live report socket only sends'),
    );
    ws.on('error', () => ws.terminate());
    ws.on('close', (code) => cleanup(code));
    void push();
  }
}

/** What is known of a refused upgrade's user and study, for the log. */
interface RefusalFacts {
  user: string;
  studyUid: string;
}

function asRefusal(error: unknown): AtriumError {
  if (error instanceof AtriumError && error.code.startsWith('REPORT_')) {
    return error;
  }
  return translateCoreError(error);
}

// A refused upgrade gets a plain HTTP answer, so the page can say why.
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
