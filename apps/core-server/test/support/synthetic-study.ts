import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPaths } from '../../src/import/import-paths.js';
import type { CoreServerHarness } from './core-server-harness.js';
import { makeSyntheticInstance } from './synthetic-dicom.js';

/** The identifiers of a one-image synthetic study. */
export interface SyntheticStudy {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}

/**
 * Imports a one-image synthetic MR study (2×2 pixels) into the harness's
 * image database, as the import command would.
 */
export async function importSyntheticStudy(
  harness: CoreServerHarness,
  studyUid = '1.2.826.0.1.3680043.9.7777.1',
): Promise<SyntheticStudy> {
  const study: SyntheticStudy = {
    studyUid,
    seriesUid: `${studyUid}.1`,
    sopInstanceUid: `${studyUid}.1.1`,
  };
  const source = mkdtempSync(join(harness.dir, 'source-'));
  writeFileSync(
    join(source, 'image.dcm'),
    makeSyntheticInstance({
      ...study,
      patientName: 'PHANTOM^HEART',
      patientId: 'PH-1',
      modality: 'MR',
    }),
  );
  await importPaths(
    {
      db: harness.db,
      log: harness.log,
      dataDir: harness.dir,
      config: harness.config,
    },
    [source],
  );
  rmSync(source, { recursive: true, force: true });
  return study;
}
