import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  RECRUITER_CLOSE_CODES,
  RECRUITER_PATH,
  RpcPeer,
  WORKER_RPC_PATH,
  type RecruiterEvents,
  type RecruiterManagerMethods,
  type RecruiterServiceMethods,
} from '@atrium/protocol';
import type { Logger } from '@atrium/log';
import WebSocket from 'ws';
import { managerError } from './errors.js';
import type { WorkerProcesses } from './worker-processes.js';

export interface RecruiterLinkOptions {
  /** `webclientservicehost`. */
  host: string;
  /** `webclientservicerecruiterport`. */
  port: number;
  workerId: string;
  secret: string;
  workers: WorkerProcesses;
  log: Logger;
  /** First retry delay in ms (default 250); doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  /** Longest retry delay in ms (default 10000). */
  maxBackoffMs?: number;
}

type ManagerPeer = RpcPeer<
  RecruiterServiceMethods,
  RecruiterManagerMethods,
  RecruiterEvents,
  object
>;

/**
 * The manager's link to the service's recruiter port: dials, registers,
 * answers Recruit and StopWorker, reports worker exits, and dials again
 * with back-off whenever the link drops. A refused secret is final: the
 * link emits `refused` and stops dialling.
 *
 * Events: `registered` (managerId), `disconnected`, `refused` (Error).
 */
export class RecruiterLink extends EventEmitter<{
  registered: [string];
  disconnected: [];
  refused: [Error];
}> {
  readonly #options: RecruiterLinkOptions;
  #socket: WebSocket | null = null;
  #peer: ManagerPeer | null = null;
  #backoffMs: number;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #registered = false;

  constructor(options: RecruiterLinkOptions) {
    super();
    this.#options = options;
    this.#backoffMs = options.minBackoffMs ?? 250;
    options.workers.on('exit', (exit) => {
      this.#peer?.notify('WorkerExited', exit);
    });
  }

  /** Whether the service has accepted this manager's registration. */
  get registered(): boolean {
    return this.#registered;
  }

  /** Starts dialling. */
  start(): void {
    this.#dial();
  }

  /** Closes the link and stops dialling. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close(1000, 'manager stopping');
  }

  #dial(): void {
    if (this.#stopped) return;
    const { host, port } = this.#options;
    const url = `ws://${formatHost(host)}:${port}${RECRUITER_PATH}`;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const peer: ManagerPeer = new RpcPeer((text) => socket.send(text));
    this.#socket = socket;
    this.#peer = peer;
    this.#answerRequests(peer);

    socket.on('open', () => void this.#register(peer));
    socket.on('message', (data, isBinary) => {
      if (!isBinary) peer.receive(data.toString());
    });
    socket.on('error', (error) => {
      this.#options.log.debug('Recruiter link error', { error: error.message });
    });
    socket.on('close', (code) => this.#onClose(peer, code));
  }

  async #register(peer: ManagerPeer): Promise<void> {
    const { workerId, workers, secret } = this.#options;
    try {
      const { managerId } = await peer.request('Register', {
        workerId,
        capacity: workers.capacity,
        secret,
        host: hostname(),
        pid: process.pid,
        workers: workers.list(),
      });
      this.#registered = true;
      this.#backoffMs = this.#options.minBackoffMs ?? 250;
      this.#options.log.info('Registered with the WebClient Service', {
        managerId,
        capacity: workers.capacity,
      });
      this.emit('registered', managerId);
    } catch (error) {
      if ((error as { code?: string }).code === 'WEB_UNAUTHENTICATED') {
        this.#refuse();
        return;
      }
      this.#options.log.warn('Registration was not answered', {
        error: (error as Error).message,
      });
      this.#socket?.terminate();
    }
  }

  #answerRequests(peer: ManagerPeer): void {
    const { workers, log, host } = this.#options;
    peer.handle('Recruit', async ({ sessionId, ticket, rpcPort }) => {
      const serviceUrl = `ws://${formatHost(host)}:${rpcPort}${WORKER_RPC_PATH}`;
      try {
        const pid = await workers.start(sessionId, ticket, serviceUrl);
        log.access({
          op: 'Recruit',
          status: 'Success',
          session: sessionId,
          workerPid: pid,
        });
        return { pid };
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'MGR_INTERNAL';
        log.access({ op: 'Recruit', status: code, session: sessionId });
        throw error;
      }
    });
    peer.handle('StopWorker', ({ sessionId, reason }) => {
      const stopped = workers.stop(sessionId);
      log.access({
        op: 'StopWorker',
        status: 'Success',
        session: sessionId,
        reason,
      });
      return { stopped };
    });
  }

  #onClose(peer: ManagerPeer, code: number): void {
    peer.close();
    const wasRegistered = this.#registered;
    this.#registered = false;
    this.#socket = null;
    this.#peer = null;
    if (wasRegistered) this.emit('disconnected');

    if (code === RECRUITER_CLOSE_CODES.badSecret) {
      this.#refuse();
      return;
    }
    this.#scheduleRetry();
  }

  // A refused secret will not start working by dialling again.
  #refuse(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.terminate();
    const { host, port } = this.#options;
    this.emit(
      'refused',
      managerError(
        'MGR_SECRET_REFUSED',
        `recruitersecret was refused by the WebClient Service at ${host}:${port}`,
      ),
    );
  }

  #scheduleRetry(): void {
    if (this.#stopped) return;
    const max = this.#options.maxBackoffMs ?? 10_000;
    // A little jitter keeps many managers from dialling in step after a
    // service restart.
    const delay = this.#backoffMs * (0.8 + Math.random() * 0.4);
    this.#backoffMs = Math.min(this.#backoffMs * 2, max);
    this.#retryTimer = setTimeout(() => this.#dial(), delay);
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
