/** Byte-level facts of the DICOM encoding shared by the parser's parts. */

export const UNDEFINED_LENGTH = 0xffffffff;
export const ITEM = 'xfffee000';
export const ITEM_DELIMITER = 'xfffee00d';
export const SEQUENCE_DELIMITER = 'xfffee0dd';

/** How the elements of a data set are written. */
export interface Encoding {
  littleEndian: boolean;
  explicit: boolean;
}

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR. */
export const longVrs = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);

const knownVrs = new Set([
  ...longVrs,
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FL',
  'FD',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'SL',
  'SS',
  'ST',
  'TM',
  'UI',
  'UL',
  'US',
]);

/** Reads 16 bits; bytes past the end read as zero. */
export function readUint16(
  bytes: Uint8Array,
  offset: number,
  littleEndian: boolean,
): number {
  const a = bytes[offset] ?? 0;
  const b = bytes[offset + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

/** Reads 32 bits; bytes past the end read as zero. */
export function readUint32(
  bytes: Uint8Array,
  offset: number,
  littleEndian: boolean,
): number {
  const low = readUint16(bytes, offset, littleEndian);
  const high = readUint16(bytes, offset + 2, littleEndian);
  return littleEndian ? low + high * 0x10000 : low * 0x10000 + high;
}

/** Whether the two bytes at `offset` spell a VR the parser knows. */
export function isVrAt(bytes: Uint8Array, offset: number): boolean {
  const vr = String.fromCharCode(bytes[offset] ?? 0, bytes[offset + 1] ?? 0);
  return knownVrs.has(vr);
}

/** A tag key as people write it: `(7FE0,0010)`. */
export function showTag(tag: string): string {
  const hex = tag.slice(1).toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
