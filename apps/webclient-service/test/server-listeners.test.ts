import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@atrium/log';
import { WEB_SOCKET_PATH } from '@atrium/protocol';
import { ensureTokenKeys } from '@atrium/tokens';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import {
  startWebClientService,
  type WebClientService,
} from '../server/start-service.js';
import { freePort } from './server-harness.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-listen-'));
  await ensureTokenKeys(dataDir);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      join(dataDir, 'web.key'),
      '-out',
      join(dataDir, 'web.crt'),
    ],
    { stdio: 'ignore' },
  );
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start(extra: string): Promise<WebClientService> {
  const text =
    `[webclient_service]\nwebport=${await freePort()}\nwebtlsport=${await freePort()}\n` +
    `recruiterport=${await freePort()}\nrpcport=${await freePort()}\n${extra}`;
  writeFileSync(join(dataDir, 'webclient_service.ini'), text);
  return startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    log: createLogger({
      processName: 'listen-test',
      dir: join(dataDir, 'logs'),
    }),
  });
}

describe('the WebClient Service listeners', () => {
  it('answer GET /api/health with the counts of managers, workers and sessions', async () => {
    const service = await start('');
    try {
      const answer = await fetch(
        `http://127.0.0.1:${service.ports.web}/api/health`,
      );

      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        status: 'ok',
        managers: 0,
        workers: 0,
        sessions: 0,
      });
    } finally {
      await service.close();
    }
  });

  it('stop with one line naming the key and the port that cannot be bound', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) =>
      blocker.listen(port, '127.0.0.1', resolve),
    );
    try {
      writeFileSync(
        join(dataDir, 'webclient_service.ini'),
        `[webclient_service]\nwebport=${await freePort()}\nrecruiterport=${port}\n` +
          `rpcport=${await freePort()}\n`,
      );
      const starting = startWebClientService({
        dataDir,
        next: false,
        host: '127.0.0.1',
        log: createLogger({
          processName: 'listen-test',
          dir: join(dataDir, 'logs'),
        }),
      });

      await expect(starting).rejects.toThrow(
        new RegExp(
          `^webclient_service.ini: recruiterport ${port} cannot be bound`,
        ),
      );
    } finally {
      blocker.close();
    }
  });

  it('let go of clients that stall their headers or their TLS handshake', async () => {
    const service = await start(
      `webtls=true\nwebtlscert=${join(dataDir, 'web.crt')}\n` +
        `webtlskey=${join(dataDir, 'web.key')}\n`,
    );
    try {
      const stalled = (port: number, first: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connectTcp(port, '127.0.0.1', () => {
            if (first) socket.write(first);
          });
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
      const [headers, handshake] = await Promise.all([
        stalled(service.ports.web, 'GET /api/health HTTP/1.1\r\nHost: x\r\n'),
        stalled(service.ports.webTls!, ''),
      ]);
      expect(headers).toMatch(/^HTTP\/1\.1 408 /);
      expect(handshake).toBe('');
    } finally {
      await service.close();
    }
  }, 25_000);

  it('refuse a browser socket without a next-auth session', async () => {
    const service = await start('');
    try {
      const socket = io(`http://127.0.0.1:${service.ports.web}`, {
        path: WEB_SOCKET_PATH,
        transports: ['websocket'],
        extraHeaders: { origin: `http://127.0.0.1:${service.ports.web}` },
        reconnection: false,
      });
      const refusal = await new Promise<Error>((resolve) =>
        socket.once('connect_error', resolve),
      );
      socket.close();

      expect(refusal.message).toBe('WEB_UNAUTHENTICATED');
    } finally {
      await service.close();
    }
  });

  it('close upgrades that are neither socket.io nor the report server', async () => {
    const service = await start('');
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${service.ports.web}/anything`);
      const outcome = await new Promise((resolve) => {
        ws.once('open', () => resolve('open'));
        ws.once('error', () => resolve('refused'));
      });

      expect(outcome).toBe('refused');
    } finally {
      await service.close();
    }
  });

  it('serve HTTPS with TLS 1.3 only, and redirect plain HTTP when webforcehttps is on', async () => {
    const service = await start(
      `webtls=true\nwebforcehttps=true\nwebfqdn=localhost\n` +
        `webtlscert=${join(dataDir, 'web.crt')}\nwebtlskey=${join(dataDir, 'web.key')}\n`,
    );
    const tlsPort = service.ports.webTls!;
    try {
      const redirect = await fetch(
        `http://127.0.0.1:${service.ports.web}/viewer?x=1`,
        {
          redirect: 'manual',
        },
      );
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe(
        `https://localhost:${tlsPort}/viewer?x=1`,
      );

      const secure = await new Promise<{ status: number; hsts: unknown }>(
        (resolve, reject) => {
          const req = httpsRequest(
            {
              host: '127.0.0.1',
              port: tlsPort,
              path: '/api/health',
              rejectUnauthorized: false,
            },
            (res) => {
              res.resume();
              resolve({
                status: res.statusCode ?? 0,
                hsts: res.headers['strict-transport-security'],
              });
            },
          );
          req.once('error', reject);
          req.end();
        },
      );
      expect(secure.status).toBe(200);
      expect(secure.hsts).toMatch(/max-age=/);

      const tls12 = await new Promise<string>((resolve) => {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port: tlsPort,
          maxVersion: 'TLSv1.2',
          rejectUnauthorized: false,
        });
        socket.once('secureConnect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error) => resolve(error.message));
      });
      expect(tls12).toMatch(/protocol version|alert/i);
    } finally {
      await service.close();
    }
  });
});
