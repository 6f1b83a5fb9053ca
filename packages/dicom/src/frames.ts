import type { DicomDataset, DicomElement } from './dataset.js';
import { dicomError } from './errors.js';
import { Tag } from './tags.js';
import type { PixelEncoding } from './transfer-syntax.js';

/**
 * Returns the compressed bytes of one frame of encapsulated Pixel Data.
 * A single frame takes every fragment. Otherwise the Extended or Basic
 * Offset Table decides; without one, one fragment per frame; failing that,
 * fragments are grouped where a codec's start-of-stream marker begins one.
 */
export function extractEncapsulatedFrame(
  ds: DicomDataset,
  element: DicomElement,
  frameIndex: number,
  numberOfFrames: number,
  encoding: PixelEncoding,
): Uint8Array {
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) {
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      'Encapsulated Pixel Data holds no fragments',
    );
  }
  if (numberOfFrames === 1) return concatenate(fragments);

  const offsets = ds.numbers(Tag.ExtendedOffsetTable);
  const table =
    offsets.length === numberOfFrames ? offsets : (element.offsetTable ?? []);
  if (table.length === numberOfFrames)
    return sliceByOffsets(fragments, table, frameIndex);

  if (fragments.length === numberOfFrames)
    return fragments[frameIndex] ?? new Uint8Array(0);

  const groups = groupByStartMarker(fragments, encoding);
  if (groups.length === numberOfFrames)
    return concatenate(groups[frameIndex] ?? []);

  throw dicomError(
    'DCM_MALFORMED',
    `Cannot tell the ${numberOfFrames} frames apart among ${fragments.length} fragments without an offset table`,
  );
}

/** Offsets count from the first fragment's item tag, item headers included. */
function sliceByOffsets(
  fragments: Uint8Array[],
  table: number[],
  frameIndex: number,
): Uint8Array {
  const start = table[frameIndex] ?? 0;
  const end = table[frameIndex + 1] ?? Number.POSITIVE_INFINITY;
  const chosen: Uint8Array[] = [];
  let position = 0;

  for (const fragment of fragments) {
    if (position >= start && position < end) chosen.push(fragment);
    position += 8 + fragment.byteLength;
  }
  if (chosen.length === 0) {
    throw dicomError(
      'DCM_MALFORMED',
      `The offset table points frame ${frameIndex + 1} at no fragment`,
    );
  }
  return concatenate(chosen);
}

function groupByStartMarker(
  fragments: Uint8Array[],
  encoding: PixelEncoding,
): Uint8Array[][] {
  const startsFrame = (fragment: Uint8Array): boolean => {
    if (encoding === 'jpeg2000' || encoding === 'htj2k') {
      return (
        fragment[0] === 0xff &&
        fragment[1] === 0x4f &&
        fragment[2] === 0xff &&
        fragment[3] === 0x51
      );
    }
    if (encoding === 'rle') return false;
    return fragment[0] === 0xff && fragment[1] === 0xd8;
  };

  const groups: Uint8Array[][] = [];
  for (const fragment of fragments) {
    const current = groups.at(-1);
    if (!current || startsFrame(fragment)) groups.push([fragment]);
    else current.push(fragment);
  }
  return groups;
}

/** Joins fragments into one array (no copy when there is only one). */
export function concatenate(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
