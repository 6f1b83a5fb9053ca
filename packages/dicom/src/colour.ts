import type { DecodedFrame } from './decode.js';
import { lookUp, type Lut } from './lut.js';

/**
 * Turns a colour frame into 8-bit interleaved RGB: YBR_FULL and
 * YBR_PARTIAL converted with the ITU-R BT.601 matrices (full range and
 * studio range), samples above 8 bits scaled down.
 */
export function renderColor(frame: DecodedFrame): Uint8Array {
  const pixels = frame.rows * frame.columns;
  const source = frame.pixels;
  const rgb = new Uint8Array(pixels * 3);
  const scale = 255 / (2 ** Math.min(frame.bitsStored, 16) - 1);
  const sample = (index: number) => (source[index] ?? 0) * scale;

  for (let pixel = 0, offset = 0; pixel < pixels; pixel += 1, offset += 3) {
    const a = sample(offset);
    const b = sample(offset + 1);
    const c = sample(offset + 2);
    if (frame.colorSpace === 'YBR_FULL') {
      // Chroma centred on 127.5 and truncation, as dcmtk converts.
      rgb[offset] = clamp(a + 1.402 * (c - 127.5));
      rgb[offset + 1] = clamp(
        a - 0.34414 * (b - 127.5) - 0.71414 * (c - 127.5),
      );
      rgb[offset + 2] = clamp(a + 1.772 * (b - 127.5));
    } else if (frame.colorSpace === 'YBR_PARTIAL') {
      const y = 1.164383 * (a - 16);
      rgb[offset] = clamp(y + 1.596027 * (c - 128));
      rgb[offset + 1] = clamp(y - 0.391762 * (b - 128) - 0.812968 * (c - 128));
      rgb[offset + 2] = clamp(y + 2.017232 * (b - 128));
    } else {
      rgb[offset] = clamp(a);
      rgb[offset + 1] = clamp(b);
      rgb[offset + 2] = clamp(c);
    }
  }
  return rgb;
}

/**
 * Looks PALETTE COLOR indices up in the red, green and blue tables and
 * scales each table's entries from its own depth to 8 bits.
 */
export function renderPalette(frame: DecodedFrame): Uint8Array {
  const { palette } = frame;
  if (!palette) throw new Error('renderPalette needs a palette');
  const pixels = frame.rows * frame.columns;
  const rgb = new Uint8Array(pixels * 3);
  const channels = [palette.red, palette.green, palette.blue].map((lut) =>
    tabulate(lut, frame),
  );

  for (let pixel = 0; pixel < pixels; pixel += 1) {
    const index = (frame.pixels[pixel] ?? 0) - frame.min;
    rgb[pixel * 3] = channels[0]?.[index] ?? 0;
    rgb[pixel * 3 + 1] = channels[1]?.[index] ?? 0;
    rgb[pixel * 3 + 2] = channels[2]?.[index] ?? 0;
  }
  return rgb;
}

/** One 8-bit output per stored value from the frame's min to its max. */
function tabulate(lut: Lut, frame: DecodedFrame): Uint8Array {
  const largest = lut.data.reduce((top, entry) => Math.max(top, entry), 0);
  const bits = lut.bits > 8 || largest > 255 ? 16 : 8;
  const shift = bits - 8;
  const table = new Uint8Array(frame.max - frame.min + 1);
  for (let value = frame.min; value <= frame.max; value += 1) {
    table[value - frame.min] = lookUp(lut, value) >> shift;
  }
  return table;
}

function clamp(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.floor(value);
}
