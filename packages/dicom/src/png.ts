import sharp from 'sharp';

import { dicomError } from './errors.js';
import type { RenderedFrame } from './render.js';

/** Encodes a rendered frame as an 8-bit grey or RGB PNG with sharp. */
export async function encodePng(rendered: RenderedFrame): Promise<Buffer> {
  try {
    return await sharp(rendered.data, {
      raw: {
        width: rendered.columns,
        height: rendered.rows,
        channels: rendered.channels,
      },
    })
      .png()
      .toBuffer();
  } catch (cause) {
    throw dicomError(
      'DCM_ENCODE_FAILED',
      `The PNG could not be encoded: ${(cause as Error).message}`,
    );
  }
}
