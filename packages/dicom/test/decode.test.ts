import { readFileSync } from 'node:fs';

import { testdataPath } from '@atrium/testdata';
import { describe, expect, it, vi } from 'vitest';

import {
  codecLoadTimes,
  decodeFrame,
  parseDicom,
  TransferSyntax,
} from '../src/index.js';
import { createImage, wordsOf } from './support/image.js';

function load(path: string) {
  return parseDicom(readFileSync(testdataPath(path)));
}

describe('decodeFrame', () => {
  it('loads no codec for uncompressed data, and only the one a file needs', async () => {
    await decodeFrame(
      load('ts/CT_ExplicitVRLittleEndian_1.2.840.10008.1.2.1.dcm'),
      0,
    );
    expect([...codecLoadTimes().keys()]).toEqual([]);

    await decodeFrame(
      load('ts/CT_JPEGLSLossless_1.2.840.10008.1.2.4.80.dcm'),
      0,
    );
    expect([...codecLoadTimes().keys()]).toEqual(['charls']);
  });

  it('keeps OpenJPEG from printing while it decodes', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    await decodeFrame(load('edge/EnhancedMR_10frames_J2K.dcm'), 3);
    expect(write).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    write.mockRestore();
    log.mockRestore();
  });

  it('says honestly that JPEG YBR and JPEG 2000 ICT frames come out RGB', async () => {
    const jpeg = await decodeFrame(
      load('edge/TestPattern_JPEGBaseline_YBR_FULL_422.dcm'),
      0,
    );
    expect([jpeg.photometricInterpretation, jpeg.colorSpace]).toEqual([
      'YBR_FULL_422',
      'RGB',
    ]);
    const j2k = await decodeFrame(load('edge/US_J2K_YBR_ICT.dcm'), 0);
    expect([j2k.photometricInterpretation, j2k.colorSpace]).toEqual([
      'YBR_ICT',
      'RGB',
    ]);
  });

  it('re-applies the sign from BitsStored after the codec', async () => {
    const frame = await decodeFrame(load('edge/JPEGLS_signed_15bit.dcm'), 0);
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect([frame.min, frame.max]).toEqual([-16384, 16383]);
  });

  it('carries rescale, window and pixel spacing with the frame', async () => {
    const frame = await decodeFrame(
      load('ts/CT_JPEGBaseline8bit_1.2.840.10008.1.2.4.50.dcm'),
      0,
    );
    expect(frame.rescaleSlope).toBeCloseTo(32.1216, 6);
    expect(frame.rescaleIntercept).toBe(-4047);
    expect(frame.windows[0]).toMatchObject({ center: 40, width: 400 });
    expect(frame.pixelSpacing).toEqual([0.675781, 0.675781]);
  });

  it('fails with DCM_FRAME_OUT_OF_RANGE for a frame that does not exist', async () => {
    const ds = load('cardiac/MR-MONO2-8-16x-heart.dcm');
    await expect(decodeFrame(ds, 16)).rejects.toMatchObject({
      code: 'DCM_FRAME_OUT_OF_RANGE',
      message: expect.stringMatching(/16 frame/),
    });
    await expect(decodeFrame(ds, -1)).rejects.toMatchObject({
      code: 'DCM_FRAME_OUT_OF_RANGE',
    });
  });

  it('fails with DCM_UNSUPPORTED_TRANSFER_SYNTAX for a syntax it cannot read', async () => {
    const ds = createImage({
      rows: 1,
      columns: 1,
      bitsAllocated: 16,
      pixelData: wordsOf([1]),
      transferSyntaxUid: '1.2.840.10008.1.2.4.100',
    });
    await expect(decodeFrame(ds, 0)).rejects.toMatchObject({
      code: 'DCM_UNSUPPORTED_TRANSFER_SYNTAX',
      message: expect.stringContaining('1.2.840.10008.1.2.4.100'),
    });
  });

  it('fails with DCM_DECODE_FAILED, not a crash, for a corrupt compressed frame', async () => {
    const ds = createImage({
      rows: 8,
      columns: 8,
      bitsAllocated: 16,
      transferSyntaxUid: TransferSyntax.JPEGLSLossless,
      encapsulated: Uint8Array.from([
        ...[0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff],
        ...[0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0],
        ...[
          0xfe, 0xff, 0x00, 0xe0, 8, 0, 0, 0, 0xff, 0xd8, 0xff, 0xf7, 0, 1, 2,
          3,
        ],
        ...[0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0],
      ]),
    });
    await expect(decodeFrame(ds, 0)).rejects.toMatchObject({
      code: 'DCM_DECODE_FAILED',
    });
  });
});
