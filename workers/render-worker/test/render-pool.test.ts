import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTestdata, testdataPath } from '@atrium/testdata';
import { RenderPool } from '../src/render-pool.js';
import { SUNNYBROOK, readPixelFrame } from './file-frames.js';

// Every frame goes through the pool here, small or not.
const pool = new RenderPool({
  maxThreads: 1,
  idleTimeoutMs: 200,
  inlineMaxPixels: 0,
});
afterAll(() => pool.close());

async function greyOf(image: Uint8Array): Promise<Uint8Array> {
  const { data } = await sharp(image)
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

describe.runIf(hasTestdata())('the render pool', () => {
  it('renders a Sunnybrook frame like the reference rendering', async () => {
    const frame = await readPixelFrame(`${SUNNYBROOK}/1.dcm`);
    const out = await pool.render(
      { facts: frame.facts, samples: frame.samples, window: null },
      { format: 'png' },
    );
    const ours = await greyOf(out.image);
    const reference = await greyOf(
      await sharp(testdataPath(`${SUNNYBROOK}/1.ref.png`)).toBuffer(),
    );

    expect([out.width, out.height]).toEqual([256, 256]);
    expect(out.window).toEqual({ center: 622, width: 1244 });
    const worst = ours.reduce(
      (m, v, i) => Math.max(m, Math.abs(v - reference[i]!)),
      0,
    );
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('scales a thumbnail down to the longest side asked for', async () => {
    const frame = await readPixelFrame(`${SUNNYBROOK}/2.dcm`);
    const out = await pool.render(
      {
        facts: frame.facts,
        samples: frame.samples,
        window: { center: 300, width: 600 },
      },
      { format: 'webp', maxSize: 96, quality: 70 },
    );

    expect([out.width, out.height]).toEqual([96, 96]);
    expect(new TextDecoder().decode(out.image.subarray(8, 12))).toBe('WEBP');
    expect(out.window).toEqual({ center: 300, width: 600 });
  });

  it('lets its threads end when idle', async () => {
    const frame = await readPixelFrame(`${SUNNYBROOK}/3.dcm`);
    await pool.render(
      { facts: frame.facts, samples: frame.samples, window: null },
      { format: 'jpeg' },
    );
    expect(await pool.threadCount()).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await pool.threadCount()).toBe(0);
  });
});
