import type { DicomDataset } from './dataset.js';
import { isOverlayGroup } from './tags.js';

/** One 1-bit overlay plane (group 60xx) that applies to a frame. */
export interface OverlayPlane {
  /** The repeating group, 0x6000 to 0x601E. */
  readonly group: number;
  readonly rows: number;
  readonly columns: number;
  /** 1-based row and column of the overlay's top left pixel on the image. */
  readonly origin: [number, number];
  /** 'G' graphics or 'R' region of interest. */
  readonly type: string;
  /** One byte (0/1) per overlay pixel of this frame. */
  readonly bits: Uint8Array;
}

/**
 * The overlay planes with Overlay Data (60xx,3000) that apply to a frame.
 * A multi-frame overlay covers the frames from Image Frame Origin on; an
 * overlay without Number of Frames in Overlay covers every frame. Known
 * limitation: retired overlays kept in unused high bits of the pixel data
 * (no Overlay Data) are not shown.
 */
export function readOverlays(
  ds: DicomDataset,
  frameIndex: number,
): OverlayPlane[] {
  const planes: OverlayPlane[] = [];
  for (const tag of ds.tags()) {
    if (!tag.endsWith('3000') || !isOverlayGroup(tag)) continue;
    const plane = readOverlay(ds, tag.slice(1, 5), frameIndex);
    if (plane) planes.push(plane);
  }
  return planes;
}

function readOverlay(
  ds: DicomDataset,
  groupHex: string,
  frameIndex: number,
): OverlayPlane | undefined {
  const at = (element: string) => `x${groupHex}${element}`;
  const rows = ds.number(at('0010'));
  const columns = ds.number(at('0011'));
  const data = ds.element(at('3000'))?.value;
  if (!rows || !columns || !data) return undefined;

  const framesInOverlay = ds.number(at('0015'));
  const firstFrame = (ds.number(at('0051')) ?? 1) - 1;
  let overlayFrame = 0;
  if (framesInOverlay !== undefined) {
    overlayFrame = frameIndex - firstFrame;
    if (overlayFrame < 0 || overlayFrame >= framesInOverlay) return undefined;
  }

  const [originRow = 1, originColumn = 1] = ds.numbers(at('0050'));
  const packed = ds.littleEndian ? data : swapWords(data);
  const count = rows * columns;
  const firstBit = overlayFrame * count;
  const bits = new Uint8Array(count);
  for (let index = 0; index < count; index += 1) {
    const bit = firstBit + index;
    bits[index] = ((packed[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }

  return {
    group: Number.parseInt(groupHex, 16),
    rows,
    columns,
    origin: [originRow, originColumn],
    type: ds.string(at('0040')) ?? 'G',
    bits,
  };
}

/** Overlay Data is OW: in big-endian files each 16-bit word is swapped. */
function swapWords(data: Uint8Array): Uint8Array {
  const swapped = new Uint8Array(data.byteLength);
  for (let offset = 0; offset + 1 < data.byteLength; offset += 2) {
    swapped[offset] = data[offset + 1] ?? 0;
    swapped[offset + 1] = data[offset] ?? 0;
  }
  return swapped;
}
