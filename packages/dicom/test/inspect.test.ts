import { describe, expect, it } from 'vitest';

import {
  inspectPixelData,
  parseDicom,
  Tag,
  TransferSyntax,
} from '../src/index.js';
import { createImage, wordsOf } from './support/image.js';
import {
  writeDataset,
  writeEncapsulatedPixelData,
  writePart10,
} from './support/write-dicom.js';

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

  it('reports an image whose Rows and Columns promise pixels it lacks', () => {
    const ds = createImage({ rows: 1, columns: 1, bitsAllocated: 8 });
    expect(inspectPixelData(ds)).toEqual({
      ok: false,
      code: 'DCM_NO_PIXEL_DATA',
      message:
        'Rows and Columns (1x1) describe an image, but the object holds no Pixel Data',
    });
  });

  it('reports Pixel Data lost to a file cut inside its header as truncated', () => {
    const explicitLe = { explicit: true, littleEndian: true };
    const file = writePart10(
      TransferSyntax.ExplicitVRLittleEndian,
      writeDataset(
        [
          { tag: Tag.Rows, vr: 'US', value: [2] },
          { tag: Tag.Columns, vr: 'US', value: [2] },
          { tag: Tag.BitsAllocated, vr: 'US', value: [8] },
          { tag: Tag.PixelData, vr: 'OB', value: new Uint8Array(4) },
        ],
        explicitLe,
      ),
    );
    const ds = parseDicom(file.subarray(0, file.byteLength - 4 - 6));
    expect(inspectPixelData(ds)).toMatchObject({
      ok: false,
      code: 'DCM_PIXEL_DATA_TRUNCATED',
      message: expect.stringContaining(
        'The file ends inside the header of (7FE0,0010)',
      ),
    });
  });

  it('still calls an object without Rows, Columns or Pixel Data not an image', () => {
    const ds = parseDicom(
      writeDataset(
        [
          {
            tag: Tag.SOPClassUID,
            vr: 'UI',
            value: '1.2.840.10008.5.1.4.1.1.88.22',
          },
          { tag: Tag.Modality, vr: 'CS', value: 'SR' },
        ],
        { explicit: true, littleEndian: true },
      ),
    );
    expect(inspectPixelData(ds)).toMatchObject({
      ok: false,
      code: 'DCM_NO_PIXEL_DATA',
      message: expect.stringContaining('not an image'),
    });
  });
});
