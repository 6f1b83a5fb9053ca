import { dicomError } from '../errors.js';
import type { CodecOutput } from './codec-output.js';
import type { CodecRequest } from './codec-request.js';

/**
 * Decodes a DICOM RLE Lossless frame (PS3.5 Annex G): a 64-byte header of
 * segment offsets, then one PackBits segment per byte plane, most
 * significant byte first, sample after sample. Output is interleaved.
 */
export function decodeRle(request: CodecRequest): CodecOutput {
  const { encoded, rows, columns, samplesPerPixel, bitsAllocated } = request;
  const bytesPerSample = bitsAllocated / 8;
  const pixels = rows * columns;
  const expectedSegments = samplesPerPixel * bytesPerSample;
  const offsets = readSegmentOffsets(encoded);

  if (offsets.length !== expectedSegments) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `The RLE frame has ${offsets.length} segments where ${expectedSegments} are needed`,
    );
  }

  const planes = offsets.map((start, index) => {
    const end = offsets[index + 1] ?? encoded.byteLength;
    return unpackSegment(encoded.subarray(start, end), pixels);
  });
  return {
    samples: combinePlanes(planes, pixels, samplesPerPixel, bytesPerSample),
    width: columns,
    height: rows,
    components: samplesPerPixel,
    convertedToRgb: false,
  };
}

function readSegmentOffsets(encoded: Uint8Array): number[] {
  if (encoded.byteLength < 64) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      'The RLE frame is shorter than its 64-byte header',
    );
  }
  const view = new DataView(encoded.buffer, encoded.byteOffset, 64);
  const count = view.getUint32(0, true);
  if (count < 1 || count > 15) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `The RLE header names ${count} segments`,
    );
  }

  const offsets: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const offset = view.getUint32(4 + index * 4, true);
    if (
      offset < 64 ||
      offset > encoded.byteLength ||
      (index > 0 && offset < (offsets[index - 1] ?? 0))
    ) {
      throw dicomError(
        'DCM_DECODE_FAILED',
        `RLE segment ${index + 1} starts at an impossible offset ${offset}`,
      );
    }
    offsets.push(offset);
  }
  return offsets;
}

/** Expands one PackBits segment into exactly `length` bytes. */
function unpackSegment(segment: Uint8Array, length: number): Uint8Array {
  const plane = new Uint8Array(length);
  let read = 0;
  let written = 0;

  while (written < length && read < segment.byteLength) {
    const header = segment[read] ?? 0;
    read += 1;
    if (header < 128) {
      const count = Math.min(
        header + 1,
        length - written,
        segment.byteLength - read,
      );
      plane.set(segment.subarray(read, read + count), written);
      read += header + 1;
      written += count;
    } else if (header > 128) {
      const count = Math.min(257 - header, length - written);
      plane.fill(segment[read] ?? 0, written, written + count);
      read += 1;
      written += count;
    }
    // 128 (-128 as a signed byte) is a no-op by definition.
  }

  if (written < length) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `An RLE segment ends after ${written} of ${length} bytes`,
    );
  }
  return plane;
}

function combinePlanes(
  planes: Uint8Array[],
  pixels: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array | Uint16Array | Uint32Array {
  const length = pixels * samplesPerPixel;
  const samples =
    bytesPerSample === 1
      ? new Uint8Array(length)
      : bytesPerSample === 2
        ? new Uint16Array(length)
        : new Uint32Array(length);

  for (let sample = 0; sample < samplesPerPixel; sample += 1) {
    if (bytesPerSample <= 2) {
      copyPlanes(
        samples,
        planes,
        sample,
        samplesPerPixel,
        bytesPerSample,
        pixels,
      );
      continue;
    }
    const bytePlanes = planes.slice(
      sample * bytesPerSample,
      (sample + 1) * bytesPerSample,
    );
    for (let index = 0; index < pixels; index += 1) {
      let value = 0;
      for (const plane of bytePlanes) value = value * 256 + (plane[index] ?? 0);
      samples[index * samplesPerPixel + sample] = value;
    }
  }
  return samples;
}

/** The common 8- and 16-bit cases without the general byte loop. */
function copyPlanes(
  samples: Uint8Array | Uint16Array | Uint32Array,
  planes: Uint8Array[],
  sample: number,
  samplesPerPixel: number,
  bytesPerSample: number,
  pixels: number,
): void {
  const high = planes[sample * bytesPerSample] ?? new Uint8Array(pixels);
  const low = bytesPerSample === 2 ? planes[sample * 2 + 1] : undefined;
  for (
    let index = 0, out = sample;
    index < pixels;
    index += 1, out += samplesPerPixel
  ) {
    samples[out] = low
      ? ((high[index] ?? 0) << 8) | (low[index] ?? 0)
      : (high[index] ?? 0);
  }
}
