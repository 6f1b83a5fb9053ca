import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicomFile } from '../src/import/read-dicom-file.js';
import { sunnybrookDir } from './support/temp-core.js';
import {
  makePart10,
  makeSyntheticInstance,
} from './support/synthetic-dicom.js';

const text = new TextEncoder().encode('plain text, nothing more');

describe('readDicomFile', () => {
  it('reads a real image into an instance record', () => {
    const path = join(sunnybrookDir(), '1.dcm');
    const verdict = readDicomFile(path, readFileSync(path));
    expect(verdict.kind).toBe('instance');
  });

  it('skips a PNG and a text file as not DICOM', () => {
    const png = join(sunnybrookDir(), '1.ref.png');
    expect(readDicomFile(png, readFileSync(png)).kind).toBe('not-dicom');
    expect(readDicomFile('/x/notes.txt', text).kind).toBe('not-dicom');
  });

  it('sends a file named like DICOM that is not DICOM to quarantine', () => {
    const verdict = readDicomFile('/x/scan.dcm', text);
    expect(verdict).toMatchObject({
      kind: 'unreadable',
      reason: { code: 'DCM_NOT_DICOM' },
    });
  });

  it('sends an object without a SOP Instance UID to quarantine', () => {
    const bytes = makePart10([[0x00100010, 'PN', 'Nobody']]);
    expect(readDicomFile('/x/a.dcm', bytes)).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_MISSING_ATTRIBUTE',
        message: 'SOPInstanceUID is missing',
      },
    });
  });

  it('skips a DICOMDIR, which indexes files rather than being an object', () => {
    const bytes = makePart10(
      [[0x00041130, 'CS', 'FILESET']],
      '1.2.3.4',
      '1.2.840.10008.1.3.10',
    );
    expect(readDicomFile('/x/DICOMDIR', bytes).kind).toBe('not-dicom');
  });

  it('indexes an object without pixel data as a non-image instance', () => {
    const bytes = makeSyntheticInstance({
      sopInstanceUid: '1.2.3.4',
      studyUid: '1.2.3',
      seriesUid: '1.2.3.1',
      withoutPixels: true,
    });
    const verdict = readDicomFile('/x/a.dcm', bytes);
    expect(
      verdict.kind === 'instance' && verdict.record.instance,
    ).toMatchObject({
      hasPixelData: false,
      pixelStatus: 'none',
      frames: 0,
    });
  });
});
