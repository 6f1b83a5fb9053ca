import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseDicom, Tag } from '@atrium/dicom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreContext } from '../src/context.js';
import { importPaths } from '../src/import/import-paths.js';
import { findInstance } from '../src/studies/find-instance.js';
import {
  cleanUp,
  openTempContext,
  sunnybrookDir,
} from './support/temp-core.js';

describe('findInstance', () => {
  let ctx: CoreContext;
  const file = join(sunnybrookDir(), '7.dcm');
  const ds = parseDicom(readFileSync(file));

  beforeAll(async () => {
    ctx = openTempContext();
    await importPaths(ctx, [file]);
  });
  afterAll(cleanUp);

  it('gives the stored file and the UIDs a permission check needs', () => {
    const found = findInstance(ctx.db, ds.string(Tag.SOPInstanceUID)!);
    expect(found).toMatchObject({
      sopInstanceUid: ds.string(Tag.SOPInstanceUID),
      seriesUid: ds.string(Tag.SeriesInstanceUID),
      studyUid: ds.string(Tag.StudyInstanceUID),
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      frames: 1,
      rows: 256,
      columns: 256,
      hasPixelData: true,
      pixelStatus: 'ok',
      pixelStatusReason: null,
    });
    expect(readFileSync(found!.filePath)).toEqual(readFileSync(file));
  });

  it('returns null for an unknown SOP Instance UID', () => {
    expect(findInstance(ctx.db, '1.2.3.999')).toBeNull();
  });
});
