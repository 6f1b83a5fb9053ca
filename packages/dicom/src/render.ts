import { renderColor, renderPalette } from './colour.js';
import type { DicomDataset } from './dataset.js';
import { decodeFrame, type DecodedFrame } from './decode.js';
import { dicomError } from './errors.js';
import { lookUp } from './lut.js';
import {
  createMinMaxTransform,
  createVoiLutTransform,
  createWindowTransform,
  type VoiTransform,
} from './voi.js';

/** How to render: an explicit window overrides the file's presets. */
export interface RenderOptions {
  readonly window?: { readonly center: number; readonly width: number };
  /**
   * VOI when no window is given: 'auto' follows the order above; 'min-max'
   * skips the file's windows and VOI LUT (like dcm2pnm +Wm).
   */
  readonly voi?: 'auto' | 'min-max';
}

/** 8-bit display values of one frame: grey (1 channel) or RGB (3). */
export interface RenderedFrame {
  readonly rows: number;
  readonly columns: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/** The largest stored-value range rendered through a lookup table. */
const MAX_TABLE_ENTRIES = 1 << 16;

/**
 * Renders a frame to 8-bit display values in the standard order: modality
 * LUT or rescale, then VOI (the given window, else the first window of the
 * frame with per-frame functional groups first, else the VOI LUT, else the
 * frame's min-max), then MONOCHROME1 inversion, then overlays burnt in.
 * Colour frames render to RGB. A decoded frame is rendered as it is;
 * `frameIndex` (0-based) picks the frame of a data set.
 */
export async function renderFrame(
  source: DicomDataset | DecodedFrame,
  frameIndex = 0,
  options: RenderOptions = {},
): Promise<RenderedFrame> {
  const frame = isDecodedFrame(source)
    ? source
    : await decodeFrame(source, frameIndex);
  const { rows, columns } = frame;

  if (frame.colorSpace === 'PALETTE COLOR' && frame.palette) {
    return burnOverlays(frame, {
      rows,
      columns,
      channels: 3,
      data: renderPalette(frame),
    });
  }
  if (frame.samplesPerPixel === 3) {
    return burnOverlays(frame, {
      rows,
      columns,
      channels: 3,
      data: renderColor(frame),
    });
  }
  return burnOverlays(frame, {
    rows,
    columns,
    channels: 1,
    data: renderGrey(frame, options),
  });
}

function isDecodedFrame(
  source: DicomDataset | DecodedFrame,
): source is DecodedFrame {
  return 'pixels' in source;
}

/** The modality transform: Modality LUT when present, else rescale. */
function createModalityTransform(
  frame: DecodedFrame,
): (stored: number) => number {
  const lut = frame.modalityLut;
  if (lut) return (stored) => lookUp(lut, stored);
  const { rescaleSlope: slope, rescaleIntercept: intercept } = frame;
  return (stored) => stored * slope + intercept;
}

function chooseVoi(
  frame: DecodedFrame,
  options: RenderOptions,
  modality: (v: number) => number,
): VoiTransform {
  if (options.window) {
    const { center, width } = options.window;
    if (!Number.isFinite(center) || !(width > 0)) {
      throw dicomError(
        'DCM_BAD_ARGUMENT',
        `Window ${center}/${width} is not valid: the width must be above 0`,
      );
    }
    return createWindowTransform(center, width, linearFor(frame));
  }

  const automatic = options.voi !== 'min-max';
  const first = automatic ? frame.windows[0] : undefined;
  if (first) {
    const kind =
      frame.voiFunction === 'LINEAR' ? linearFor(frame) : frame.voiFunction;
    return createWindowTransform(first.center, first.width, kind);
  }
  if (automatic && frame.voiLut) return createVoiLutTransform(frame.voiLut);

  const { min, max } = modalityRange(frame, modality);
  const integral =
    !frame.floatingPoint && Number.isInteger(min) && Number.isInteger(max);
  return createMinMaxTransform(min, max, integral);
}

/**
 * LINEAR's half-sample offsets assume integer values; real-valued (float)
 * pixel data gets the exact linear mapping instead.
 */
function linearFor(frame: DecodedFrame): 'LINEAR' | 'LINEAR_EXACT' {
  return frame.floatingPoint ? 'LINEAR_EXACT' : 'LINEAR';
}

/** Smallest and largest modality value of the frame's stored values. */
function modalityRange(
  frame: DecodedFrame,
  modality: (v: number) => number,
): { min: number; max: number } {
  if (!frame.modalityLut) {
    const a = modality(frame.min);
    const b = modality(frame.max);
    return { min: Math.min(a, b), max: Math.max(a, b) };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let value = frame.min; value <= frame.max; value += 1) {
    const mapped = modality(value);
    if (mapped < min) min = mapped;
    if (mapped > max) max = mapped;
  }
  return { min, max };
}

function renderGrey(frame: DecodedFrame, options: RenderOptions): Uint8Array {
  const modality = createModalityTransform(frame);
  const voi = chooseVoi(frame, options, modality);
  const invert = frame.colorSpace === 'MONOCHROME1';
  // Integer data truncate as dcmtk does; the small lift keeps exact results
  // (152.99999999 that should be 153) from losing a grey level. Real-valued
  // data have no such convention and round to the nearest level.
  const lift = frame.floatingPoint ? 0.5 : 1e-6;
  const display = (stored: number): number => {
    const level = voi(modality(stored));
    return Math.floor((invert ? 1 - level : level) * 255 + lift);
  };

  const { pixels, min, max } = frame;
  const output = new Uint8Array(frame.rows * frame.columns);
  const tabulate = !frame.floatingPoint && max - min < MAX_TABLE_ENTRIES;

  if (tabulate) {
    // One entry per stored value present, never per window step.
    const table = new Uint8Array(max - min + 1);
    for (let value = min; value <= max; value += 1)
      table[value - min] = display(value);
    for (let index = 0; index < output.length; index += 1) {
      output[index] = table[(pixels[index] ?? min) - min] ?? 0;
    }
    return output;
  }
  for (let index = 0; index < output.length; index += 1)
    output[index] = display(pixels[index] ?? 0);
  return output;
}

/**
 * Burns the frame's overlay planes into the image in white, as dcmtk shows
 * graphics overlays by default.
 */
function burnOverlays(
  frame: DecodedFrame,
  image: RenderedFrame,
): RenderedFrame {
  for (const plane of frame.overlays) {
    const [originRow, originColumn] = plane.origin;
    for (let row = 0; row < plane.rows; row += 1) {
      const y = row + originRow - 1;
      if (y < 0 || y >= image.rows) continue;
      for (let column = 0; column < plane.columns; column += 1) {
        const x = column + originColumn - 1;
        if (
          x < 0 ||
          x >= image.columns ||
          !plane.bits[row * plane.columns + column]
        )
          continue;
        const at = (y * image.columns + x) * image.channels;
        image.data.fill(255, at, at + image.channels);
      }
    }
  }
  return image;
}
