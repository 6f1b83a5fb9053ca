import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';
import { listStudies } from '../src/studies/list-studies.js';
import type { StudyQuery } from '../src/studies/study-types.js';
import {
  cleanUp,
  makeTempDir,
  openTempContext,
  sunnybrookDir,
} from './support/temp-core.js';
import {
  makeSyntheticInstance,
  type SyntheticInstance,
} from './support/synthetic-dicom.js';

// Four synthetic studies beside the real Sunnybrook study (SCD0000101,
// study date 20120000, which is not a valid date).
const synthetic: SyntheticInstance[] = [
  {
    sopInstanceUid: '1.9.1.1.1',
    studyUid: '1.9.1',
    seriesUid: '1.9.1.1',
    patientName: 'Doe^John',
    patientId: 'P001',
    studyDate: '20230105',
    accessionNumber: 'ACC-1',
    modality: 'MR',
  },
  {
    sopInstanceUid: '1.9.2.1.1',
    studyUid: '1.9.2',
    seriesUid: '1.9.2.1',
    patientName: 'Doe^Jane',
    patientId: 'P002',
    studyDate: '20230210',
    accessionNumber: 'ACC-2',
    modality: 'CT',
  },
  {
    sopInstanceUid: '1.9.2.2.1',
    studyUid: '1.9.2',
    seriesUid: '1.9.2.2',
    patientName: 'Doe^Jane',
    patientId: 'P002',
    studyDate: '20230210',
    accessionNumber: 'ACC-2',
    modality: 'SR',
    withoutPixels: true,
  },
  {
    sopInstanceUid: '1.9.3.1.1',
    studyUid: '1.9.3',
    seriesUid: '1.9.3.1',
    patientName: 'Smith^Anna',
    patientId: 'X-7',
    studyDate: '20220615',
    accessionNumber: 'acc-3',
    modality: 'CT',
  },
];
const SUNNYBROOK = 'SCD0000101';

let ctx: CoreContext;
const limits = { maximumQueryResults: 100 };

function names(query: StudyQuery, max = limits): string[] {
  return listStudies(ctx.db, query, max).studies.map((s) => s.patientName);
}

beforeAll(async () => {
  const source = makeTempDir();
  synthetic.forEach((spec, i) =>
    writeFileSync(join(source, `${i}.dcm`), makeSyntheticInstance(spec)),
  );
  ctx = openTempContext();
  await importPaths(ctx, [source, sunnybrookDir()]);
});
afterAll(cleanUp);

describe('listStudies', () => {
  it('lists every study, newest first, undated studies last', () => {
    expect(names({})).toEqual([
      'Doe^Jane',
      'Doe^John',
      'Smith^Anna',
      SUNNYBROOK,
    ]);
  });

  it('fills each row with the study-level facts', () => {
    const jane = listStudies(ctx.db, { patientId: 'P002' }, limits).studies[0];
    expect(jane).toMatchObject({
      studyUid: '1.9.2',
      accessionNumber: 'ACC-2',
      studyDate: '20230210',
      studyDateNormalised: '20230210',
      modalities: ['CT', 'SR'],
      seriesCount: 2,
      instanceCount: 2,
      lastRead: null,
    });
    expect(jane?.sizeBytes).toBeGreaterThan(0);
  });

  it('matches patient names with DICOM wildcards, ignoring case', () => {
    expect(names({ patientName: 'doe*' })).toEqual(['Doe^Jane', 'Doe^John']);
    expect(names({ patientName: 'SMI?H*' })).toEqual(['Smith^Anna']);
    expect(names({ patientName: 'scd*' })).toEqual([SUNNYBROOK]);
    expect(names({ patientName: '*101' })).toEqual([SUNNYBROOK]);
  });

  it('matches a single component of the patient name', () => {
    expect(names({ patientName: 'j*' })).toEqual(['Doe^Jane', 'Doe^John']);
    expect(names({ patientName: 'anna' })).toEqual(['Smith^Anna']);
    expect(names({ patientName: 'doe^john' })).toEqual(['Doe^John']);
    expect(names({ patientName: 'do' })).toEqual([]);
  });

  it('matches patient IDs and accession numbers exactly or by wildcard', () => {
    expect(names({ patientId: 'p00?' })).toEqual(['Doe^Jane', 'Doe^John']);
    expect(names({ patientId: 'x-7' })).toEqual(['Smith^Anna']);
    expect(names({ accessionNumber: 'ACC-3' })).toEqual(['Smith^Anna']);
    expect(names({ accessionNumber: 'acc-*' })).toHaveLength(3);
  });

  it('filters by a study date range with either end open', () => {
    expect(names({ studyDateFrom: '20230101' })).toEqual([
      'Doe^Jane',
      'Doe^John',
    ]);
    expect(names({ studyDateTo: '2022-12-31' })).toEqual(['Smith^Anna']);
    expect(
      names({ studyDateFrom: '2023-01-01', studyDateTo: '20230131' }),
    ).toEqual(['Doe^John']);
    expect(
      names({ studyDateFrom: '20230105', studyDateTo: '20230105' }),
    ).toEqual(['Doe^John']);
  });

  it('leaves studies with an invalid date out of date ranges', () => {
    expect(names({ studyDateTo: '20991231' })).not.toContain(SUNNYBROOK);
    expect(names({ studyDateFrom: '19000101' })).not.toContain(SUNNYBROOK);
  });

  it('filters by any modality of the study', () => {
    expect(names({ modality: 'CT' })).toEqual(['Doe^Jane', 'Smith^Anna']);
    expect(names({ modality: 'sr' })).toEqual(['Doe^Jane']);
    expect(names({ modality: ['MR', 'SR'] })).toEqual([
      'Doe^Jane',
      'Doe^John',
      SUNNYBROOK,
    ]);
    expect(names({ modality: 'MR\\SR' })).toHaveLength(3);
    expect(names({ modality: 'US' })).toEqual([]);
  });

  it('combines filters', () => {
    expect(names({ patientName: 'doe*', modality: 'MR' })).toEqual([
      'Doe^John',
    ]);
  });

  it('pages with offset and limit and says when more studies exist', () => {
    const page1 = listStudies(ctx.db, { limit: 3 }, limits);
    const page2 = listStudies(ctx.db, { limit: 3, offset: 3 }, limits);
    expect(page1).toMatchObject({ total: 4, offset: 0, limit: 3 });
    expect(page1.truncated).toBe(true);
    expect(page2.studies.map((s) => s.patientName)).toEqual([SUNNYBROOK]);
    expect(page2.truncated).toBe(false);
  });

  it('caps the page at MaximumQueryResults', () => {
    const capped = listStudies(
      ctx.db,
      { limit: 50 },
      { maximumQueryResults: 2 },
    );
    expect(capped.studies).toHaveLength(2);
    expect(capped).toMatchObject({ limit: 2, total: 4, truncated: true });
    const unasked = listStudies(ctx.db, {}, { maximumQueryResults: 1 });
    expect(unasked.studies).toHaveLength(1);
  });

  it('gives the total even for a page beyond the last study', () => {
    const beyond = listStudies(ctx.db, { offset: 10 }, limits);
    expect(beyond).toMatchObject({ studies: [], total: 4, truncated: false });
  });

  it('sorts by name, patient ID, accession, modality and date', () => {
    expect(names({ sortBy: 'name' })).toEqual([
      'Doe^Jane',
      'Doe^John',
      SUNNYBROOK,
      'Smith^Anna',
    ]);
    expect(names({ sortBy: 'name', sortOrder: 'desc' })[0]).toBe('Smith^Anna');
    expect(names({ sortBy: 'id' }).slice(0, 3)).toEqual([
      'Doe^John',
      'Doe^Jane',
      SUNNYBROOK,
    ]);
    expect(names({ sortBy: 'accession' }).slice(1)).toEqual([
      'Doe^John',
      'Doe^Jane',
      'Smith^Anna',
    ]);
    expect(names({ sortBy: 'modality' })).toEqual([
      'Smith^Anna',
      'Doe^Jane',
      'Doe^John',
      SUNNYBROOK,
    ]);
    expect(names({ sortBy: 'date', sortOrder: 'asc' })).toEqual([
      'Smith^Anna',
      'Doe^John',
      'Doe^Jane',
      SUNNYBROOK,
    ]);
  });

  it('refuses invalid dates, paging and sort keys with a clear error', () => {
    const invalid = { code: 'CORE_QUERY_INVALID' };
    expect(() => names({ studyDateFrom: '20231301' })).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => names({ offset: -1 })).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => names({ limit: 1.5 })).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() =>
      names({ sortBy: 'size' as unknown as StudyQuery['sortBy'] }),
    ).toThrow(expect.objectContaining(invalid));
  });
});
