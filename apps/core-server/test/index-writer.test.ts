import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/import-paths.js';
import { getStudy } from '../src/studies/get-study.js';
import { cleanUp, makeTempDir, openTempContext } from './support/temp-core.js';
import {
  makeSyntheticInstance,
  type SyntheticInstance,
} from './support/synthetic-dicom.js';

function writeInstances(specs: SyntheticInstance[]): string {
  const dir = makeTempDir();
  specs.forEach((spec, i) =>
    writeFileSync(join(dir, `${i + 1}.dcm`), makeSyntheticInstance(spec)),
  );
  return dir;
}

const base = { studyUid: '1.7.1', patientName: 'Roe^Richard' };

describe('IndexWriter (through importPaths)', () => {
  afterEach(cleanUp);

  it('fills a study attribute a later file carries but never replaces one', async () => {
    const source = writeInstances([
      { ...base, sopInstanceUid: '1.7.1.1.1', seriesUid: '1.7.1.1' },
      {
        ...base,
        sopInstanceUid: '1.7.1.1.2',
        seriesUid: '1.7.1.1',
        accessionNumber: 'A1',
        studyDate: '20240102',
      },
      {
        ...base,
        sopInstanceUid: '1.7.1.1.3',
        seriesUid: '1.7.1.1',
        accessionNumber: 'B2',
        studyDate: '20250101',
      },
    ]);
    const ctx = openTempContext();

    await importPaths(ctx, [source], { batchSize: 1 });

    expect(getStudy(ctx.db, '1.7.1')).toMatchObject({
      accessionNumber: 'A1',
      studyDate: '20240102',
      studyDateNormalised: '20240102',
    });
  });

  it('keeps counts and the modalities list in step across batches', async () => {
    const source = writeInstances([
      { ...base, sopInstanceUid: '1.7.1.1.1', seriesUid: '1.7.1.1' },
      { ...base, sopInstanceUid: '1.7.1.1.2', seriesUid: '1.7.1.1' },
      {
        ...base,
        sopInstanceUid: '1.7.1.2.1',
        seriesUid: '1.7.1.2',
        modality: 'CT',
      },
    ]);
    const ctx = openTempContext();

    await importPaths(ctx, [source], { batchSize: 2 });

    const study = getStudy(ctx.db, '1.7.1');
    expect(study).toMatchObject({
      seriesCount: 2,
      instanceCount: 3,
      modalities: ['CT', 'MR'],
    });
    expect(study?.series.map((s) => s.instanceCount)).toEqual([2, 1]);
    const files = study!.series.flatMap((s) => s.instances);
    expect(study?.sizeBytes).toBe(
      files.reduce((sum, instance) => sum + instance.fileSize, 0),
    );
  });

  it('keeps one patient row for studies of the same patient', async () => {
    const source = writeInstances([
      { ...base, sopInstanceUid: '1.7.1.1.1', seriesUid: '1.7.1.1' },
      {
        ...base,
        studyUid: '1.7.2',
        sopInstanceUid: '1.7.2.1.1',
        seriesUid: '1.7.2.1',
      },
    ]);
    const ctx = openTempContext();

    await importPaths(ctx, [source]);

    const patients = ctx.db.prepare('SELECT COUNT(*) FROM patients').pluck();
    expect(patients.get()).toBe(1);
  });
});
