import { join } from 'node:path';
import { findRepositoryRoot } from '@atrium/config';
import type { Logger } from '@atrium/log';
import { RecruiterLink } from './recruiter-link.js';
import {
  WorkerProcesses,
  type WorkerCommand,
  type WorkerExit,
} from './worker-processes.js';

export interface WorkerManagerOptions {
  /** `webclientservicehost`. */
  host: string;
  /** `webclientservicerecruiterport`. */
  port: number;
  /** `workerid`. */
  workerId: string;
  /** `capacity`. */
  capacity: number;
  /** `recruitersecret`. */
  secret: string;
  log: Logger;
  /** How to start a worker; the built render worker by default. */
  workerCommand?: WorkerCommand;
  /** Extra environment for workers. */
  workerEnv?: NodeJS.ProcessEnv;
  /** Longest reconnect delay in ms (default 10000). */
  maxBackoffMs?: number;
}

/** A running Worker Manager. */
export interface WorkerManager {
  readonly workers: WorkerProcesses;
  readonly link: RecruiterLink;
  /** Resolves once the service has accepted the registration. */
  whenRegistered(): Promise<string>;
  /** Closes the link, stops every worker, and resolves when they ended. */
  stop(): Promise<void>;
}

/**
 * Starts a Worker Manager: dials the service's recruiter port and starts a
 * render worker per session on request.
 */
export function startWorkerManager(
  options: WorkerManagerOptions,
): WorkerManager {
  const { log } = options;
  const workers = new WorkerProcesses({
    capacity: options.capacity,
    command: options.workerCommand ?? defaultWorkerCommand(),
    workerId: options.workerId,
    env: options.workerEnv,
  });
  workers.on('exit', (exit) => logExit(log, exit));

  const link = new RecruiterLink({
    host: options.host,
    port: options.port,
    workerId: options.workerId,
    secret: options.secret,
    workers,
    log,
    maxBackoffMs: options.maxBackoffMs,
  });
  link.start();

  return {
    workers,
    link,
    whenRegistered: () => waitForRegistration(link),
    async stop() {
      link.stop();
      await workers.stopAll();
    },
  };
}

/**
 * The built render worker run by the current Node binary. Its path contains
 * `render-worker`, so administrators find the processes with `ps`.
 */
export function defaultWorkerCommand(): WorkerCommand {
  const entry = join(
    findRepositoryRoot(),
    'workers',
    'render-worker',
    'dist',
    'cli.js',
  );
  return { executable: process.execPath, args: [entry] };
}

function waitForRegistration(link: RecruiterLink): Promise<string> {
  if (link.registered) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    link.once('registered', resolve);
    link.once('refused', reject);
  });
}

function logExit(log: Logger, exit: WorkerExit): void {
  const { pid: workerPid, ...rest } = exit;
  const fields = { ...rest, workerPid };
  if (exit.requested || exit.code === 0) {
    log.info('Render worker ended', fields);
  } else {
    log.warn('Render worker ended unexpectedly', fields);
  }
}
