/**
 * A WebClient Service of a test's own, without Next, whose report server is
 * an upstream the test runs on loopback, and the raw requests the /report/
 * tests send it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atrium/log';
import { ensureTokenKeys, readNextAuthSecret, signToken } from '@atrium/tokens';
import { encode } from 'next-auth/jwt';
import {
  startWebClientService,
  type WebClientService,
} from '../server/start-service.js';
import { askHttp, type Answer } from './http-answer.js';
import { freePort } from './server-harness.js';

export interface Site {
  dataDir: string;
  service: WebClientService;
  port: number;
  /** A next-auth cookie of a live session of `clinician`. */
  cookie: string;
  /** Closes the service and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * A service on its own data folder whose report server is `reportUrl`,
 * with a cookie of a live session.
 */
export async function startSite(
  reportUrl: string,
  options: { reportTimeoutSeconds?: number } = {},
): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-report-site-'));
  const keys = await ensureTokenKeys(dataDir);
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\nwebport=${await freePort()}\n` +
      `webtlsport=${await freePort()}\nrecruiterport=${await freePort()}\n` +
      `rpcport=${await freePort()}\nreportserverurl=${reportUrl}\n`,
  );
  const service = await startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    ...options,
    log: createLogger({
      processName: 'webclient-service',
      dir: join(dataDir, 'ServerLogs'),
    }),
  });
  const signed = await signToken(
    {
      userId: 'clinician',
      roles: ['Viewer'],
      permissions: [],
      sessionId: 's1',
    },
    keys.privateKey,
  );
  const jwt = await encode({
    secret: await readNextAuthSecret(dataDir),
    token: { sub: 'clinician', userId: 'clinician', coreToken: signed.token },
  });
  return {
    dataDir,
    service,
    port: service.ports.web,
    cookie: `next-auth.session-token=${jwt}`,
    async stop() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A GET through the service; fails after 20 s without an answer. */
export function send(
  site: Site,
  path: string,
  headers: Record<string, string>,
): Promise<Answer> {
  return askHttp(site.port, path, { headers });
}

/**
 * Asks for the live socket (from the site's own origin unless `origin`
 * says otherwise) and collects what comes back until the service closes
 * the connection (or 20 s pass).
 */
export function upgrade(
  site: Site,
  cookie: string,
  origin?: string,
): Promise<string> {
  const request = upgradeRequest(site, cookie, undefined, origin);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(site.port, '127.0.0.1', () =>
      socket.write(request),
    );
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close in 20 s; got ${JSON.stringify(text)}`));
    }, 20_000);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', reject);
  });
}

/** The live socket's upgrade request, as a browser sends it. */
export function upgradeRequest(
  site: Site,
  cookie: string,
  path = '/report/live?study=1.2.3',
  origin = `http://127.0.0.1:${site.port}`,
): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${site.port}\r\n` +
    `Origin: ${origin}\r\n` +
    (cookie ? `Cookie: ${cookie}\r\n` : '') +
    `Connection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
  );
}
