import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import { MAX_UID_LENGTH } from '../src/import/check-uids.js';
import { importPaths } from '../src/import/import-paths.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

// Objects as the field sometimes sends them: UIDs longer than DICOM's 64
// characters, with a NUL inside, or made of dots. The index keeps them as
// found, so the RPC must open what the study list shows.
const odd = [
  {
    name: 'long.dcm',
    sopInstanceUid: `2.25.${'1'.repeat(120)}`,
    studyUid: `2.25.${'2'.repeat(120)}`,
    seriesUid: `2.25.${'3'.repeat(120)}`,
    patientId: 'ODD1',
  },
  {
    name: 'nul.dcm',
    sopInstanceUid: '2.25.888.6\0x',
    studyUid: '2.25.888.7',
    seriesUid: '2.25.888.8',
    patientId: 'ODD2',
  },
  {
    name: 'dots.dcm',
    sopInstanceUid: '2.25.888.9',
    studyUid: '..',
    seriesUid: '.',
    patientId: 'ODD3',
  },
];

let harness: CoreServerHarness;
let viewer: CoreClient;

beforeAll(async () => {
  harness = await startHarness();
  const source = makeTempDir();
  for (const { name, ...spec } of odd) {
    writeFileSync(join(source, name), makeSyntheticInstance(spec));
  }
  const { db, log, config, dir: dataDir } = harness;
  const summary = await importPaths({ db, log, config, dataDir }, [source]);
  expect(summary.imported).toBe(3);

  await harness.addUser('viewer', ['Viewer']);
  viewer = await harness.connect('client');
  await viewer.authenticate('viewer', 'viewer-Pw1');
}, 60_000);

afterAll(async () => {
  await viewer?.close();
  await harness?.stop();
  cleanUp();
});

describe('objects imported with UIDs that are not valid', () => {
  it('are logged at WARNING with each UID and what is wrong with it', () => {
    const warnings = harness
      .logEntries()
      .filter(
        (line) =>
          line.msg ===
          'Import kept UIDs that are not valid DICOM UIDs as found',
      );
    expect(warnings).toHaveLength(3);
    expect(warnings.every((line) => line.level === 'WARNING')).toBe(true);
    const dots = warnings.find((line) =>
      String(line.source).endsWith('dots.dcm'),
    );
    expect(dots?.invalid).toEqual([
      {
        attribute: 'StudyInstanceUID',
        value: '..',
        problem: 'it has an empty component',
      },
      {
        attribute: 'SeriesInstanceUID',
        value: '.',
        problem: 'it has an empty component',
      },
    ]);
  });

  it('open through the RPC as they list: study, then each frame', async () => {
    const { studies } = await viewer.listStudies();
    expect(studies.map((study) => study.studyUid).sort()).toEqual(
      odd.map((spec) => spec.studyUid).sort(),
    );

    for (const spec of odd) {
      const study = await viewer.getStudy(spec.studyUid);
      expect(study.series[0]?.seriesUid).toBe(spec.seriesUid);
      const instance = study.series[0]?.instances[0];
      expect(instance?.sopInstanceUid).toBe(spec.sopInstanceUid);

      const frame = await viewer.getFrame(spec.sopInstanceUid, 0);
      expect(frame.facts.sopInstanceUid).toBe(spec.sopInstanceUid);
      expect(frame.samples).toHaveLength(4);
    }
  });

  it(`still refuses a UID parameter longer than ${MAX_UID_LENGTH} characters`, async () => {
    await expect(
      viewer.getStudy(`1.${'2'.repeat(MAX_UID_LENGTH)}`),
    ).rejects.toMatchObject({
      code: 'CORE_INVALID_PARAMS',
      message: `studyUid must be a text of 1 to ${MAX_UID_LENGTH} characters`,
    });
  });
});
