import { readFileSync } from 'node:fs';
import { parseDicom } from '@atrium/dicom';
import { testdataPath } from '@atrium/testdata';
import { describe, expect, it } from 'vitest';
import { checkPixelData } from '../src/import/check-pixel-data.js';
import { deriveUid, extractInstance } from '../src/import/extract-instance.js';

function readRecord(relativePath: string) {
  const ds = parseDicom(readFileSync(testdataPath(relativePath)));
  return extractInstance(ds, checkPixelData(ds));
}

describe('extractInstance', () => {
  it('reads geometry of an enhanced multi-frame object from its functional groups', () => {
    const { instance } = readRecord('edge/SEG_liver_1bit_3frames.dcm');
    expect(instance.frames).toBe(3);
    expect(instance.pixelSpacing).toEqual([0.810547, 0.810547]);
    expect(instance.sliceThickness).toBe(1);
    expect(instance.imageOrientation).toEqual([1, 0, 0, 0, 1, 0]);
    // The first frame's position, from the per-frame groups.
    expect(instance.imagePosition).toEqual([-235.2, -226.8, -128.69]);
  });

  it('reads the window of the per-frame groups when the top level has none', () => {
    const { instance } = readRecord(
      'edge/EnhancedMR_8frames_signed_implicit.dcm',
    );
    expect(instance.windowCenter).toBe(63);
    expect(instance.windowWidth).toBe(75);
  });

  it('keeps the values of the file as found', () => {
    const record = readRecord('cardiac/sunnybrook_SCD0000101_cinesax/1.dcm');
    expect(record.study.studyDate).toBe('20120000');
    expect(record.patient.birthDate).toBe('00000000');
    expect(record.study.studyUid).toBe(
      '2.16.124.113543.6006.99.08980635789900778171',
    );
    expect(record.derivedUids).toEqual([]);
  });

  it('derives missing Study and Series UIDs and says so', () => {
    const record = readRecord('edge/JPEGLS_signed_15bit.dcm');
    expect(record.derivedUids).toEqual([
      'StudyInstanceUID',
      'SeriesInstanceUID',
    ]);
    expect(record.study.studyUid).toBe(
      deriveUid('study', record.instance.sopInstanceUid),
    );
  });
});

describe('deriveUid', () => {
  it('makes the same valid UID every time for the same object', () => {
    const uid = deriveUid('study', '1.2.3');
    expect(uid).toBe(deriveUid('study', '1.2.3'));
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(deriveUid('series', '1.2.3')).not.toBe(uid);
  });
});
