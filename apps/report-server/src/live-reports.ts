import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { CoreClient } from '@atrium/core-client';
import type { Logger } from '@atrium/log';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  connectAsUser,
  translateCoreError,
  type CoreAddress,
} from './core-reader.js';
import { reportError } from './errors.js';
import { verifyIdentity, type ReportIdentity } from './identity.js';
import { asRefusal, LiveReportSocket } from './live-socket.js';
import { SessionQuota } from './session-quota.js';
import { clientOf, readStudyUid } from './request-facts.js';

/** Live report sockets one Core Server session may hold at once. */
export const MAX_LIVE_PER_SESSION = 8;

export interface LiveReportsOptions {
  core: CoreAddress;
  publicKey: KeyObject;
  log: Logger;
}

/**
 * The report page's WebSocket (`/report/live?study=<uid>`): admits an
 * upgrade (the user's identity, the study, a place among the session's
 * MAX_LIVE_PER_SESSION) and opens the user's Core connection watching the
 * study (WatchStudy) before the socket opens, so a refusal is an HTTP
 * answer with its status. Each open socket is then a LiveReportSocket,
 * which pushes the report whenever the study changes.
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
  readonly #sockets = new Set<LiveReportSocket>();

  constructor(options: LiveReportsOptions) {
    this.#options = options;
  }

  /** How many live sockets are open. */
  get count(): number {
    return this.#sockets.size;
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
    for (const socket of [...this.#sockets]) socket.close();
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
    const client = clientOf(req);
    this.#options.log.access({
      op: 'WatchReport',
      status: 'Success',
      user: identity.claims.userId,
      client,
      studyUid,
      latencysms: Math.round(performance.now() - started),
    });
    const socket = new LiveReportSocket({
      ws,
      core,
      identity,
      studyUid,
      client,
      log: this.#options.log,
      onClosed: () => {
        release();
        this.#sockets.delete(socket);
      },
    });
    this.#sockets.add(socket);
  }
}

/** What is known of a refused upgrade's user and study, for the log. */
interface RefusalFacts {
  user: string;
  studyUid: string;
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
