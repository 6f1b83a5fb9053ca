/**
 * Compares what a viewport draws with a reference rendering: the canvas is
 * read from the page (without the overlay, which is HTML above it), the
 * image is cut out where Cornerstone fits it (whole, centred, square
 * pixels), scaled back to the image's own size and compared pixel by pixel
 * in grey levels.
 */
import type { Page } from '@playwright/test';
import sharp from 'sharp';

/** How far the drawn image is from the reference, in grey levels (0–255). */
export interface ImageDifference {
  /** Mean absolute difference over all pixels. */
  mean: number;
  /** 99th percentile of the absolute differences. */
  p99: number;
}

/** The first viewport's canvas as PNG bytes. */
export async function readViewportCanvas(
  page: Page,
  index = 0,
): Promise<Buffer> {
  const dataUrl = await page.evaluate((i) => {
    const viewport = document.querySelectorAll('[data-testid="viewport"]')[i];
    const canvas = viewport?.querySelector('canvas');
    if (!canvas) throw new Error('the viewport has no canvas');
    return canvas.toDataURL('image/png');
  }, index);
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/**
 * Compares a canvas showing an image of `columns` × `rows` square pixels,
 * fitted whole into the canvas and centred, with a reference PNG of the
 * image's own size.
 */
export async function compareWithReference(
  canvasPng: Buffer,
  referencePath: string,
): Promise<ImageDifference> {
  const reference = sharp(referencePath).greyscale();
  const { width: columns = 0, height: rows = 0 } = await reference.metadata();
  const { width = 0, height = 0 } = await sharp(canvasPng).metadata();

  const scale = Math.min(width / columns, height / rows);
  const shownWidth = Math.round(columns * scale);
  const shownHeight = Math.round(rows * scale);
  const drawn = await sharp(canvasPng)
    .extract({
      left: Math.round((width - shownWidth) / 2),
      top: Math.round((height - shownHeight) / 2),
      width: shownWidth,
      height: shownHeight,
    })
    .greyscale()
    .resize(columns, rows, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  const expected = await reference.raw().toBuffer();

  const differences = new Uint8Array(drawn.length);
  let total = 0;
  for (let i = 0; i < drawn.length; i++) {
    differences[i] = Math.abs(drawn[i]! - expected[i]!);
    total += differences[i]!;
  }
  differences.sort();
  return {
    mean: total / drawn.length,
    p99: differences[Math.floor(differences.length * 0.99)]!,
  };
}
