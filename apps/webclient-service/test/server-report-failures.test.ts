/**
 * What the /report/ proxy tells a browser when the report server fails
 * it: one that is not running, and one that takes connections but never
 * answers (as a stopped process does). Each service here is pointed at an
 * upstream of this file's own on loopback.
 */
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  send,
  startSite,
  upgrade,
  upgradeRequest,
  type Site,
} from './report-site.js';
import { freePort, waitUntil } from './server-harness.js';

const sites: Site[] = [];

afterAll(async () => {
  for (const site of sites) await site.stop();
});

describe('with the report server down', () => {
  let site: Site;

  beforeAll(async () => {
    // A port just found free: nothing listens there.
    site = await startSite(`http://127.0.0.1:${await freePort()}`);
    sites.push(site);
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

  it('logs each of its refusals and failures as a ProxyReport AccessLog line', async () => {
    const before = readProxyLines(site).length;
    await send(site, '/report/api/study/1.2.3', {});
    await send(site, '/report/study/1.2.3', { accept: 'text/html' });
    await send(site, '/report//study/1.2.3', { cookie: site.cookie });
    await upgrade(site, site.cookie, 'https://evil.example');
    await send(site, '/report/api/study/1.2.3?q=1', { cookie: site.cookie });
    await upgrade(site, site.cookie);

    const lines = readProxyLines(site).slice(before);
    // As the Core Server logs a refused call: Fail, with the code beside.
    const base = { type: 'AccessLog', status: 'Fail', client: '127.0.0.1' };
    expect(lines).toEqual([
      expect.objectContaining({
        ...base,
        level: 'WARNING',
        code: 'WEB_UNAUTHENTICATED',
        httpStatus: 401,
        user: '',
        reason: 'Log in to see reports',
        path: '/report/api/study/1.2.3',
      }),
      expect.objectContaining({
        ...base,
        level: 'WARNING',
        code: 'WEB_UNAUTHENTICATED',
        httpStatus: 303,
      }),
      expect.objectContaining({
        ...base,
        level: 'WARNING',
        code: 'WEB_BAD_REQUEST',
        httpStatus: 400,
        user: 'clinician',
      }),
      expect.objectContaining({
        ...base,
        level: 'WARNING',
        code: 'WEB_ORIGIN_REFUSED',
        httpStatus: 403,
        upgrade: true,
      }),
      expect.objectContaining({
        ...base,
        level: 'ERROR',
        code: 'WEB_REPORT_UNREACHABLE',
        httpStatus: 502,
        user: 'clinician',
        error: 'ECONNREFUSED',
        path: '/report/api/study/1.2.3',
        upgrade: false,
      }),
      expect.objectContaining({
        ...base,
        level: 'ERROR',
        code: 'WEB_REPORT_UNREACHABLE',
        httpStatus: 502,
        user: 'clinician',
        upgrade: true,
      }),
    ]);
    for (const line of lines) expect(typeof line.latencysms).toBe('number');
    // The session's cookie and token are not written anywhere.
    expect(JSON.stringify(lines)).not.toContain(site.cookie.split('=')[1]);
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
    sites.push(site);
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

  it('logs each time it gave up as an ERROR with its code', () => {
    const lines = readProxyLines(site).filter(
      (line) => line.code === 'WEB_REPORT_TIMEOUT',
    );

    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatchObject({
        type: 'AccessLog',
        status: 'Fail',
        httpStatus: 504,
        level: 'ERROR',
        user: 'clinician',
        client: '127.0.0.1',
        reason: 'The report server did not answer in time: try again later',
      });
    }
  });
});

describe('with a report server that breaks off an answer it has begun', () => {
  let site: Site;
  let upstream: Server;

  beforeAll(async () => {
    // Headers and the start of a page, then: one connection stops
    // sending (a stopped process), the other is cut (a crash).
    let served = 0;
    upstream = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' +
            'Content-Length: 100000\r\n\r\n<html>start',
        );
        served += 1;
        if (served % 2 === 0) setTimeout(() => socket.destroy(), 100);
      });
    });
    await new Promise<void>((resolve) =>
      upstream.listen(0, '127.0.0.1', resolve),
    );
    const { port } = upstream.address() as { port: number };
    site = await startSite(`http://127.0.0.1:${port}`, {
      reportTimeoutSeconds: 0.5,
    });
    sites.push(site);
  });

  afterAll(() => upstream.close());

  it('cuts the browser’s answer too, rather than leave it waiting, and logs it', async () => {
    for (let i = 0; i < 2; i += 1) {
      const outcome = await send(site, '/report/study/1.2.3', {
        cookie: site.cookie,
      }).then(
        () => 'ended',
        (error: Error) => error.message,
      );
      // Cut short: the body never reaches its Content-Length.
      expect(outcome).toMatch(/^(aborted|answer cut short)$/);
    }
    const lines = readProxyLines(site).filter(
      (line) => line.code === 'WEB_REPORT_BROKE_OFF',
    );
    expect(lines).toHaveLength(2);
  });
});

/** The service's ProxyReport lines, parsed, oldest first. */
function readProxyLines(site: Site): Record<string, unknown>[] {
  const file = join(site.dataDir, 'ServerLogs', 'webclient-service.log');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.op === 'ProxyReport');
}
