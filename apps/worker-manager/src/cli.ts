#!/usr/bin/env node
// `worker-manager`: reads <data>/worker_manager.ini (written with defaults
// on a first run), dials the WebClient Service and runs render workers
// until stopped.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadWorkerManagerConfig, resolveDataDir } from '@atrium/config';
import { createLogger } from '@atrium/log';
import { startWorkerManager } from './start-manager.js';

function main(): void {
  const dataDir = resolveDataDir();
  const config = loadWorkerManagerConfig(dataDir).workerManager;
  const workerId = config.workerId || hostname();
  const log = createLogger({
    processName: `worker-manager-${workerId.replace(/[^A-Za-z0-9._-]/g, '_')}`,
    dir: join(dataDir, 'ServerLogs'),
  });

  const manager = startWorkerManager({
    host: config.webClientServiceHost,
    port: config.webClientServiceRecruiterPort,
    workerId,
    capacity: config.capacity,
    secret: config.recruiterSecret,
    log,
  });
  console.log(
    `worker-manager: ${workerId} serves ${config.webClientServiceHost}:` +
      `${config.webClientServiceRecruiterPort} with capacity ${config.capacity}`,
  );

  let stopping = false;
  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info('Worker Manager stopping');
    void manager.stop().finally(() => process.exit(exitCode));
  };
  manager.link.on('refused', (error) => {
    console.error(`worker-manager: ${error.message}`);
    log.error('Recruiter secret refused', error);
    stop(1);
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
}

try {
  main();
} catch (error) {
  console.error(`worker-manager: ${(error as Error).message}`);
  process.exit(1);
}
