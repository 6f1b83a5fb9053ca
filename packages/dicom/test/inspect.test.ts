import { describe, expect, it } from 'vitest';

import { inspectPixelData, TransferSyntax } from '../src/index.js';
import { createImage, wordsOf } from './support/image.js';
import { writeEncapsulatedPixelData } from './support/write-dicom.js';

describe('inspectPixelData', () => {
  it('counts the frames of a well-formed image', () => {
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      frames: 3,
      pixelData: wordsOf(new Array(12).fill(7)),
    });
    expect(inspectPixelData(ds)).toEqual({ ok: true, frames: 3 });
  });

  it('reports short uncompressed pixel data with the byte counts', () => {
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      frames: 2,
      pixelData: wordsOf([1, 2, 3, 4, 5, 6]),
    });
    expect(inspectPixelData(ds)).toEqual({
      ok: false,
      code: 'DCM_PIXEL_DATA_TRUNCATED',
      message: 'Pixel data truncated: 12 of 16 bytes present',
    });
  });

  it('reports BitsStored larger than BitsAllocated as an unusable attribute', () => {
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      bitsStored: 20,
      pixelData: wordsOf([1, 2, 3, 4]),
    });
    expect(inspectPixelData(ds)).toMatchObject({
      ok: false,
      code: 'DCM_BAD_ATTRIBUTE',
      message: expect.stringContaining('BitsStored 20'),
    });
  });

  it('reports an unsupported transfer syntax and encapsulated data without fragments', () => {
    const mpeg = createImage({
      rows: 1,
      columns: 1,
      bitsAllocated: 8,
      transferSyntaxUid: '1.2.840.10008.1.2.4.100',
      encapsulated: writeEncapsulatedPixelData([], [Uint8Array.from([1, 2])]),
    });
    expect(inspectPixelData(mpeg)).toMatchObject({
      ok: false,
      code: 'DCM_UNSUPPORTED_TRANSFER_SYNTAX',
    });

    const empty = createImage({
      rows: 1,
      columns: 1,
      bitsAllocated: 8,
      transferSyntaxUid: TransferSyntax.RLELossless,
      encapsulated: writeEncapsulatedPixelData([], []),
    });
    expect(inspectPixelData(empty)).toMatchObject({
      ok: false,
      code: 'DCM_PIXEL_DATA_TRUNCATED',
    });
  });

  it('reports an object with no Pixel Data', () => {
    const ds = createImage({ rows: 1, columns: 1, bitsAllocated: 8 });
    expect(inspectPixelData(ds)).toMatchObject({
      ok: false,
      code: 'DCM_NO_PIXEL_DATA',
    });
  });
});
