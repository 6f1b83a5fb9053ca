/**
 * Byte-level helpers shared by the two binary layouts (the Core Server's
 * binary-frame.ts and the web module's web-frame.ts): both carry samples in
 * little-endian order after a header padded to 8 bytes.
 */
import type { SampleArray, SampleType } from './binary-frame.js';

export const hostIsLittleEndian =
  new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Rounds a byte count up to the next multiple of 8. */
export function alignTo8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The name a code stands for in a table, or undefined when unknown. */
export function findCodeName<T extends Record<string, number>>(
  table: T,
  code: number,
): (keyof T & string) | undefined {
  return Object.entries(table).find(([, c]) => c === code)?.[0];
}

/** The samples' bytes in little-endian order (a copy only on big-endian hosts). */
export function toLittleEndianBytes(samples: SampleArray): Uint8Array {
  const bytes = new Uint8Array(
    samples.buffer,
    samples.byteOffset,
    samples.byteLength,
  );
  if (hostIsLittleEndian || samples.BYTES_PER_ELEMENT === 1) return bytes;
  return swapBytes(bytes, samples.BYTES_PER_ELEMENT);
}

/**
 * A typed array over little-endian sample bytes of `width` bytes each. A
 * typed array view needs an aligned offset, so a payload at an odd offset of
 * a larger buffer is copied once (as it is on a big-endian host, to swap).
 * Returns undefined when the payload is not whole samples.
 */
export function viewLittleEndianSamples(
  type: SampleType,
  width: number,
  payload: Uint8Array,
): SampleArray | undefined {
  if (payload.byteLength % width !== 0) return undefined;

  let bytes = payload;
  if (!hostIsLittleEndian && width > 1) bytes = swapBytes(payload, width);
  else if (payload.byteOffset % width !== 0) bytes = payload.slice();

  const { buffer, byteOffset, byteLength } = bytes;
  const count = byteLength / width;
  switch (type) {
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, count);
    case 'int8':
      return new Int8Array(buffer, byteOffset, count);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, count);
    case 'int16':
      return new Int16Array(buffer, byteOffset, count);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, count);
    case 'int32':
      return new Int32Array(buffer, byteOffset, count);
    case 'float32':
      return new Float32Array(buffer, byteOffset, count);
    case 'float64':
      return new Float64Array(buffer, byteOffset, count);
  }
}

function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j]!;
  }
  return out;
}
