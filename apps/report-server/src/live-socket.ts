import type { CoreClient } from '@atrium/core-client';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  REPORT_REFUSED_CLOSE,
  REPORT_SESSION_ENDED_CLOSE,
  type ReportLiveMessage,
  type StudyChange,
} from '@atrium/protocol';
import type { WebSocket } from 'ws';
import { readReport, translateCoreError } from './core-reader.js';
import type { ReportIdentity } from './identity.js';
import { renderReportBody } from './report-html.js';

const PING_MS = 30_000;
/** A socket that has not read this much of what it was sent is cut. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** The token is renewed when this share of its life is left. */
const RENEW_AT_SHARE_LEFT = 0.25;

/** What one admitted live socket is made of. */
export interface LiveSocketParts {
  ws: WebSocket;
  /** The user's Core connection, already watching the study. */
  core: CoreClient;
  identity: ReportIdentity;
  studyUid: string;
  /** The browser's address, for the log. */
  client: string;
  log: Logger;
  /** Called once when the socket has closed, with its close code. */
  onClosed(code: number): void;
}

/**
 * One open report page: pushes the report when it opens and whenever the
 * Core Server says the study changed, renews the user's token before it
 * runs out, pings to find a page that went silently, and closes with
 * REPORT_SESSION_ENDED_CLOSE when the session ends. Its Core connection
 * closes with it.
 */
export class LiveReportSocket {
  readonly #parts: LiveSocketParts;
  readonly #opened = Date.now();
  readonly #ping: NodeJS.Timeout;
  #renew: NodeJS.Timeout | undefined;
  #sending = false;
  #pending: StudyChange | 'opened' | null = 'opened';
  #alive = true;
  #closed = false;

  constructor(parts: LiveSocketParts) {
    this.#parts = parts;
    const { ws, core, identity, studyUid } = parts;

    this.#scheduleRenewal(identity.claims.expiresAt);
    core.on('StudyChanged', (event) => {
      if (event.studyUid !== studyUid) return;
      this.#pending = event.change;
      void this.#push();
    });
    core.on('SessionEnded', () => this.#endSession());
    core.on('close', () => {
      if (ws.readyState === ws.OPEN) {
        ws.close(1011, 'The Core Server connection was lost');
      }
    });

    this.#ping = setInterval(() => {
      if (!this.#alive) return void ws.terminate();
      this.#alive = false;
      ws.ping();
    }, PING_MS);
    ws.on('pong', () => {
      this.#alive = true;
    });
    // The page sends nothing; anything it does send is refused.
    ws.on('message', () =>
      ws.close(REPORT_REFUSED_CLOSE, 'The live report socket only sends'),
    );
    ws.on('error', () => ws.terminate());
    ws.on('close', (code) => this.#finish(code));
    void this.#push();
  }

  /** Closes the socket (the server is stopping). */
  close(): void {
    const { ws } = this.#parts;
    if (ws.readyState === ws.OPEN) ws.close(1001, 'report server stopping');
    this.#finish(1001);
  }

  // One read at a time; the changes that arrive meanwhile make one more,
  // so a burst of saves or stored objects costs two reads, not one each.
  async #push(): Promise<void> {
    if (this.#sending || this.#pending === null || this.#closed) return;
    const { core, studyUid, identity, ws } = this.#parts;
    const cause = this.#pending;
    this.#pending = null;
    this.#sending = true;
    try {
      const report = await readReport(core, studyUid, identity.claims.userId);
      this.#send({
        type: 'report',
        cause,
        report,
        html: renderReportBody(report),
      });
    } catch (error) {
      const refusal = asRefusal(error);
      this.#send({ type: 'error', error: refusal.toWire() });
      if (refusal.code === 'REPORT_SESSION_ENDED') {
        ws.close(REPORT_SESSION_ENDED_CLOSE, refusal.message);
      }
    } finally {
      this.#sending = false;
      if (this.#pending !== null) void this.#push();
    }
  }

  #send(message: ReportLiveMessage): void {
    const { ws } = this.#parts;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_UNSENT_BYTES) return void ws.terminate();
    ws.send(JSON.stringify(message));
  }

  #scheduleRenewal(expiresAt: Date): void {
    const left = expiresAt.getTime() - Date.now();
    this.#renew = setTimeout(
      () => {
        this.#parts.core.renewToken().then(
          (renewed) => this.#scheduleRenewal(new Date(renewed.expiresAt)),
          () => this.#endSession(),
        );
      },
      Math.max(1000, left * (1 - RENEW_AT_SHARE_LEFT)),
    );
  }

  #endSession(): void {
    this.#parts.ws.close(REPORT_SESSION_ENDED_CLOSE, 'Your session has ended');
  }

  #finish(code: number): void {
    if (this.#closed) return;
    this.#closed = true;
    const { core, log, identity, client, studyUid, onClosed } = this.#parts;
    clearTimeout(this.#renew);
    clearInterval(this.#ping);
    core.removeAllListeners();
    void core.close();
    log.access({
      op: 'CloseReport',
      status: 'Success',
      user: identity.claims.userId,
      client,
      studyUid,
      code,
      openSeconds: Math.round((Date.now() - this.#opened) / 1000),
    });
    onClosed(code);
  }
}

/** A REPORT_ error as it is, anything else in the report server's words. */
export function asRefusal(error: unknown): AtriumError {
  if (error instanceof AtriumError && error.code.startsWith('REPORT_')) {
    return error;
  }
  return translateCoreError(error);
}
