import { describe, expect, it } from 'vitest';

import { readManifest } from '../src/index.js';

describe('readManifest', () => {
  const rows = readManifest();

  it('reads every single file and the whole Sunnybrook stack', () => {
    expect(rows.filter((row) => row.table === 'single')).toHaveLength(49);
    expect(rows.filter((row) => row.table === 'sunnybrook')).toHaveLength(240);
  });

  it('reads geometry, syntax, stored range and hash of a transfer-syntax row', () => {
    const row = rows.find(
      (r) => r.path === 'ts/CT_ExplicitVRBigEndian_1.2.840.10008.1.2.2.dcm',
    );
    expect(row).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.2',
      modality: 'CT',
      rows: 512,
      columns: 512,
      frames: 1,
      photometric: 'MONOCHROME2',
      bitsAllocated: 16,
      bitsStored: 16,
      signed: true,
      storedMin: -2000,
      storedMax: 2402,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      window: { center: 40, width: 400 },
      sha256: '1bee432808f49770',
      refPng: 'ts/CT_ExplicitVRBigEndian_1.2.840.10008.1.2.2.ref.png',
      referenceVoi: 'window',
      expected: 'decode',
    });
  });

  it('classifies damaged files as failures and pixel-less objects as no image', () => {
    const byPath = new Map(rows.map((row) => [row.path, row]));
    expect(byPath.get('edge/MR_missing_Rows.dcm')?.expected).toBe('fail');
    expect(byPath.get('edge/MR_truncated_pixeldata.dcm')?.expected).toBe(
      'fail',
    );
    expect(byPath.get('cardiac/waveform_ecg.dcm')?.expected).toBe('no-image');
    expect(byPath.get('edge/SR_test.dcm')?.expected).toBe('no-image');
    expect(byPath.get('edge/EncapsulatedPDF_generated.dcm')?.expected).toBe(
      'no-image',
    );
  });

  it('knows which syntax may be reported as unsupported and which files lack meta', () => {
    const retired = rows
      .filter((row) => row.unsupportedAllowed)
      .map((row) => row.path);
    expect(retired).toEqual([
      'ts/CT_JPEGFullProgression_retired_1.2.840.10008.1.2.4.55.dcm',
      'ts/CT_JPEGSpectralSelection_retired_1.2.840.10008.1.2.4.53.dcm',
    ]);
    const noMeta = rows.filter((row) => row.noMeta);
    expect(noMeta.map((row) => row.transferSyntaxUid)).toEqual([
      '1.2.840.10008.1.2',
      '1.2.840.10008.1.2',
    ]);
  });

  it('gives multi-frame files a last-frame reference and the VOI their reference used', () => {
    const heart = rows.find(
      (r) => r.path === 'cardiac/MR-MONO2-8-16x-heart.dcm',
    );
    expect(heart?.lastFrameRefPng).toBe(
      'cardiac/MR-MONO2-8-16x-heart.lastframe.ref.png',
    );
    expect(heart?.referenceVoi).toBe('min-max');
    const vlut = rows.find((r) => r.path === 'edge/VOI_LUT_sequence.dcm');
    expect(vlut?.referenceVoi).toBe('voi-lut');
  });

  it('reads each Sunnybrook file with its own window and hash', () => {
    const last = rows.at(-1);
    expect(last).toMatchObject({
      path: 'cardiac/sunnybrook_SCD0000101_cinesax/240.dcm',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      signed: true,
      storedMax: 713,
      window: { center: 356, width: 713 },
      sha256: '419c1423a1357996',
      refPng: 'cardiac/sunnybrook_SCD0000101_cinesax/240.ref.png',
    });
  });
});
