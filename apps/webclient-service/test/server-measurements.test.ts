import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreClient } from '@atrium/core-client';
import type {
  ListMeasurementsResult,
  Measurement,
  SaveMeasurementsResult,
  WebAck,
  WebStudy,
} from '@atrium/protocol';
import { hasTestdata } from '@atrium/testdata';
import { decode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildProcesses,
  startHarness,
  waitUntil,
  type BrowserSocket,
  type Harness,
} from './server-harness.js';

let harness: Harness;
let viewer: BrowserSocket;
let analyst: BrowserSocket;
let analystCookie: string;
let study: WebStudy;

beforeAll(async () => {
  if (!hasTestdata()) return;
  buildProcesses();
  harness = await startHarness();
  harness.startManager('alpha', 2);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
  // The first login is the Viewer `clinician`, the second an Analyst.
  viewer = await harness.connect(await harness.login());
  analystCookie = await harness.login(['Analyst']);
  analyst = await harness.connect(analystCookie);
  const opened = await emit<WebStudy>(analyst, 'open-study', {
    studyUid: harness.studyUid,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  study = opened.result;
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

function emit<T>(
  socket: BrowserSocket,
  event: string,
  params: unknown,
): Promise<WebAck<T>> {
  return new Promise((resolve) =>
    (socket.emit as (...args: unknown[]) => void)(event, params, resolve),
  );
}

/** A length on the first frame of the study's first series. */
function lengthOnStudy(id: string, label = ''): Measurement {
  const series = study.series[0]!;
  const frame = series.slices[0]!.phases[0]!;
  return {
    id,
    kind: 'length',
    seriesUid: series.seriesUid,
    sopInstanceUid: frame.sopInstanceUid,
    frame: frame.frameIndex + 1,
    points: [
      [100.5, 80.25],
      [130.5, 120.25],
    ],
    value: 68.36,
    unit: 'mm',
    label,
  };
}

/**
 * What the Core Server holds for the Analyst, read on a connection of the
 * test's own with the Analyst's token from the session cookie: not through
 * the service or the worker.
 */
async function listAtCore(): Promise<ListMeasurementsResult> {
  const secret = readFileSync(
    join(harness.dataDir, 'keys', 'nextauth-secret'),
    'utf8',
  ).trim();
  const jwt = await decode({
    token: analystCookie.slice(analystCookie.indexOf('=') + 1),
    secret,
  });
  const client = await CoreClient.connect(`ws://127.0.0.1:${harness.corePort}`);
  try {
    await client.attachToken(String(jwt?.coreToken));
    return await client.listMeasurements(harness.studyUid);
  } finally {
    await client.close();
  }
}

describe.runIf(hasTestdata())(
  'saving measurements through the browser socket',
  () => {
    it('keeps an Analyst’s lengths in the Core Server, which lists them for that user', async () => {
      const lengths = [lengthOnStudy('m-1', 'LV'), lengthOnStudy('m-2')];

      const answer = await emit<SaveMeasurementsResult>(
        analyst,
        'save-measurements',
        { studyUid: harness.studyUid, measurements: lengths },
      );

      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      expect(answer.result.count).toBe(2);
      expect(Date.parse(answer.result.savedAt)).not.toBeNaN();
      const atCore = await listAtCore();
      expect(atCore.savedAt).toBe(answer.result.savedAt);
      expect(atCore.measurements).toEqual(lengths);
    }, 60_000);

    it('lists the saved set back through the socket, and a save replaces it whole', async () => {
      const listed = await emit<ListMeasurementsResult>(
        analyst,
        'list-measurements',
        { studyUid: harness.studyUid },
      );
      expect(listed.ok && listed.result.measurements.map((m) => m.id)).toEqual([
        'm-1',
        'm-2',
      ]);

      // m-2 was deleted in the viewer; the next save sends the rest.
      const kept = [lengthOnStudy('m-1', 'LV')];
      const saved = await emit<SaveMeasurementsResult>(
        analyst,
        'save-measurements',
        { studyUid: harness.studyUid, measurements: kept },
      );

      expect(saved.ok && saved.result.count).toBe(1);
      expect((await listAtCore()).measurements).toEqual(kept);
    }, 60_000);

    it('refuses a Viewer with the Core Server’s permission error, and shows them only their own set', async () => {
      const answer = await emit<SaveMeasurementsResult>(
        viewer,
        'save-measurements',
        { studyUid: harness.studyUid, measurements: [lengthOnStudy('v-1')] },
      );

      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.error.code).toBe('CORE_PERMISSION_DENIED');
      expect(answer.error.message).toMatch(/SaveWorkspace/);
      const listed = await emit<ListMeasurementsResult>(
        viewer,
        'list-measurements',
        { studyUid: harness.studyUid },
      );
      expect(listed.ok && listed.result).toEqual({
        measurements: [],
        savedAt: null,
      });
    }, 60_000);

    it('passes on the Core Server’s refusal of a length on an instance outside the study', async () => {
      const stray = { ...lengthOnStudy('m-9'), sopInstanceUid: '1.2.3.4.5.6' };

      const answer = await emit<SaveMeasurementsResult>(
        analyst,
        'save-measurements',
        { studyUid: harness.studyUid, measurements: [stray] },
      );

      expect(!answer.ok && answer.error.code).toBe('CORE_INSTANCE_NOT_FOUND');
      expect((await listAtCore()).measurements).toHaveLength(1);
    }, 60_000);

    it('answers malformed saves with WEB_BAD_REQUEST and stays up', async () => {
      const tooMany = Array.from({ length: 501 }, (_, i) =>
        lengthOnStudy(`x-${i}`),
      );
      const malformed: unknown[] = [
        null,
        'save',
        { studyUid: 42, measurements: [] },
        { studyUid: harness.studyUid, measurements: 'all' },
        { studyUid: harness.studyUid, measurements: tooMany },
        {
          studyUid: harness.studyUid,
          measurements: [{ ...lengthOnStudy('bad'), points: [[1, 2]] }],
        },
      ];

      for (const params of malformed) {
        const answer = await emit<SaveMeasurementsResult>(
          analyst,
          'save-measurements',
          params,
        );
        expect(answer.ok, JSON.stringify(params).slice(0, 80)).toBe(false);
        if (!answer.ok) expect(answer.error.code).toBe('WEB_BAD_REQUEST');
      }
      // Without an acknowledgement there is no one to answer; nothing breaks.
      (analyst.emit as (...args: unknown[]) => void)('save-measurements', {
        studyUid: 7,
      });
      (analyst.emit as (...args: unknown[]) => void)('list-measurements');

      expect(analyst.connected).toBe(true);
      expect((await harness.health()).sessions).toBe(2);
      expect((await listAtCore()).measurements.map((m) => m.id)).toEqual([
        'm-1',
      ]);
      const listed = await emit<ListMeasurementsResult>(
        analyst,
        'list-measurements',
        { studyUid: harness.studyUid },
      );
      expect(listed.ok).toBe(true);
    }, 60_000);
  },
);
