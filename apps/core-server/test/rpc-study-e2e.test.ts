import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import type { InstanceDetail, StudyDetail } from '@atrium/protocol';
import { readManifest, testdataPath } from '@atrium/testdata';
import { importPaths } from '../src/import/import-paths.js';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

const SUNNYBROOK = 'cardiac/sunnybrook_SCD0000101_cinesax';

let harness: CoreServerHarness;
let analyst: CoreClient;
let study: StudyDetail;

beforeAll(async () => {
  harness = await startHarness();
  const { db, log, config, dir: dataDir } = harness;
  const summary = await importPaths({ db, log, config, dataDir }, [
    testdataPath(SUNNYBROOK),
  ]);
  expect(summary.imported).toBe(240);

  const admin = await harness.connect('admin');
  await admin.authenticate('admin', ADMIN_PASSWORD);
  await admin.call('AddUser', {
    userId: 'analyst',
    password: 'Analyst-Pw1',
    roles: ['Analyst'],
  });
  await admin.call('AddUser', {
    userId: 'viewer',
    password: 'Viewer-Pw1',
    roles: ['Viewer'],
  });

  // The analyst's session lives on one connection; the frames are fetched
  // on a second one that attached the token, as a render worker does.
  const browser = await harness.connect('client');
  const login = await browser.authenticate('analyst', 'Analyst-Pw1');
  analyst = await harness.connect('client');
  await analyst.attachToken(login.token);
}, 120_000);

afterAll(async () => harness?.stop());

describe('an Analyst reading the Sunnybrook cine stack', () => {
  it('finds the study in the study list', async () => {
    const list = await analyst.listStudies({ modality: 'MR' });
    expect(list.studies).toHaveLength(1);
    expect(list.studies[0]).toMatchObject({
      instanceCount: 240,
      seriesCount: 1,
      modalities: ['MR'],
      lastRead: null,
    });
  });

  it('loads it, which records the last read time', async () => {
    const list = await analyst.listStudies();
    study = await analyst.loadStudy(list.studies[0]!.studyUid);
    expect(study.series).toHaveLength(1);
    expect(study.series[0]!.instances).toHaveLength(240);

    const after = await analyst.listStudies();
    expect(after.studies[0]!.lastRead).not.toBeNull();
    const logged = harness.logEntries().find((e) => e.op === 'LoadStudy');
    expect(logged).toMatchObject({
      status: 'Success',
      user: 'analyst',
      study: study.studyUid,
    });
  });

  it('fetches all 240 frames with pixels equal to the MANIFEST checksums', async () => {
    const expected = new Map(
      readManifest()
        .filter((row) => row.table === 'sunnybrook')
        .map((row) => [Number(basename(row.path, '.dcm')), row.sha256]),
    );
    // MANIFEST: InstanceNumber N is the file N.dcm.
    const instances = study.series[0]!.instances;
    let checked = 0;
    for (const instance of instances) {
      const frame = await analyst.getFrame(instance.sopInstanceUid, 0);
      expect(frame.facts).toMatchObject({
        studyUid: study.studyUid,
        sopInstanceUid: instance.sopInstanceUid,
        frameIndex: 0,
        frames: 1,
        rows: 256,
        columns: 256,
        samplesPerPixel: 1,
        photometricInterpretation: 'MONOCHROME2',
        bitsAllocated: 16,
        signed: true,
        rescaleSlope: 1,
        rescaleIntercept: 0,
      });
      expect(frame.samples).toBeInstanceOf(Int16Array);
      expect(frame.samples).toHaveLength(256 * 256);
      expect(digestOf(frame.samples)).toBe(
        expected.get(instanceNumberOf(instance)),
      );
      checked += 1;
    }
    expect(checked).toBe(240);
  });

  it('gets the facts a viewer needs to measure and window', async () => {
    const first = study.series[0]!.instances.find(
      (i) => i.instanceNumber === 1,
    )!;
    const { facts } = await analyst.getFrame(first.sopInstanceUid, 0);
    expect(facts.pixelSpacing?.[0]).toBeCloseTo(1.367188, 5);
    expect(facts.windowPresets[0]).toMatchObject({ centre: 622, width: 1244 });
    expect(facts).toMatchObject({
      min: 0,
      max: 1168,
      colorSpace: 'MONOCHROME2',
    });
  });

  it('answers a frame that does not exist with a typed error', async () => {
    const first = study.series[0]!.instances[0]!;
    await expect(
      analyst.getFrame(first.sopInstanceUid, 1),
    ).rejects.toMatchObject({
      code: 'CORE_FRAME_OUT_OF_RANGE',
    });
    await expect(analyst.getFrame('1.2.3.4', 0)).rejects.toMatchObject({
      code: 'CORE_INSTANCE_NOT_FOUND',
    });
  });
});

describe('a Viewer', () => {
  it('can read the study but is refused on the admin port and admin calls', async () => {
    const client = await harness.connect('client');
    const { token } = await client.authenticate('viewer', 'Viewer-Pw1');
    const list = await client.listStudies();
    expect(list.studies).toHaveLength(1);
    await expect(client.callUnchecked('AddUser', {})).rejects.toMatchObject({
      code: 'CORE_UNKNOWN_METHOD',
    });

    const admin = await harness.connect('admin');
    await expect(
      admin.authenticate('viewer', 'Viewer-Pw1'),
    ).rejects.toMatchObject({
      code: 'CORE_ADMIN_PORT_REFUSED',
    });
    await expect(admin.attachToken(token)).rejects.toMatchObject({
      code: 'CORE_ADMIN_PORT_REFUSED',
    });
    await expect(admin.call('ListUsers', {})).rejects.toMatchObject({
      code: 'CORE_NOT_AUTHENTICATED',
    });
  });
});

function instanceNumberOf(instance: InstanceDetail): number {
  if (instance.instanceNumber === null) throw new Error('no instance number');
  return instance.instanceNumber;
}

function digestOf(samples: ArrayBufferView): string {
  const bytes = Buffer.from(
    samples.buffer,
    samples.byteOffset,
    samples.byteLength,
  );
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
