import sharp from 'sharp';

import { dicomError } from './errors.js';
import type { RenderedFrame } from './render.js';

/** Encodes a rendered frame as an 8-bit grey or RGB PNG with sharp. */
export async function encodePng(rendered: RenderedFrame): Promise<Buffer> {
  try {
    const image = sharp(rendered.data, {
      raw: {
        width: rendered.columns,
        height: rendered.rows,
        channels: rendered.channels,
      },
    });
    // Without this sharp widens one-channel input to an sRGB PNG.
    const coloured =
      rendered.channels === 1 ? image.toColourspace('b-w') : image;
    return await coloured.png().toBuffer();
  } catch (cause) {
    throw dicomError(
      'DCM_ENCODE_FAILED',
      `The PNG could not be encoded: ${(cause as Error).message}`,
    );
  }
}
