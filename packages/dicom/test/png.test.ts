import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { encodePng } from '../src/index.js';

describe('encodePng', () => {
  it('writes 8-bit grey and RGB PNGs that read back to the same values', async () => {
    const grey = Uint8Array.from([0, 64, 128, 255]);
    const greyPng = await encodePng({
      rows: 2,
      columns: 2,
      channels: 1,
      data: grey,
    });
    expect(await sharp(greyPng).metadata()).toMatchObject({
      format: 'png',
      channels: 1,
      depth: 'uchar',
    });
    const greyBack = await sharp(greyPng).toColourspace('b-w').raw().toBuffer();
    expect(Array.from(greyBack)).toEqual([0, 64, 128, 255]);

    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0]);
    const rgbPng = await encodePng({
      rows: 1,
      columns: 2,
      channels: 3,
      data: rgb,
    });
    expect((await sharp(rgbPng).metadata()).format).toBe('png');
    expect(Array.from(await sharp(rgbPng).raw().toBuffer())).toEqual(
      Array.from(rgb),
    );
  });

  it('fails with DCM_ENCODE_FAILED when the pixels do not fit the size', async () => {
    await expect(
      encodePng({
        rows: 10,
        columns: 10,
        channels: 1,
        data: new Uint8Array(3),
      }),
    ).rejects.toMatchObject({
      code: 'DCM_ENCODE_FAILED',
    });
  });
});
