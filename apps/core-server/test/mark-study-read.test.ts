import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';
import { getStudy } from '../src/studies/get-study.js';
import { markStudyRead } from '../src/studies/mark-study-read.js';
import { cleanUp, makeTempDir, openTempContext } from './support/temp-core.js';
import { makeSyntheticInstance } from './support/synthetic-dicom.js';

describe('markStudyRead', () => {
  let ctx: CoreContext;

  beforeAll(async () => {
    const source = makeTempDir();
    writeFileSync(
      join(source, 'a.dcm'),
      makeSyntheticInstance({
        sopInstanceUid: '1.8.1.1.1',
        studyUid: '1.8.1',
        seriesUid: '1.8.1.1',
      }),
    );
    ctx = openTempContext();
    await importPaths(ctx, [source]);
  });
  afterAll(cleanUp);

  it('records when the study was last read', () => {
    expect(getStudy(ctx.db, '1.8.1')?.lastRead).toBeNull();
    const when = new Date('2026-03-01T10:00:00Z');

    expect(markStudyRead(ctx.db, '1.8.1', when)).toBe(true);

    expect(getStudy(ctx.db, '1.8.1')?.lastRead).toBe(when.toISOString());
  });

  it('returns false for a study that is not in the index', () => {
    expect(markStudyRead(ctx.db, '9.9.9')).toBe(false);
  });
});
