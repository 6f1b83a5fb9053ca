import { randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  MANAGER_FULL_CODE,
  RECRUITER_CLOSE_CODES,
  RpcPeer,
  type RecruiterEvents,
  type RecruiterManagerMethods,
  type RecruiterServiceMethods,
  type RegisterParams,
  type WorkerExitedEvent,
} from '@atrium/protocol';
import type { WebSocket, WebSocketServer } from 'ws';
import { webError } from './errors.js';

type ServicePeer = RpcPeer<
  RecruiterManagerMethods,
  RecruiterServiceMethods,
  object,
  RecruiterEvents
>;

/** The largest message a manager may send before Register succeeds. */
export const UNREGISTERED_MAX_BYTES = 8 * 1024;

/** How many links may wait to register at once. */
export const MAX_UNREGISTERED_LINKS = 16;

/** ws maxPayload of the recruiter port: managers send small messages only. */
export const RECRUITER_MAX_PAYLOAD = 256 * 1024;

/** A registered Worker Manager. */
interface ManagerEntry {
  id: string;
  workerId: string;
  capacity: number;
  peer: ServicePeer;
  socket: WebSocket;
  /** Sessions whose worker this manager runs. */
  sessions: Set<string>;
}

/** Where a worker was started. */
export interface Recruitment {
  managerId: string;
  workerId: string;
  pid: number;
}

export interface ManagerRegistryOptions {
  /** `recruitersecret`; when empty only loopback managers are accepted. */
  secret: string;
  log: Logger;
  /** How long a manager may take to answer Recruit (default 10000 ms). */
  recruitTimeoutMs?: number;
}

/**
 * The managers connected to the recruiter port. Authenticates them by the
 * shared secret, recruits a worker on the manager with the most free
 * capacity (asking the next when one answers MGR_FULL), asks for workers
 * to be stopped, and re-emits their exits as `worker-exited`.
 */
export class ManagerRegistry extends EventEmitter<{
  'worker-exited': [WorkerExitedEvent & { managerId: string }];
  'manager-registered': [string];
}> {
  readonly #options: ManagerRegistryOptions;
  readonly #managers = new Map<string, ManagerEntry>();
  #unregistered = 0;

  constructor(options: ManagerRegistryOptions) {
    super();
    this.#options = options;
  }

  /** Managers registered now. */
  get count(): number {
    return this.#managers.size;
  }

  /** Serves the recruiter WebSocket server's connections. */
  attach(server: WebSocketServer): void {
    server.on('connection', (socket, request) => this.#accept(socket, request));
  }

  /**
   * Starts a worker for a session. Tries managers by free capacity, skips
   * those in `exclude`; throws WEB_NO_MANAGER when none is connected and
   * WEB_SERVER_FULL when every one refused.
   */
  async recruit(
    sessionId: string,
    ticket: string,
    rpcPort: number,
  ): Promise<Recruitment> {
    const candidates = [...this.#managers.values()].sort(
      (a, b) => freeSlots(b) - freeSlots(a),
    );
    if (candidates.length === 0) throw webError('WEB_NO_MANAGER');

    for (const manager of candidates) {
      try {
        const { pid } = await manager.peer.request(
          'Recruit',
          { sessionId, ticket, rpcPort },
          this.#options.recruitTimeoutMs ?? 10_000,
        );
        manager.sessions.add(sessionId);
        return { managerId: manager.id, workerId: manager.workerId, pid };
      } catch (error) {
        this.#logRefusal(manager, sessionId, error);
      }
    }
    throw webError('WEB_SERVER_FULL');
  }

  /** Asks a manager to stop a session's worker; never throws. */
  async stopWorker(
    managerId: string,
    sessionId: string,
    reason: string,
  ): Promise<void> {
    const manager = this.#managers.get(managerId);
    if (!manager) return;
    try {
      await manager.peer.request('StopWorker', { sessionId, reason }, 5000);
    } catch (error) {
      this.#options.log.warn('StopWorker was not answered', {
        managerId,
        session: sessionId,
        error: (error as Error).message,
      });
    }
  }

  /** Closes every manager link (they dial again with back-off). */
  close(): void {
    for (const manager of this.#managers.values()) {
      manager.socket.close(RECRUITER_CLOSE_CODES.serviceStopping, 'stopping');
    }
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const client = request.socket.remoteAddress ?? '';
    socket.on('error', () => socket.terminate());
    if (this.#unregistered >= MAX_UNREGISTERED_LINKS) {
      socket.close(1013, 'too many managers waiting to register');
      return;
    }
    this.#unregistered += 1;
    let counted = true;
    const uncount = () => {
      if (counted) this.#unregistered -= 1;
      counted = false;
    };
    const refuse = (reason: string, error?: unknown) => {
      this.#options.log.warn('Recruiter link closed for a bad message', {
        client,
        reason,
        error: error instanceof Error ? error.message : undefined,
      });
      socket.close(RECRUITER_CLOSE_CODES.badMessage, reason);
    };
    const peer: ServicePeer = new RpcPeer(
      (text) => socket.send(text),
      (error) => refuse('listener failed', error),
    );
    let entry: ManagerEntry | null = null;

    // Until Register succeeds, nothing else may happen on this link.
    const registerTimer = setTimeout(() => {
      if (!entry) socket.close(RECRUITER_CLOSE_CODES.notRegistered);
    }, 10_000);
    peer.handle('Register', (params) => {
      if (entry) throw webError('WEB_ALREADY_REGISTERED');
      entry = this.#register(params, peer, socket, client);
      clearTimeout(registerTimer);
      uncount();
      const { id } = entry;
      // After the Register answer: capacity for sessions that were refused.
      setImmediate(() => this.emit('manager-registered', id));
      return { managerId: id };
    });
    peer.on('WorkerExited', (event) => {
      if (!entry || typeof event?.sessionId !== 'string') return;
      entry.sessions.delete(event.sessionId);
      this.emit('worker-exited', { ...event, managerId: entry.id });
    });

    socket.on('message', (data, isBinary) => {
      const size = byteLength(data);
      if (isBinary || (!entry && size > UNREGISTERED_MAX_BYTES)) {
        refuse(
          isBinary ? 'binary message' : 'message before Register too large',
        );
        return;
      }
      if (!peer.receive(data.toString())) refuse('not an RPC message');
    });
    socket.on('close', () => {
      clearTimeout(registerTimer);
      uncount();
      peer.close();
      if (entry && this.#managers.get(entry.id) === entry) {
        this.#managers.delete(entry.id);
        this.#options.log.info('Worker Manager disconnected', {
          managerId: entry.id,
          workerId: entry.workerId,
        });
      }
    });
  }

  #register(
    params: RegisterParams | null,
    peer: ServicePeer,
    socket: WebSocket,
    client: string,
  ): ManagerEntry {
    if (!this.#secretMatches(params?.secret, client)) {
      this.#options.log.access({
        op: 'RegisterManager',
        status: 'WEB_BAD_SECRET',
        client,
        level: 'WARNING',
      });
      // Close after the error answer has been written.
      setImmediate(() => socket.close(RECRUITER_CLOSE_CODES.badSecret));
      throw webError('WEB_BAD_SECRET');
    }
    if (!params || !isValidRegistration(params)) {
      setImmediate(() => socket.close(RECRUITER_CLOSE_CODES.notRegistered));
      throw webError('WEB_BAD_REQUEST', 'Register needs workerId and capacity');
    }
    const duplicate = [...this.#managers.values()].some(
      (other) => other.workerId === params.workerId,
    );
    if (duplicate) {
      this.#options.log.access({
        op: 'RegisterManager',
        status: 'WEB_DUPLICATE_WORKER_ID',
        client,
        workerId: params.workerId,
        level: 'WARNING',
      });
      setImmediate(() =>
        socket.close(
          RECRUITER_CLOSE_CODES.duplicateWorkerId,
          'duplicate workerId',
        ),
      );
      throw webError('WEB_DUPLICATE_WORKER_ID');
    }

    const entry: ManagerEntry = {
      id: randomUUID(),
      workerId: params.workerId,
      capacity: params.capacity,
      peer,
      socket,
      sessions: new Set(
        params.workers
          .map((worker) => (worker as { sessionId?: unknown })?.sessionId)
          .filter((id): id is string => typeof id === 'string'),
      ),
    };
    this.#managers.set(entry.id, entry);
    this.#options.log.access({
      op: 'RegisterManager',
      status: 'Success',
      client,
      managerId: entry.id,
      workerId: entry.workerId,
      capacity: entry.capacity,
    });
    return entry;
  }

  #secretMatches(given: unknown, client: string): boolean {
    const expected = this.#options.secret;
    if (!expected) return isLoopback(client);
    if (typeof given !== 'string') return false;

    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  #logRefusal(manager: ManagerEntry, sessionId: string, error: unknown) {
    const code = error instanceof AtriumError ? error.code : 'unknown';
    const level = code === MANAGER_FULL_CODE ? 'INFO' : 'WARNING';
    this.#options.log.system(level, 'Worker Manager did not recruit', {
      managerId: manager.id,
      workerId: manager.workerId,
      session: sessionId,
      code,
    });
  }
}

function byteLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  if (Array.isArray(data)) return data.reduce((sum, b) => sum + b.length, 0);
  return data.byteLength;
}

function freeSlots(manager: ManagerEntry): number {
  return manager.capacity - manager.sessions.size;
}

function isValidRegistration(params: RegisterParams): boolean {
  return (
    typeof params?.workerId === 'string' &&
    params.workerId.length > 0 &&
    Number.isInteger(params.capacity) &&
    params.capacity > 0 &&
    Array.isArray(params.workers)
  );
}

function isLoopback(address: string): boolean {
  return (
    address === '::1' ||
    address.startsWith('127.') ||
    address.startsWith('::ffff:127.')
  );
}
