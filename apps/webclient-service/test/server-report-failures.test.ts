/**
 * What the /report/ proxy tells a browser when the report server fails
 * it: one that is not running, and one that takes connections but never
 * answers (as a stopped process does). Each service here is pointed at an
 * upstream of this file's own on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@atrium/log';
import { ensureTokenKeys, readNextAuthSecret, signToken } from '@atrium/tokens';
import { encode } from 'next-auth/jwt';
import {
  startWebClientService,
  type WebClientService,
} from '../server/start-service.js';
import { freePort, waitUntil } from './server-harness.js';

interface Site {
  dataDir: string;
  service: WebClientService;
  port: number;
  cookie: string;
}

const sites: Site[] = [];

afterAll(async () => {
  for (const site of sites) {
    await site.service.close();
    rmSync(site.dataDir, { recursive: true, force: true });
  }
});

describe('with the report server down', () => {
  let site: Site;

  beforeAll(async () => {
    // A port just found free: nothing listens there.
    site = await startSite(`http://127.0.0.1:${await freePort()}`);
  });

  it('tells a page request in words, with the way back and to the report', async () => {
    const answer = await send(site, '/report/study/1.2.3?note=<i>"x"', {
      cookie: site.cookie,
      accept: 'text/html',
    });

    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('The report server cannot be reached');
    expect(answer.body).toContain('<a href="/studies">Return to Atrium</a>');
    expect(answer.body).toContain(
      '<a href="/report/study/1.2.3?note=&lt;i&gt;&quot;x&quot;">',
    );
    expect(answer.body).not.toContain('<i>');
    expect(answer.body).not.toContain('<script');
  });

  it('answers other requests in plain text', async () => {
    const answer = await send(site, '/report/api/study/1.2.3', {
      cookie: site.cookie,
    });

    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.body).toBe(
      'The report server cannot be reached: try again later\n',
    );
  });

  it('answers the live socket’s upgrade with an HTTP status and reason', async () => {
    const answer = await upgrade(site, site.cookie);

    expect(answer).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    expect(answer).toContain('The report server cannot be reached');
  });
});

describe('with a report server that takes connections but never answers', () => {
  let site: Site;
  let upstream: Server;
  const held = new Set<Socket>();

  beforeAll(async () => {
    // What a stopped report server does: the connection is taken, and
    // never answered. (It reads, only to see the service hang up.)
    upstream = createServer((socket) => {
      held.add(socket);
      socket.resume();
      socket.on('close', () => held.delete(socket));
    });
    await new Promise<void>((resolve) =>
      upstream.listen(0, '127.0.0.1', resolve),
    );
    const { port } = upstream.address() as { port: number };
    site = await startSite(`http://127.0.0.1:${port}`, {
      reportTimeoutSeconds: 0.5,
    });
  });

  afterAll(() => {
    for (const socket of held) socket.destroy();
    upstream.close();
  });

  it('gives up on a page and says so, with the way back', async () => {
    const answer = await send(site, '/report/study/1.2.3', {
      cookie: site.cookie,
      accept: 'text/html',
    });

    expect(answer.status).toBe(504);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('The report server did not answer in time');
    expect(answer.body).toContain('<a href="/studies">Return to Atrium</a>');
  });

  it('gives up on other requests with a plain reason', async () => {
    const answer = await send(site, '/report/api/study/1.2.3', {
      cookie: site.cookie,
    });

    expect(answer.status).toBe(504);
    expect(answer.body).toBe(
      'The report server did not answer in time: try again later\n',
    );
  });

  it('gives up on the live socket’s upgrade with an HTTP status and reason', async () => {
    const answer = await upgrade(site, site.cookie);

    expect(answer).toMatch(/^HTTP\/1\.1 504 Gateway Timeout\r\n/);
    expect(answer).toContain('The report server did not answer in time');
  });

  it('survives a browser that resets its connection while the upgrade waits', async () => {
    const waiting = held.size;
    const socket = connect(site.port, '127.0.0.1', () =>
      socket.write(upgradeRequest(site, site.cookie)),
    );
    socket.on('error', () => undefined);
    await waitUntil(() => held.size > waiting, 10_000, 'the upgrade sent on');
    socket.resetAndDestroy();

    // Node takes its error listener off a socket it hands over for an
    // upgrade: the reset must not reach the process as an uncaught error.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await send(site, '/api/health', {});
    expect(answer.status).toBe(200);
  });

  it('lets go of its connections to the report server', async () => {
    await waitUntil(() => held.size === 0, 10_000, 'connections closed');
  });
});

/**
 * A service on its own data folder whose report server is `reportUrl`,
 * with a cookie of a live session.
 */
async function startSite(
  reportUrl: string,
  options: { reportTimeoutSeconds?: number } = {},
): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atrium-report-fail-'));
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
  const site = {
    dataDir,
    service,
    port: service.ports.web,
    cookie: `next-auth.session-token=${jwt}`,
  };
  sites.push(site);
  return site;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET through the service; fails after 20 s without an answer. */
function send(
  site: Site,
  path: string,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: site.port, path, headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Asks for the live socket and collects what comes back until the
 * service closes the connection (or 20 s pass).
 */
function upgrade(site: Site, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(site.port, '127.0.0.1', () =>
      socket.write(upgradeRequest(site, cookie)),
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
function upgradeRequest(site: Site, cookie: string): string {
  return (
    `GET /report/live?study=1.2.3 HTTP/1.1\r\n` +
    `Host: 127.0.0.1:${site.port}\r\n` +
    `Origin: http://127.0.0.1:${site.port}\r\nCookie: ${cookie}\r\n` +
    `Connection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
  );
}
