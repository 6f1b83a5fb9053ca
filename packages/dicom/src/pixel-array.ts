/** Typed arrays a decoded frame's stored values come in (pydicom's dtypes). */
export type PixelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Creates the array type pydicom would use for these attributes. */
export function createPixelArray(
  bitsAllocated: number,
  signed: boolean,
  kind: 'integer' | 'float' | 'double',
  length: number,
): PixelArray {
  if (kind === 'float') return new Float32Array(length);
  if (kind === 'double') return new Float64Array(length);
  if (bitsAllocated <= 8)
    return signed ? new Int8Array(length) : new Uint8Array(length);
  if (bitsAllocated === 16)
    return signed ? new Int16Array(length) : new Uint16Array(length);
  return signed ? new Int32Array(length) : new Uint32Array(length);
}

/**
 * Copies integer samples into `target`, keeping only the low `bitsStored`
 * bits and sign-extending from bit `bitsStored - 1` when signed. Codecs and
 * files alike may leave other bits set above BitsStored.
 */
export function conformIntegers(
  source: ArrayLike<number>,
  target: PixelArray,
  bitsStored: number,
  signed: boolean,
): void {
  const length = Math.min(source.length, target.length);
  if (bitsStored >= 32) {
    for (let index = 0; index < length; index += 1)
      target[index] = source[index] ?? 0;
    return;
  }

  const range = 2 ** bitsStored;
  const mask = range - 1;
  const signBit = range / 2;
  if (bitsStored < 31) {
    const shift = 32 - bitsStored;
    for (let index = 0; index < length; index += 1) {
      const value = (source[index] ?? 0) & mask;
      target[index] = signed ? (value << shift) >> shift : value;
    }
    return;
  }
  for (let index = 0; index < length; index += 1) {
    const value = (((source[index] ?? 0) % range) + range) % range;
    target[index] = signed && value >= signBit ? value - range : value;
  }
}

/** Smallest and largest value of an array (NaN values are skipped). */
export function findRange(values: ArrayLike<number>): {
  min: number;
  max: number;
} {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? 0;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return { min: 0, max: 0 };
  return { min, max };
}
