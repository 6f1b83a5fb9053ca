import { describe, expect, it } from 'vitest';

import { decodeRle } from '../src/codecs/rle.js';

/** An RLE frame from already PackBits-encoded segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, index) => {
    view.setUint32(4 + index * 4, offset, true);
    offset += segment.length;
  });
  return Uint8Array.from([...header, ...segments.flat()]);
}

const request = {
  rows: 2,
  columns: 3,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  signed: false,
};

describe('decodeRle', () => {
  it('expands literal runs, repeat runs and skips the no-op byte', () => {
    // literal 2 bytes, no-op (128), repeat 7 four times (257 - 253 = 4)
    const output = decodeRle({
      ...request,
      encoded: rleFrame([[1, 5, 6, 128, 253, 7]]),
    });
    expect(Array.from(output.samples)).toEqual([5, 6, 7, 7, 7, 7]);
  });

  it('joins 16-bit samples from their high and low byte segments', () => {
    const output = decodeRle({
      ...request,
      rows: 1,
      columns: 2,
      bitsAllocated: 16,
      encoded: rleFrame([
        [1, 0x12, 0xff],
        [1, 0x34, 0x00],
      ]),
    });
    expect(output.samples).toBeInstanceOf(Uint16Array);
    expect(Array.from(output.samples)).toEqual([0x1234, 0xff00]);
  });

  it('interleaves the red, green and blue segments of a colour frame', () => {
    const output = decodeRle({
      ...request,
      rows: 1,
      columns: 2,
      samplesPerPixel: 3,
      encoded: rleFrame([
        [1, 1, 2],
        [1, 3, 4],
        [1, 5, 6],
      ]),
    });
    expect(Array.from(output.samples)).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('fails with DCM_DECODE_FAILED when segments are missing or short', () => {
    expect(() =>
      decodeRle({
        ...request,
        bitsAllocated: 16,
        encoded: rleFrame([[5, 1, 2, 3, 4, 5, 6]]),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'DCM_DECODE_FAILED',
        message: expect.stringMatching(/1 segments where 2/),
      }),
    );
    expect(() =>
      decodeRle({ ...request, encoded: rleFrame([[1, 5, 6]]) }),
    ).toThrow(
      expect.objectContaining({
        code: 'DCM_DECODE_FAILED',
        message: expect.stringMatching(/after 2 of 6 bytes/),
      }),
    );
  });
});
