import { randomBytes } from 'node:crypto';
import type { Logger } from '@atrium/log';
import type { HelloParams, PairedResult } from '@atrium/protocol';
import type { BrowserIdentity } from './browser-auth.js';
import { BrowserSession, type SessionContext } from './browser-session.js';
import { webError } from './errors.js';
import type { ManagerRegistry } from './manager-registry.js';
import type { WorkerLink } from './worker-gate.js';
import { describeSessionEnd } from './session-end-words.js';

export interface SessionRegistryOptions {
  managers: ManagerRegistry;
  log: Logger;
  rpcPort: () => number;
  coreServer: { host: string; port: number };
  browserGraceMs: number;
  /** ConnectionTimeout: a session without browser activity this long ends. */
  idleTimeoutMs: number;
  /** How long a ticket stays valid (and a worker may take to pair). */
  pairTimeoutMs: number;
}

interface Ticket {
  session: BrowserSession;
  expiresAt: number;
}

/**
 * Every browser session of the service, keyed by the Core Server session
 * id, and the one-time tickets their workers present. Sessions that ended
 * are remembered until their token would have expired, so a stale cookie
 * cannot start a new worker after logout.
 */
export class SessionRegistry {
  readonly #options: SessionRegistryOptions;
  readonly #sessions = new Map<string, BrowserSession>();
  readonly #byId = new Map<string, BrowserSession>();
  readonly #tickets = new Map<string, Ticket>();
  readonly #ended = new Map<string, number>();
  readonly #sweepTimer: NodeJS.Timeout;

  constructor(options: SessionRegistryOptions) {
    this.#options = options;
    options.managers.on('worker-exited', (event) => {
      this.#byId
        .get(event.sessionId)
        ?.onWorkerExited(event.pid, event.requested);
      // A slot freed: the longest-waiting refused session tries again.
      this.#waiting()[0]?.retryRecruit();
    });
    options.managers.on('manager-registered', () => {
      for (const session of this.#waiting()) session.retryRecruit();
    });
    const every = Math.min(30_000, Math.max(250, options.idleTimeoutMs / 4));
    this.#sweepTimer = setInterval(() => this.#sweep(), every);
    this.#sweepTimer.unref();
  }

  /** Open sessions. */
  get count(): number {
    return this.#sessions.size;
  }

  /** Sessions whose worker is paired and connected. */
  get workerCount(): number {
    let count = 0;
    for (const session of this.#sessions.values()) {
      if (session.hasWorker) count += 1;
    }
    return count;
  }

  /** Every open session. */
  all(): BrowserSession[] {
    return [...this.#sessions.values()];
  }

  /** A session by the service's id. */
  find(sessionId: string): BrowserSession | undefined {
    return this.#byId.get(sessionId);
  }

  /**
   * The session of an identified browser, created (and its worker
   * recruited) on its first socket. Throws WEB_SESSION_EXPIRED for a
   * session that has already ended.
   */
  sessionFor(identity: BrowserIdentity): BrowserSession {
    if (this.#ended.has(identity.coreSessionId)) {
      throw webError('WEB_SESSION_EXPIRED');
    }
    const existing = this.#sessions.get(identity.coreSessionId);
    if (existing) return existing;

    const session = new BrowserSession(this.#context(), identity);
    this.#sessions.set(identity.coreSessionId, session);
    this.#byId.set(session.id, session);
    this.#options.log.info('Browser session opened', {
      session: session.id,
      user: identity.userId,
    });
    session.start();
    return session;
  }

  /** Whether a ticket is issued and unexpired (not spent by this check). */
  hasTicket(ticket: string): boolean {
    const entry = this.#tickets.get(ticket);
    return entry !== undefined && entry.expiresAt >= Date.now();
  }

  /** Pairs a worker by its ticket (one use, within pairTimeoutMs). */
  pair(hello: HelloParams, link: WorkerLink): PairedResult | null {
    const ticket = typeof hello?.ticket === 'string' ? hello.ticket : '';
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    if (!entry || entry.expiresAt < Date.now()) return null;
    return entry.session.pair(link, hello);
  }

  /** Ends every session (service shutting down). */
  closeAll(): void {
    clearInterval(this.#sweepTimer);
    for (const session of [...this.#sessions.values()]) {
      session.end('server-stopping', 'The server is stopping');
    }
  }

  #context(): SessionContext {
    const { managers, log, rpcPort, coreServer, browserGraceMs } =
      this.#options;
    return {
      managers,
      log,
      rpcPort,
      coreServer,
      browserGraceMs,
      pairTimeoutMs: this.#options.pairTimeoutMs,
      issueTicket: (session) => this.#issueTicket(session),
      onEnded: (session) => this.#forget(session),
    };
  }

  /** Sessions refused for lack of capacity, oldest first. */
  #waiting(): BrowserSession[] {
    return [...this.#sessions.values()].filter(
      (session) => session.status === 'waiting',
    );
  }

  #issueTicket(session: BrowserSession): string {
    for (const [key, entry] of this.#tickets) {
      if (entry.session === session) this.#tickets.delete(key);
    }
    const ticket = randomBytes(32).toString('base64url');
    this.#tickets.set(ticket, {
      session,
      expiresAt: Date.now() + this.#options.pairTimeoutMs,
    });
    return ticket;
  }

  #forget(session: BrowserSession): void {
    this.#sessions.delete(session.coreSessionId);
    this.#byId.delete(session.id);
    for (const [key, entry] of this.#tickets) {
      if (entry.session === session) this.#tickets.delete(key);
    }
    // Core Server tokens live minutes; a day covers any renewal policy.
    this.#ended.set(session.coreSessionId, Date.now() + 86_400_000);
  }

  #sweep(): void {
    const now = Date.now();
    for (const session of [...this.#sessions.values()]) {
      if (now - session.lastActivity > this.#options.idleTimeoutMs) {
        session.end('idle', describeSessionEnd('idle'));
      }
    }
    for (const [key, until] of this.#ended) {
      if (until < now) this.#ended.delete(key);
    }
    for (const [key, entry] of this.#tickets) {
      if (entry.expiresAt < now) this.#tickets.delete(key);
    }
  }
}
