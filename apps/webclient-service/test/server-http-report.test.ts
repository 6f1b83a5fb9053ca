/**
 * What the /report/ proxy sends on: only a browser with a live session
 * gets through, never with identity headers of its own making nor with a
 * `..` path, and always with the session's Core Server token in the
 * identity header. The upstream here is a plain HTTP server on loopback
 * that records the requests it receives, to show exactly what the proxy
 * sends; server-report-proxy.test.ts runs the real report server behind it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
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
import { askHttp } from './http-answer.js';
import { freePort } from './server-harness.js';

let dataDir: string;
let service: WebClientService;
let upstream: Server;
let port: number;
let cookie: string;
let coreToken: string;
let expiredCookie: string;
const received: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-report-'));
  const keys = await ensureTokenKeys(dataDir);
  upstream = createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.end('report page');
  });
  await new Promise<void>((resolve) =>
    upstream.listen(0, '127.0.0.1', resolve),
  );
  const { port: upstreamPort } = upstream.address() as { port: number };
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\nwebport=${await freePort()}\n` +
      `webtlsport=${await freePort()}\nrecruiterport=${await freePort()}\n` +
      `rpcport=${await freePort()}\n` +
      `reportserverurl=http://127.0.0.1:${upstreamPort}\n`,
  );
  service = await startWebClientService({
    dataDir,
    next: false,
    host: '127.0.0.1',
    log: createLogger({
      processName: 'report-test',
      dir: join(dataDir, 'logs'),
    }),
  });
  port = service.ports.web;

  const signed = await signToken(
    {
      userId: 'clinician',
      roles: ['Viewer'],
      permissions: [],
      sessionId: 's1',
    },
    keys.privateKey,
  );
  coreToken = signed.token;
  const secret = await readNextAuthSecret(dataDir);
  const jwt = await encode({
    secret,
    token: { sub: 'clinician', userId: 'clinician', coreToken: signed.token },
  });
  cookie = `next-auth.session-token=${jwt}`;
  const expired = await signToken(
    {
      userId: 'clinician',
      roles: ['Viewer'],
      permissions: [],
      sessionId: 's1',
    },
    keys.privateKey,
    { now: new Date(Date.now() - 3_600_000) },
  );
  expiredCookie = `next-auth.session-token=${await encode({
    secret,
    token: { sub: 'clinician', userId: 'clinician', coreToken: expired.token },
  })}`;
});

afterAll(async () => {
  await service?.close();
  upstream?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the /report/ proxy', () => {
  it('refuses a request without a session, and never reaches the report server', async () => {
    received.length = 0;
    const answer = await send('/report/study/1.2.3');

    expect(answer.status).toBe(401);
    expect(answer.body).toBe('Log in to see reports\n');
    expect(received).toEqual([]);
  });

  it('refuses a path that climbs out of /report/', async () => {
    received.length = 0;
    for (const path of [
      '/report/../api/health',
      '/report/a/%2e%2e/%2e%2e/api/health',
      '/report/..%2f..%2fapi%2fhealth',
      '/report/..%5capi',
    ]) {
      const answer = await send(path, { cookie });
      expect(answer.status, path).toBe(400);
    }
    expect(received).toEqual([]);
  });

  it('refuses a path the proxy would forward as another one', async () => {
    received.length = 0;
    // http-proxy collapses doubled slashes and drops a raw `#` and what
    // follows, so the report server would be asked for a path the gate
    // never checked.
    for (const path of [
      '/report//study/1.2.3',
      '/report/study//1.2.3',
      '/report/study/1.2.3//',
      '/report/study/1.2.3#x',
      '/report/live?study=1.2.3#x',
    ]) {
      const answer = await send(path, { cookie });
      expect(answer.status, path).toBe(400);
    }
    expect(received).toEqual([]);
  });

  it('passes a path with a trailing slash on as it is', async () => {
    received.length = 0;
    const answer = await send('/report/study/', { cookie });

    expect(answer.status).toBe(200);
    expect(received.map((r) => r.url)).toEqual(['/report/study/']);
  });

  it('sends a page request without a login to the login page, to come back after', async () => {
    received.length = 0;
    const answer = await send('/report/study/1.2.3', {
      accept: 'text/html,application/xhtml+xml',
    });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(
      '/login?callbackUrl=%2Freport%2Fstudy%2F1.2.3',
    );
    expect(received).toEqual([]);
  });

  it('asks for a renewed login, without a redirect loop, when the session token ran out', async () => {
    received.length = 0;
    const answer = await send('/report/study/1.2.3?from="x"', {
      cookie: expiredCookie,
      accept: 'text/html',
    });

    expect(answer.status).toBe(401);
    expect(answer.location).toBeUndefined();
    expect(answer.contentType).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('Your login needs renewing');
    // Atrium's pages renew the token; the report is one link away after.
    expect(answer.body).toContain('<a href="/studies">Return to Atrium</a>');
    expect(answer.body).toContain(
      '<a href="/report/study/1.2.3?from=&quot;x&quot;">Open the report again</a>',
    );
    expect(answer.body).not.toContain('<script');
    expect(received).toEqual([]);
  });

  it('asks for a renewed login in plain text outside pages', async () => {
    const answer = await send('/report/api/study/1.2.3', {
      cookie: expiredCookie,
    });

    expect(answer.status).toBe(401);
    expect(answer.contentType).toBe('text/plain; charset=utf-8');
    expect(answer.body).toBe(
      'Your login needs renewing: return to Atrium and open the report again\n',
    );
  });

  it('passes the session’s Core Server token on, replacing one the browser sent', async () => {
    received.length = 0;
    const answer = await send('/report/study/1.2.3', {
      cookie,
      'x-atrium-core-token': 'forged.by.browser',
    });
    expect(answer.status).toBe(200);
    expect(received[0]!.headers['x-atrium-core-token']).toBe(coreToken);
    expect(received[0]!.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('passes a logged-in request on without identity headers the browser made up', async () => {
    received.length = 0;
    const answer = await send('/report/study/1.2.3', {
      cookie,
      'x-atrium-user': 'admin',
      'x-forwarded-user': 'admin',
      authorization: 'Basic YWRtaW46YWRtaW4=',
      'x-forwarded-host': 'evil.example',
    });

    expect(answer.status).toBe(200);
    expect(received).toHaveLength(1);
    const headers = received[0]!.headers;
    expect(received[0]!.url).toBe('/report/study/1.2.3');
    expect(headers).not.toHaveProperty('x-atrium-user');
    expect(headers).not.toHaveProperty('x-forwarded-user');
    expect(headers).not.toHaveProperty('authorization');
    expect(headers['x-forwarded-host']).not.toContain('evil.example');
  });

  it('refuses a WebSocket upgrade without a session', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          `GET /report/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
            `Origin: http://127.0.0.1:${port}\r\nConnection: Upgrade\r\n` +
            `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
            `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        ),
      );
      let out = '';
      socket.on('data', (chunk) => (out += chunk.toString()));
      socket.on('close', () => resolve(out));
      socket.on('error', reject);
    });

    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('Log in to see reports');
  });
});

async function send(
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: string;
  contentType?: string;
  location?: string;
}> {
  const answer = await askHttp(port, path, { headers });
  return {
    status: answer.status,
    body: answer.body,
    contentType: answer.headers['content-type'],
    ...(answer.headers.location && { location: answer.headers.location }),
  };
}
