import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@atrium/log';
import {
  startReportServer,
  type RunningReportServer,
} from '../src/start-report-server.js';

let dir: string;
let server: RunningReportServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-report-slow-'));
  server = await startReportServer({
    host: '127.0.0.1',
    port: 0,
    // Nothing here reaches the Core Server.
    core: { host: '127.0.0.1', port: 9 },
    publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
    log: createLogger({ processName: 'report-slow', dir }),
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a client with headers too large', () => {
  it('is answered 431', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write(
          `GET /report/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        ),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  });
});

describe('a client that never finishes its request headers', () => {
  it('is answered 408 and let go, well before Node’s own minute', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write('GET /report/health HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 25_000);
});
