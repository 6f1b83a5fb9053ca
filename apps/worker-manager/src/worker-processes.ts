import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  WORKER_ENV,
  type RunningWorker,
  type WorkerTicketMessage,
} from '@atrium/protocol';
import { managerError } from './errors.js';

/** How to start one render worker process. */
export interface WorkerCommand {
  /** The program, normally the running Node binary. */
  executable: string;
  /** Arguments before the manager's own; the path names `render-worker`. */
  args: string[];
}

export interface WorkerProcessesOptions {
  capacity: number;
  command: WorkerCommand;
  /** Name of this manager, passed to workers for their log file names. */
  workerId: string;
  /** Extra environment for workers (tests set the data dir here). */
  env?: Record<string, string | undefined>;
  /** Milliseconds between SIGTERM and SIGKILL when stopping (default 5000). */
  killAfterMs?: number;
}

/** What a worker process's end looked like. */
export interface WorkerExit {
  sessionId: string;
  pid: number;
  code: number | null;
  signal: string | null;
  requested: boolean;
}

interface Running {
  child: ChildProcess;
  pid: number;
  sessionId: string;
  slot: number;
  stopRequested: boolean;
  killTimer?: NodeJS.Timeout;
}

/**
 * The render worker processes of one manager: at most `capacity` at once,
 * one per session. Each worker gets a slot number (1..capacity) that names
 * its log file, so a slot's log is reused rather than one file per session.
 * Workers hold an IPC channel to the manager and end when it closes, so a
 * manager that dies takes its workers with it.
 *
 * Emits `exit` (WorkerExit) whenever a worker process ends.
 */
export class WorkerProcesses extends EventEmitter<{ exit: [WorkerExit] }> {
  readonly #options: WorkerProcessesOptions;
  /** Worker processes by pid, including those asked to stop. */
  readonly #running = new Map<number, Running>();

  constructor(options: WorkerProcessesOptions) {
    super();
    this.#options = options;
  }

  /** Workers running now, not counting those asked to stop. */
  get count(): number {
    return this.#live().length;
  }

  get capacity(): number {
    return this.#options.capacity;
  }

  /** The running workers, for a (re-)registration. */
  list(): RunningWorker[] {
    return this.#live().map(({ sessionId, pid }) => ({ sessionId, pid }));
  }

  /**
   * Starts the worker of a session; resolves with its pid once the process
   * exists. A worker of the same session still running is being replaced
   * (its link to the service broke): it is killed. Throws MGR_FULL beyond
   * capacity.
   */
  async start(
    sessionId: string,
    ticket: string,
    serviceUrl: string,
  ): Promise<number> {
    for (const entry of this.#live()) {
      if (entry.sessionId === sessionId) this.#kill(entry, 'SIGKILL');
    }
    if (this.#live().length >= this.#options.capacity) {
      throw managerError('MGR_FULL');
    }

    const slot = this.#freeSlot();
    const child = this.#spawn(sessionId, ticket, serviceUrl, slot);
    const pid = await waitForSpawn(child);
    const entry: Running = {
      child,
      pid,
      sessionId,
      slot,
      stopRequested: false,
    };
    this.#running.set(pid, entry);
    child.once('exit', (code, signal) => this.#onExit(entry, code, signal));
    return pid;
  }

  /** Asks a session's worker to end (SIGTERM, then SIGKILL). */
  stop(sessionId: string): boolean {
    const entries = this.#live().filter((e) => e.sessionId === sessionId);
    for (const entry of entries) this.#kill(entry, 'SIGTERM');
    return entries.length > 0;
  }

  /** Stops every worker and resolves when all have ended. */
  async stopAll(): Promise<void> {
    const entries = [...this.#running.values()];
    const ends = entries.map(
      ({ child }) => new Promise((resolve) => child.once('exit', resolve)),
    );
    for (const entry of entries) this.#kill(entry, 'SIGTERM');
    await Promise.all(ends);
  }

  #live(): Running[] {
    return [...this.#running.values()].filter((e) => !e.stopRequested);
  }

  #kill(entry: Running, signal: NodeJS.Signals): void {
    if (entry.stopRequested && signal === 'SIGTERM') return;
    entry.stopRequested = true;
    entry.child.kill(signal);
    if (signal === 'SIGKILL' || entry.killTimer) return;
    entry.killTimer = setTimeout(
      () => entry.child.kill('SIGKILL'),
      this.#options.killAfterMs ?? 5000,
    );
    entry.killTimer.unref();
  }

  #spawn(
    sessionId: string,
    ticket: string,
    serviceUrl: string,
    slot: number,
  ): ChildProcess {
    const { command, env, workerId } = this.#options;
    const child = spawn(
      command.executable,
      [...command.args, '--slot', `${slot}`],
      {
        env: {
          ...workerEnvironment({ ...process.env, ...env }),
          [WORKER_ENV.serviceUrl]: serviceUrl,
          [WORKER_ENV.sessionId]: sessionId,
          ATRIUM_WORKER_MANAGER_ID: workerId,
          // Next's types make NODE_ENV required; a worker needs none.
        } as unknown as NodeJS.ProcessEnv,
        // The IPC channel is how a worker learns its manager has gone, and
        // how it gets its ticket: never in its environment or arguments.
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    // The worker asks once it listens (a message sent before would be
    // lost); the ticket is handed out on the first ask only.
    child.once('message', () => {
      const message: WorkerTicketMessage = { ticket };
      if (child.connected) child.send(message, () => undefined);
    });
    return child;
  }

  #freeSlot(): number {
    const taken = new Set([...this.#running.values()].map((r) => r.slot));
    let slot = 1;
    while (taken.has(slot)) slot += 1;
    return slot;
  }

  #onExit(
    entry: Running,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    clearTimeout(entry.killTimer);
    this.#running.delete(entry.pid);
    this.emit('exit', {
      sessionId: entry.sessionId,
      pid: entry.pid,
      code,
      signal,
      requested: entry.stopRequested,
    });
  }
}

/** Variables a worker may inherit; everything else stays with the manager. */
const INHERITED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'NODE_ENV',
  'ATRIUM_DATA',
  'ATRIUM_TESTDATA',
  'ATRIUM_RENDER_INLINE',
]);

/** Names that suggest a credential; never passed, even when allowed. */
const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|TICKET|KEY|COOKIE/i;

/**
 * The environment a worker starts with: allow-listed names (and LC_*) only,
 * never anything named like a credential and never NODE_OPTIONS, so that
 * passwords the manager was started with do not reach a worker.
 */
export function workerEnvironment(
  from: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined || CREDENTIAL_NAME.test(name)) continue;
    if (INHERITED.has(name) || name.startsWith('LC_')) env[name] = value;
  }
  return env;
}

function waitForSpawn(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? 0));
    child.once('error', (error) =>
      reject(
        managerError(
          'MGR_WORKER_START_FAILED',
          `The render worker process could not be started: ${error.message}`,
        ),
      ),
    );
  });
}
