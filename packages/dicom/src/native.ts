import type { DicomDataset } from './dataset.js';
import { dicomError } from './errors.js';
import { createPixelArray, type PixelArray } from './pixel-array.js';
import { nativeFrameBytes, type PixelModule } from './pixel-module.js';

/**
 * Reads the stored values of one uncompressed frame in pydicom's layout:
 * 1-bit data unpacked to 0/1 bytes (frames follow each other bit by bit,
 * LSB first), big-endian words swapped, planar colour interleaved and
 * YBR_FULL_422 chroma upsampled to one Cb/Cr pair per pixel.
 */
export function extractNativeFrame(
  ds: DicomDataset,
  module: PixelModule,
  frameIndex: number,
): PixelArray {
  const { element, rows, columns } = module;
  const pixels = rows * columns;

  if (module.bitsAllocated === 1)
    return unpackBits(element.value, frameIndex * pixels, pixels);

  const frameBytes = nativeFrameBytes(module);
  const start = frameIndex * frameBytes;
  if (start + frameBytes > element.value.byteLength) {
    const present = Math.max(0, element.value.byteLength - start);
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      `Pixel data truncated: frame ${frameIndex + 1} needs ${frameBytes} bytes, ${present} present`,
    );
  }
  const bytes = element.value.slice(start, start + frameBytes);

  if (
    module.photometric === 'YBR_FULL_422' ||
    module.photometric === 'YBR_PARTIAL_422'
  ) {
    if (module.bitsAllocated !== 8) {
      throw dicomError(
        'DCM_UNSUPPORTED_PIXEL_FORMAT',
        `${module.photometric} with ${module.bitsAllocated} bits is not supported`,
      );
    }
    return upsampleChroma(bytes, rows, columns);
  }

  const samples = viewSamples(bytes, module, ds.littleEndian);
  if (module.samplesPerPixel > 1 && module.planarConfiguration === 1) {
    return interleave(samples, pixels, module.samplesPerPixel, module);
  }
  return samples;
}

function unpackBits(
  packed: Uint8Array,
  firstBit: number,
  count: number,
): Uint8Array {
  const lastByte = Math.floor((firstBit + count - 1) / 8);
  if (lastByte >= packed.byteLength) {
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      `Pixel data truncated: ${packed.byteLength} bytes present, ${lastByte + 1} needed`,
    );
  }
  const values = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) {
    const bit = firstBit + index;
    values[index] = ((packed[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }
  return values;
}

/** Views copied frame bytes as the array type of the attributes. */
function viewSamples(
  bytes: Uint8Array,
  module: PixelModule,
  littleEndian: boolean,
): PixelArray {
  const width =
    module.pixelKind === 'double'
      ? 8
      : module.pixelKind === 'float'
        ? 4
        : module.bitsAllocated / 8;
  if (!littleEndian && width > 1) swapBytes(bytes, width);

  const length = bytes.byteLength / width;
  const template = createPixelArray(
    module.bitsAllocated,
    module.signed,
    module.pixelKind,
    0,
  );
  const ArrayType = template.constructor as new (
    buffer: ArrayBuffer,
    offset: number,
    length: number,
  ) => PixelArray;
  return new ArrayType(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
}

/** Swaps each sample's bytes in place (Node's native swap). */
function swapBytes(bytes: Uint8Array, width: number): void {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 2) view.swap16();
  else if (width === 4) view.swap32();
  else if (width === 8) view.swap64();
}

function interleave(
  planar: PixelArray,
  pixels: number,
  components: number,
  module: PixelModule,
): PixelArray {
  const interleaved = createPixelArray(
    module.bitsAllocated,
    module.signed,
    module.pixelKind,
    pixels * components,
  );
  for (let component = 0; component < components; component += 1) {
    const plane = component * pixels;
    for (let index = 0; index < pixels; index += 1) {
      interleaved[index * components + component] = planar[plane + index] ?? 0;
    }
  }
  return interleaved;
}

/** Y1 Y2 Cb Cr for each pair of pixels becomes Y Cb Cr for each pixel. */
function upsampleChroma(
  bytes: Uint8Array,
  rows: number,
  columns: number,
): Uint8Array {
  const pixels = rows * columns;
  const full = new Uint8Array(pixels * 3);
  for (let pair = 0, source = 0; pair * 2 < pixels; pair += 1, source += 4) {
    const cb = bytes[source + 2] ?? 0;
    const cr = bytes[source + 3] ?? 0;
    const first = pair * 2 * 3;
    full[first] = bytes[source] ?? 0;
    full[first + 1] = cb;
    full[first + 2] = cr;
    if (pair * 2 + 1 < pixels) {
      full[first + 3] = bytes[source + 1] ?? 0;
      full[first + 4] = cb;
      full[first + 5] = cr;
    }
  }
  return full;
}
