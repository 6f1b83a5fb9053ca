#!/usr/bin/env node
// A render worker process, started by a Worker Manager for one browser
// session. Its one-time ticket comes as the first message on the IPC
// channel from its manager; the rest in the environment (WORKER_ENV); the
// command line carries only `--slot N`, which names its log file. It ends
// when its session ends, when the service link drops, when its browser has
// been gone past the grace period, and when its manager dies (the IPC
// channel to the manager closes).
import { join } from 'node:path';
import { resolveDataDir } from '@atrium/config';
import { createLogger } from '@atrium/log';
import { WORKER_ENV, type WorkerTicketMessage } from '@atrium/protocol';
import { workerError } from './errors.js';
import { startRenderWorker } from './render-worker.js';

async function main(): Promise<void> {
  const serviceUrl = process.env[WORKER_ENV.serviceUrl];
  if (!serviceUrl) throw workerError('WRK_BAD_ENVIRONMENT');
  const ticket = await receiveTicket();

  const log = createLogger({
    processName: logName(),
    dir: join(resolveDataDir(), 'ServerLogs'),
  }).child({ session: process.env[WORKER_ENV.sessionId] ?? '' });

  const worker = await startRenderWorker({
    serviceUrl,
    ticket,
    log,
    // For the benchmark's comparison of the pool with the main thread.
    inlineRender: process.env.ATRIUM_RENDER_INLINE === '1',
  });
  worker.once('end', () => {
    log.close();
    process.exit(0);
  });
  log.info('Render worker paired', { user: worker.paired?.userId });

  process.once('disconnect', () => void worker.stop('manager gone'));
  process.once('SIGTERM', () => void worker.stop('stopped by the manager'));
  process.once('SIGINT', () => void worker.stop('interrupted'));
  // A manager that died before this line leaves no channel at all.
  if (process.send && !process.connected) void worker.stop('manager gone');

  await worker
    .warmUp()
    .catch((error: unknown) =>
      log.warn('Warm-up failed', { error: (error as Error).message }),
    );
}

/** The ticket: asked of the manager over IPC, answered once. */
function receiveTicket(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(workerError('WRK_BAD_ENVIRONMENT'));
    const timer = setTimeout(
      () => reject(workerError('WRK_BAD_ENVIRONMENT')),
      10_000,
    );
    process.once('message', (message: unknown) => {
      clearTimeout(timer);
      const ticket = (message as Partial<WorkerTicketMessage> | null)?.ticket;
      if (typeof ticket === 'string' && ticket.length > 0) resolve(ticket);
      else reject(workerError('WRK_BAD_ENVIRONMENT'));
    });
    process.send({ want: 'ticket' });
  });
}

function logName(): string {
  const manager = process.env.ATRIUM_WORKER_MANAGER_ID ?? 'local';
  const slotAt = process.argv.indexOf('--slot');
  const slot = slotAt > 0 ? (process.argv[slotAt + 1] ?? '0') : '0';
  return `render-worker-${manager}-${slot}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

main().catch((error: unknown) => {
  console.error(`render-worker: ${(error as Error).message}`);
  process.exit(1);
});
