import { describe, expect, it } from 'vitest';

import { decodeFrame, Tag } from '../src/index.js';
import { createImage, wordsOf } from './support/image.js';

describe('decoding uncompressed frames', () => {
  it('reads 1-bit frames as one LSB-first bit stream running across frames', async () => {
    // 3x3 frames: 9 bits each, so frame 2 starts at bit 1 of byte 1.
    const bits = [
      1, 0, 0, 0, 0, 0, 0, 1, 1, /* frame 2 */ 0, 1, 1, 0, 0, 0, 0, 0, 1,
    ];
    const packed = new Uint8Array(4);
    bits.forEach((bit, index) => {
      packed[index >> 3] = (packed[index >> 3] ?? 0) | (bit << (index & 7));
    });
    const ds = createImage({
      rows: 3,
      columns: 3,
      bitsAllocated: 1,
      frames: 2,
      pixelData: packed,
      pixelVr: 'OB',
    });

    const first = await decodeFrame(ds, 0);
    const second = await decodeFrame(ds, 1);
    expect(Array.from(first.pixels)).toEqual(bits.slice(0, 9));
    expect(Array.from(second.pixels)).toEqual(bits.slice(9));
    expect(first.pixels).toBeInstanceOf(Uint8Array);
  });

  it('interleaves planar colour (planar configuration 1)', async () => {
    const planar = Uint8Array.from([10, 11, 20, 21, 30, 31]);
    const ds = createImage({
      rows: 1,
      columns: 2,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      photometric: 'RGB',
      planarConfiguration: 1,
      pixelData: planar,
      pixelVr: 'OB',
    });
    const frame = await decodeFrame(ds, 0);
    expect(Array.from(frame.pixels)).toEqual([10, 20, 30, 11, 21, 31]);
    expect(frame.colorSpace).toBe('RGB');
  });

  it('upsamples uncompressed YBR_FULL_422 chroma and says the frame is YBR_FULL', async () => {
    const ds = createImage({
      rows: 1,
      columns: 4,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      photometric: 'YBR_FULL_422',
      pixelData: Uint8Array.from([100, 110, 60, 200, 120, 130, 70, 210]),
      pixelVr: 'OB',
    });
    const frame = await decodeFrame(ds, 0);
    expect(Array.from(frame.pixels)).toEqual([
      100, 60, 200, 110, 60, 200, 120, 70, 210, 130, 70, 210,
    ]);
    expect(frame.colorSpace).toBe('YBR_FULL');
  });

  it('swaps big-endian words and sign-extends from BitsStored', async () => {
    // 12 bits stored, signed: 0xFFF is -1, 0x800 is -2048; high bits are junk.
    const big = Uint8Array.from([
      0xff, 0xff, 0xf8, 0x00, 0x07, 0xff, 0x00, 0x05,
    ]);
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      bitsStored: 12,
      signed: true,
      pixelData: big,
      littleEndian: false,
    });
    const frame = await decodeFrame(ds, 0);
    expect(frame.pixels).toBeInstanceOf(Int16Array);
    expect(Array.from(frame.pixels)).toEqual([-1, -2048, 2047, 5]);
    expect([frame.min, frame.max]).toEqual([-2048, 2047]);
  });

  it('masks unsigned values to BitsStored', async () => {
    const ds = createImage({
      rows: 1,
      columns: 2,
      bitsAllocated: 16,
      bitsStored: 10,
      pixelData: wordsOf([0xf3ff, 0x0200]),
    });
    expect(Array.from((await decodeFrame(ds, 0)).pixels)).toEqual([
      0x3ff, 0x200,
    ]);
  });

  it('reads Float Pixel Data as real values without rescale', async () => {
    const floats = new Float32Array([0.25, -1.5, 3.75, 0]);
    const ds = createImage({
      rows: 2,
      columns: 2,
      bitsAllocated: 32,
      pixelData: new Uint8Array(floats.buffer),
      pixelTag: Tag.FloatPixelData,
      pixelVr: 'OF',
      extra: [
        { tag: Tag.RescaleIntercept, vr: 'DS', value: '100' },
        { tag: Tag.RescaleSlope, vr: 'DS', value: '2' },
      ],
    });
    const frame = await decodeFrame(ds, 0);
    expect(frame.pixels).toBeInstanceOf(Float32Array);
    expect(Array.from(frame.pixels)).toEqual([0.25, -1.5, 3.75, 0]);
    expect(frame.floatingPoint).toBe(true);
    expect([frame.rescaleSlope, frame.rescaleIntercept]).toEqual([1, 0]);
  });

  it('takes rescale as floating point and windows per frame from functional groups first', async () => {
    const ds = createImage({
      rows: 1,
      columns: 1,
      bitsAllocated: 16,
      frames: 2,
      pixelData: wordsOf([1, 2]),
      extra: [
        { tag: Tag.WindowCenter, vr: 'DS', value: '40' },
        { tag: Tag.WindowWidth, vr: 'DS', value: '400' },
        { tag: Tag.RescaleIntercept, vr: 'DS', value: '-1024.5' },
        { tag: Tag.RescaleSlope, vr: 'DS', value: '0.234542' },
        {
          tag: Tag.PerFrameFunctionalGroupsSequence,
          vr: 'SQ',
          items: [
            [],
            [
              {
                tag: Tag.FrameVOILUTSequence,
                vr: 'SQ',
                items: [
                  [
                    { tag: Tag.WindowCenter, vr: 'DS', value: '63\\10' },
                    { tag: Tag.WindowWidth, vr: 'DS', value: '79\\20' },
                  ],
                ],
              },
            ],
          ],
        },
      ],
    });
    const first = await decodeFrame(ds, 0);
    const second = await decodeFrame(ds, 1);
    expect(first.windows).toEqual([{ center: 40, width: 400 }]);
    expect(second.windows).toEqual([
      { center: 63, width: 79 },
      { center: 10, width: 20 },
    ]);
    expect([first.rescaleSlope, first.rescaleIntercept]).toEqual([
      0.234542, -1024.5,
    ]);
  });
});
