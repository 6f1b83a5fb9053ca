/**
 * Report pages through the service's /report/ proxy, with the real parts
 * behind it: the built Core Server holding Sunnybrook, this service, and
 * the report server. The browser's only way in is the service; what the
 * report server believes about the user comes from a token the Core
 * Server signed, never from a header a browser can write.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as connectTcp } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import {
  REPORT_SESSION_ENDED_CLOSE,
  type Measurement,
  type ReportLiveMessage,
  type StudyDetail,
  type StudyReport,
} from '@atrium/protocol';
import { readNextAuthSecret, signToken } from '@atrium/tokens';
import { decode } from 'next-auth/jwt';
import WebSocket from 'ws';
import { askHttp, type Answer } from './http-answer.js';
import {
  buildProcesses,
  startHarness,
  type Harness,
} from './server-harness.js';

let harness: Harness;
let analystCookie: string;
let analystToken: string;
let study: StudyDetail;

beforeAll(async () => {
  buildProcesses();
  harness = await startHarness({ reportServer: true });
  analystCookie = await harness.login(['Analyst']);
  analystToken = await coreTokenOf(analystCookie);
  const core = await attach(analystToken);
  study = await core.getStudy(harness.studyUid);
  await core.close();
}, 120_000);

afterAll(async () => harness?.stop());

describe('report pages through the service', () => {
  it('show the patient, the study, its series and no measurements yet', async () => {
    const answer = await get(`/report/study/${harness.studyUid}`, {
      cookie: analystCookie,
      accept: 'text/html',
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    // The site's own policy applies to report pages too.
    expect(answer.headers['content-security-policy']).toContain(
      "frame-ancestors 'self'",
    );
    expect(answer.body).toContain(`data-study-uid="${harness.studyUid}"`);
    expect(answer.body).toContain('<h2 id="series-title">Series (1)</h2>');
    expect(answer.body).toContain('12 slices × 20 phases');
    expect(answer.body).toContain(
      'You have not saved measurements on this study.',
    );
    expect(answer.body).not.toContain('<script>');
  });

  it('give the same report as JSON', async () => {
    const answer = await get(`/report/api/study/${harness.studyUid}`, {
      cookie: analystCookie,
    });
    const report = JSON.parse(answer.body) as StudyReport;
    expect(report.study.studyUid).toBe(harness.studyUid);
    expect(report.series).toEqual([
      expect.objectContaining({
        seriesUid: study.series[0]!.seriesUid,
        instanceCount: 240,
        cine: { slices: 12, phases: 20 },
      }),
    ]);
    expect(report.user).toBe('clinician');
  });

  it('answer an unknown study with 404 and a malformed one with 400', async () => {
    const missing = await get('/report/api/study/1.2.3.404', {
      cookie: analystCookie,
    });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({
      error: {
        code: 'REPORT_STUDY_NOT_FOUND',
        message: 'The study is not in the image database',
      },
    });
    const odd = await get('/report/api/study/1.2%0A3', {
      cookie: analystCookie,
    });
    expect(odd.status).toBe(400);
  });

  it('list only the user’s own measurements', async () => {
    const core = await attach(analystToken);
    await core.saveMeasurements(harness.studyUid, [lengthOn(study, 'own')]);
    await core.close();

    const viewerCookie = await harness.login();
    const theirs = await get(`/report/api/study/${harness.studyUid}`, {
      cookie: viewerCookie,
    });
    expect((JSON.parse(theirs.body) as StudyReport).measurements).toEqual([]);
    const mine = await get(`/report/api/study/${harness.studyUid}`, {
      cookie: analystCookie,
    });
    expect((JSON.parse(mine.body) as StudyReport).measurements).toEqual([
      expect.objectContaining({
        id: 'own',
        // Sunnybrook's first acquired image lies on the Core Server's last
        // slice, so its first slice is slice 12 in the viewer and here.
        position: 'Slice 12, phase 2',
        seriesLabel: expect.stringMatching(/^Series /),
      }),
    ]);
  });
});

describe('the live report socket', () => {
  it('pushes the report when the user saves measurements', async () => {
    const live = await openLive(analystCookie);
    const opened = await live.next();
    expect(opened).toMatchObject({ type: 'report', cause: 'opened' });

    const core = await attach(analystToken);
    const saved = {
      ...lengthOn(study, 'live-1'),
      value: 41.26,
      label: 'LV <diameter>',
    };
    await core.saveMeasurements(harness.studyUid, [saved]);
    const update = await live.next();
    await core.close();

    expect(update.type).toBe('report');
    if (update.type !== 'report') return;
    expect(update.cause).toBe('measurements');
    expect(update.report.measurements.map((m) => m.id)).toEqual(['live-1']);
    expect(update.html).toContain('41.3 mm');
    expect(update.html).toContain('LV &#60;diameter&#62;');
    live.socket.close();
  });

  it('closes with the session-ended code when the user logs out', async () => {
    const cookie = await harness.login(['Analyst']);
    const token = await coreTokenOf(cookie);
    const live = await openLive(cookie);
    await live.next();

    const core = await attach(token);
    await core.logout();
    await core.close();
    expect(await live.closed).toBe(REPORT_SESSION_ENDED_CLOSE);
  });

  it('lets a session keep at most eight open, even when asked for at once', async () => {
    const cookie = await harness.login(['Analyst']);
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, () => openLive(cookie)),
    );
    const opened = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a) => a.status === 'rejected');
    expect(opened).toHaveLength(8);
    for (const r of refused) {
      expect(String((r as PromiseRejectedResult).reason)).toContain('429');
    }
    for (const a of opened) {
      (a as PromiseFulfilledResult<Live>).value.socket.close();
    }
    await Promise.all(
      opened.map((a) => (a as PromiseFulfilledResult<Live>).value.closed),
    );
  });

  it('holds nothing for an upgrade whose handshake is not valid', async () => {
    const gc = exposeGc();
    const before = await settle(gc);
    for (let i = 0; i < 40; i += 1) {
      const answer = await rawUpgrade(harness.report!.port, analystToken);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    }
    const after = await settle(gc);
    expect(harness.report!.liveCount()).toBe(0);
    // Forty Core connections left open would show as forty fds here.
    expect(after.fds - before.fds).toBeLessThanOrEqual(2);
  });

  it('gives back the place of a browser that left while it was admitted', async () => {
    const cookie = await harness.login(['Analyst']);
    const token = await coreTokenOf(cookie);
    for (let i = 0; i < 12; i += 1) {
      const socket = connectTcp(harness.report!.port, '127.0.0.1', () => {
        socket.write(
          `GET /report/live?study=${harness.studyUid} HTTP/1.1\r\n` +
            `Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
            `x-atrium-core-token: ${token}\r\n\r\n`,
        );
        setTimeout(() => socket.resetAndDestroy(), 2 + (i % 4));
      });
      socket.on('error', () => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Every place is free again: eight sockets open.
    const opened = await Promise.all(
      Array.from({ length: 8 }, () => openLive(cookie)),
    );
    for (const live of opened) live.socket.close();
    await Promise.all(opened.map((live) => live.closed));
  });

  it('is refused without a session, and from another origin', async () => {
    await expect(openLive('')).rejects.toThrow('401');
    await expect(
      openLive(analystCookie, 'https://evil.example'),
    ).rejects.toThrow('403');
  });
});

describe('identity the report server accepts', () => {
  it('refuses a request with no identity, even from loopback', async () => {
    const answer = await getDirect(`/report/api/study/${harness.studyUid}`, {});
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe('REPORT_NO_IDENTITY');
  });

  it('refuses identities a browser or anyone without the Core key can make', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = await signToken(
      {
        userId: 'admin',
        roles: ['System Administrator'],
        permissions: ['ViewStudy'],
        sessionId: 'made-up',
      },
      privateKey,
    );
    const [head, , sig] = analystToken.split('.');
    const altered = `${head}.${Buffer.from(
      JSON.stringify({ sub: 'admin' }),
    ).toString('base64url')}.${sig}`;
    for (const token of [
      forged.token,
      altered,
      'admin',
      `${analystToken}, x`,
    ]) {
      const answer = await getDirect(`/report/api/study/${harness.studyUid}`, {
        'x-atrium-core-token': token,
      });
      expect(answer.status, token.slice(0, 20)).toBe(401);
      expect(JSON.parse(answer.body).error.code).toBe(
        'REPORT_IDENTITY_REFUSED',
      );
    }
  });

  it('takes a genuine token only while its session lives', async () => {
    const cookie = await harness.login();
    const token = await coreTokenOf(cookie);
    const path = `/report/api/study/${harness.studyUid}`;
    expect(
      (await getDirect(path, { 'x-atrium-core-token': token })).status,
    ).toBe(200);

    const core = await attach(token);
    await core.logout();
    await core.close();
    const after = await getDirect(path, { 'x-atrium-core-token': token });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body).error.code).toBe('REPORT_SESSION_ENDED');
  });

  it('logs each report read and each refusal as a JSON AccessLog line', async () => {
    await get(`/report/api/study/${harness.studyUid}`, {
      cookie: analystCookie,
    });
    await getDirect(`/report/api/study/${harness.studyUid}`, {
      'x-atrium-core-token': 'made.up.token',
    });
    const lines = readFileSync(
      join(harness.dataDir, 'ServerLogs', 'report-server.log'),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const read = lines.findLast(
      (l) => l.op === 'OpenReport' && l.status === 'Success',
    );
    expect(read).toMatchObject({
      type: 'AccessLog',
      level: 'INFO',
      user: 'clinician',
      client: '127.0.0.1',
      studyUid: harness.studyUid,
    });
    expect(typeof read?.latencysms).toBe('number');
    expect(typeof read?.time).toBe('string');
    expect(typeof read?.pid).toBe('number');
    const refused = lines.findLast(
      (l) => l.op === 'OpenReport' && l.code === 'REPORT_IDENTITY_REFUSED',
    );
    expect(refused).toMatchObject({
      type: 'AccessLog',
      level: 'WARNING',
      status: 'Fail',
      user: '',
    });
    expect(JSON.stringify(lines)).not.toContain(analystToken);
  });

  it('answers methods other than GET with 405 and no crash', async () => {
    const answer = await getDirect('/report/health', {}, 'DELETE');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
    expect((await getDirect('/report/health', {})).status).toBe(200);
  });
});

describe('a thousand live sockets opened and closed through the proxy', () => {
  it('leave file descriptors and heap where they started', async () => {
    const gc = exposeGc();
    const cycle = async () => {
      const live = await openLive(analystCookie);
      await live.next();
      live.socket.close();
      await live.closed;
    };
    const runCycles = async (count: number) => {
      // Eight at a time, as a few busy browsers would.
      let started = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (started < count) {
            started += 1;
            await cycle();
          }
        }),
      );
    };

    await runCycles(50);
    const before = await settle(gc);
    await runCycles(1000);
    const after = await settle(gc);

    expect(harness.report!.liveCount()).toBe(0);
    expect(after.fds - before.fds).toBeLessThanOrEqual(2);
    // 2 MiB over 1000 cycles: a leak of 2 KiB or more per socket shows.
    expect(after.heap - before.heap).toBeLessThan(2 * 1024 * 1024);
  }, 180_000);
});

function lengthOn(detail: StudyDetail, id: string): Measurement {
  const slice = detail.series[0]!.cine!.slices[0]!;
  return {
    id,
    kind: 'length',
    seriesUid: detail.series[0]!.seriesUid,
    sopInstanceUid: slice.phases[1]!.sopInstanceUid,
    frame: 1,
    points: [
      [10, 10],
      [40, 40],
    ],
    value: 42.43,
    unit: 'mm',
    label: '',
  };
}

async function coreTokenOf(cookie: string): Promise<string> {
  const jwt = await decode({
    token: cookie.split('=')[1],
    secret: await readNextAuthSecret(harness.dataDir),
  });
  return jwt!.coreToken as string;
}

async function attach(token: string): Promise<CoreClient> {
  const client = await CoreClient.connect(`ws://127.0.0.1:${harness.corePort}`);
  await client.attachToken(token);
  return client;
}

function get(path: string, headers: Record<string, string>): Promise<Answer> {
  return askHttp(harness.service.ports.web, path, { headers });
}

function getDirect(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<Answer> {
  return askHttp(harness.report!.port, path, { headers, method });
}

interface Live {
  socket: WebSocket;
  next(): Promise<ReportLiveMessage>;
  closed: Promise<number>;
}

/** Opens the live socket through the service, as the report page does. */
function openLive(cookie: string, origin?: string): Promise<Live> {
  const port = harness.service.ports.web;
  const socket = new WebSocket(
    `ws://127.0.0.1:${port}/report/live?study=${harness.studyUid}`,
    {
      headers: {
        ...(cookie && { cookie }),
        origin: origin ?? `http://127.0.0.1:${port}`,
      },
    },
  );
  const queue: ReportLiveMessage[] = [];
  const waiting: ((m: ReportLiveMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ReportLiveMessage;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const closed = new Promise<number>((resolve) =>
    socket.once('close', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        closed,
        next: () =>
          new Promise((give) => {
            const first = queue.shift();
            if (first) give(first);
            else waiting.push(give);
          }),
      }),
    );
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** An upgrade with identity but no Sec-WebSocket-Key, straight to the report server. */
function rawUpgrade(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () =>
      socket.write(
        `GET /report/live?study=${harness.studyUid} HTTP/1.1\r\n` +
          `Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nx-atrium-core-token: ${token}\r\n\r\n`,
      ),
    );
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

// The heap can only be compared after a full collection; vitest's workers
// do not start with --expose-gc, so it is switched on here.
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Lets closes finish, collects garbage, and reads fds and heap. */
async function settle(gc: () => void): Promise<{ fds: number; heap: number }> {
  for (let i = 0; i < 50 && harness.report!.liveCount() > 0; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  gc();
  gc();
  return {
    fds: readdirSync('/proc/self/fd').length,
    heap: process.memoryUsage().heapUsed,
  };
}
