import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testdataDir, testdataPath } from '@atrium/testdata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';
import { getStudy } from '../src/studies/get-study.js';
import { listStudies } from '../src/studies/list-studies.js';
import type { StudyDetail } from '../src/studies/study-types.js';
import {
  cleanUp,
  makeTempDir,
  openTempContext,
  sunnybrookDir,
} from './support/temp-core.js';

interface ManifestFrame {
  instanceNumber: number;
  sliceLocation: number;
  triggerTime: number;
  imagePosition: string;
}

/**
 * The Sunnybrook table of MANIFEST.md, whose facts come from dcmdump: an
 * oracle that does not share our parser.
 */
function readSunnybrookManifest(): ManifestFrame[] {
  const text = readFileSync(join(testdataDir(), 'MANIFEST.md'), 'utf8');
  const row =
    /^\| `cardiac\/sunnybrook_SCD0000101_cinesax\/\d+\.dcm` \| (\d+) \| ([-\d.]+) \| ([\d.]+) \| ([-\d./]+) \|/gm;
  return [...text.matchAll(row)].map((m) => ({
    instanceNumber: Number(m[1]),
    sliceLocation: Number(m[2]),
    triggerTime: Number(m[3]),
    imagePosition: m[4]!,
  }));
}

/** Instance numbers per slice location, each slice in trigger-time order. */
function expectedSlices(frames: ManifestFrame[]): Map<string, number[]> {
  const slices = new Map<string, ManifestFrame[]>();
  for (const frame of frames) {
    const list = slices.get(frame.imagePosition) ?? [];
    list.push(frame);
    slices.set(frame.imagePosition, list);
  }
  return new Map(
    [...slices].map(([position, list]) => [
      position,
      list
        .sort((a, b) => a.triggerTime - b.triggerTime)
        .map((frame) => frame.instanceNumber),
    ]),
  );
}

/** The manifest's key (rounded to 3 decimals) for an exact position. */
function findManifestKey(
  keys: Iterable<string>,
  position: number[],
): string | undefined {
  for (const key of keys) {
    const values = key.split('/').map(Number);
    if (values.every((v, i) => Math.abs(v - position[i]!) < 0.001)) return key;
  }
  return undefined;
}

function loadOnlyStudy(ctx: CoreContext): StudyDetail {
  const [summary] = listStudies(
    ctx.db,
    {},
    { maximumQueryResults: 10 },
  ).studies;
  const study = getStudy(ctx.db, summary!.studyUid);
  if (!study) throw new Error('the imported study was not found');
  return study;
}

describe('getStudy on the Sunnybrook cine stack', () => {
  const manifest = readSunnybrookManifest();
  let study: StudyDetail;
  let shuffled: StudyDetail;

  beforeAll(async () => {
    const ctx = openTempContext();
    await importPaths(ctx, [sunnybrookDir()]);
    study = loadOnlyStudy(ctx);

    // The same files under names that say nothing about their order.
    const renamed = makeTempDir();
    for (const name of readdirSync(sunnybrookDir())) {
      if (!name.endsWith('.dcm')) continue;
      const hash = createHash('sha256').update(name).digest('hex');
      copyFileSync(join(sunnybrookDir(), name), join(renamed, `${hash}.dcm`));
    }
    const other = openTempContext();
    await importPaths(other, [renamed]);
    shuffled = loadOnlyStudy(other);
  });
  afterAll(cleanUp);

  it('reads the 240 rows of the manifest', () => {
    expect(manifest).toHaveLength(240);
  });

  it('gives one series of 240 instances in instance-number order', () => {
    expect(study.series).toHaveLength(1);
    const series = study.series[0]!;
    expect(series).toMatchObject({ seriesNumber: 300, instanceCount: 240 });
    expect(series.instances.map((i) => i.instanceNumber)).toEqual(
      Array.from({ length: 240 }, (_, i) => i + 1),
    );
  });

  it('carries the viewer attributes of each instance', () => {
    const first = study.series[0]!.instances[0]!;
    expect(first).toMatchObject({
      rows: 256,
      columns: 256,
      frames: 1,
      bitsAllocated: 16,
      photometricInterpretation: 'MONOCHROME2',
      cardiacNumberOfImages: 20,
      hasPixelData: true,
      pixelStatus: 'ok',
      windowCenter: 622,
      windowWidth: 1244,
      triggerTime: 18.75,
    });
    expect(first.pixelSpacing?.[0]).toBeCloseTo(1.367188, 5);
    expect(
      findManifestKey(['162.673/35.618/144.459'], first.imagePosition!),
    ).toBeDefined();
    expect(first.imageOrientation).toHaveLength(6);
    expect(first.sliceLocation).toBeCloseTo(-16.634, 3);
  });

  it('splits the cine into 12 slices of 20 phases', () => {
    const cine = study.series[0]!.cine;
    expect(cine?.slices).toHaveLength(12);
    expect(cine?.phaseCount).toBe(20);
    expect(cine?.complete).toBe(true);
    expect(cine?.slices.every((slice) => slice.phases.length === 20)).toBe(
      true,
    );
  });

  it('orders phases by trigger time within each slice', () => {
    const expected = expectedSlices(manifest);
    const numberOf = new Map(
      study.series[0]!.instances.map((i) => [
        i.sopInstanceUid,
        i.instanceNumber,
      ]),
    );
    for (const slice of study.series[0]!.cine!.slices) {
      const key = findManifestKey(expected.keys(), slice.imagePosition);
      expect(key).toBeDefined();
      const got = slice.phases.map((p) => numberOf.get(p.sopInstanceUid));
      expect(got, key).toEqual(expected.get(key!));
    }
  });

  it('orders slices along the normal, 10 mm apart, monotonic in SliceLocation', () => {
    const slices = study.series[0]!.cine!.slices;
    const steps = slices
      .slice(1)
      .map((slice, i) => slice.position - slices[i]!.position);
    for (const step of steps) expect(step).toBeCloseTo(10, 2);

    const locationOf = new Map(
      manifest.map((f) => [f.imagePosition, f.sliceLocation]),
    );
    const locations = slices.map((s) =>
      locationOf.get(findManifestKey(locationOf.keys(), s.imagePosition)!),
    );
    expect(locations.every((l) => l !== undefined)).toBe(true);
    const sorted = [...locations].sort((a, b) => a! - b!);
    expect([sorted, [...sorted].reverse()]).toContainEqual(locations);
  });

  it('gives the same axes when file names carry no order', () => {
    const axes = (s: StudyDetail) =>
      s.series[0]!.cine!.slices.map((slice) =>
        slice.phases.map((p) => p.sopInstanceUid),
      );
    expect(axes(shuffled)).toEqual(axes(study));
  });
});

describe('getStudy on multi-frame cines', () => {
  afterAll(cleanUp);

  it('carries the frame time each file gives, and none for a cine stack', async () => {
    const ctx = openTempContext();
    await importPaths(ctx, [
      testdataPath('cardiac/XA_cardio_96frames_jpeg_baseline.dcm'),
      testdataPath('cardiac/MR-MONO2-8-16x-heart.dcm'),
      testdataPath('cardiac/sunnybrook_SCD0000101_cinesax/1.dcm'),
    ]);
    const { studies } = listStudies(ctx.db, {}, { maximumQueryResults: 10 });
    const timing = new Map<number, number | null>();
    for (const summary of studies) {
      const study = getStudy(ctx.db, summary.studyUid)!;
      for (const series of study.series) {
        for (const instance of series.instances)
          timing.set(instance.frames, instance.frameTimeMs);
      }
    }

    expect(timing.get(96)).toBe(33);
    expect(timing.get(16)).toBeCloseTo(69.47, 3);
    expect(timing.get(1)).toBeNull();
  });
});

describe('getStudy', () => {
  afterAll(cleanUp);

  it('returns null for a study that is not in the index', () => {
    const ctx = openTempContext();
    expect(getStudy(ctx.db, '1.2.3.4')).toBeNull();
  });
});
