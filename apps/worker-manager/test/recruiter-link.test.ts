import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '@atrium/log';
import { ensureTokenKeys } from '@atrium/tokens';
import {
  startWebClientService,
  type WebClientService,
} from '../../webclient-service/server/start-service.js';
import { startWorkerManager } from '../src/start-manager.js';

let dataDir: string;
let log: Logger;
let recruiterPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

function startService(): Promise<WebClientService> {
  return startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    log,
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-manager-'));
  await ensureTokenKeys(dataDir);
  recruiterPort = await freePort();
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\nwebport=${await freePort()}\nrecruiterport=${recruiterPort}\n` +
      `rpcport=${await freePort()}\nrecruitersecret=s3cret\n`,
  );
  log = createLogger({
    processName: 'manager-test',
    dir: join(dataDir, 'logs'),
  });
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a Worker Manager’s recruiter link', () => {
  it('registers its worker id and capacity with the service', async () => {
    const service = await startService();
    const manager = startWorkerManager({
      host: '127.0.0.1',
      port: recruiterPort,
      workerId: 'render-host-1',
      capacity: 3,
      secret: 's3cret',
      log,
    });
    try {
      await manager.whenRegistered();
      expect(service.health().managers).toBe(1);
    } finally {
      await manager.stop();
      await service.close();
    }
  });

  it('dials again with back-off after the service restarts', async () => {
    const manager = startWorkerManager({
      host: '127.0.0.1',
      port: recruiterPort,
      workerId: 'render-host-2',
      capacity: 1,
      secret: 's3cret',
      log,
      maxBackoffMs: 200,
    });
    let service = await startService();
    try {
      await waitFor(
        () => service.health().managers === 1,
        'the first registration',
      );
      await service.close();
      await waitFor(() => !manager.link.registered, 'the link to drop');

      service = await startService();
      // The service counts the manager when it takes the Register call; the
      // manager knows it is registered only once the answer arrives.
      await waitFor(
        () => service.health().managers === 1 && manager.link.registered,
        'the registration after restart',
      );
      expect(manager.link.registered).toBe(true);
    } finally {
      await manager.stop();
      await service.close();
    }
  });

  it('gives up for good when the secret is refused', async () => {
    const service = await startService();
    const manager = startWorkerManager({
      host: '127.0.0.1',
      port: recruiterPort,
      workerId: 'render-host-3',
      capacity: 1,
      secret: 'wrong',
      log,
      maxBackoffMs: 100,
    });
    try {
      await expect(manager.whenRegistered()).rejects.toThrow(
        /recruitersecret was refused/,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(service.health().managers).toBe(0);
    } finally {
      await manager.stop();
      await service.close();
    }
  });
});
