/**
 * Turns a pixel frame from the worker (stored values plus their facts) into
 * the numbers a Cornerstone image needs. The stored values are rescaled to
 * modality values here, once, so window/level and measurements in the
 * browser work in real units (HU for CT). Pure: no DOM, no Cornerstone.
 */
import type { PixelFrameMeta, SampleArray } from '@atrium/protocol';

/** Typed arrays a Cornerstone stack viewport renders. */
export type ViewerScalars =
  Uint8Array | Int16Array | Uint16Array | Float32Array;

/** A pixel frame ready to become a Cornerstone image. */
export interface ViewerImageFields {
  /** Modality values (stored values after rescale), one per sample. */
  scalars: ViewerScalars;
  rows: number;
  columns: number;
  minPixelValue: number;
  maxPixelValue: number;
  /** The initial window, in modality units. */
  windowCentre: number;
  windowWidth: number;
  /** MONOCHROME1: high values are dark. */
  invert: boolean;
  color: boolean;
  numberOfComponents: number;
  rowPixelSpacing: number;
  columnPixelSpacing: number;
  /** Whether pixel spacing came from the file (else 1 mm is assumed). */
  hasPixelSpacing: boolean;
  /** The rescale already applied to `scalars`. */
  rescaleSlope: number;
  rescaleIntercept: number;
}

/** Converts one pixel frame; throws when its sizes do not agree. */
export function toViewerImageFields(
  meta: PixelFrameMeta,
  samples: SampleArray,
): ViewerImageFields {
  const components = Math.max(1, meta.samplesPerPixel);
  const expected = meta.rows * meta.columns * components;
  if (samples.length !== expected) {
    throw new Error(
      `frame ${meta.sopInstanceUid}#${meta.frameIndex}: expected ${expected} samples, got ${samples.length}`,
    );
  }

  const color = components === 3;
  const slope = color ? 1 : meta.rescaleSlope || 1;
  const intercept = color ? 0 : meta.rescaleIntercept || 0;
  const scalars = rescale(samples, slope, intercept);
  const { min, max } = findRange(scalars);
  const window = chooseWindow(meta, min, max);
  const [rowSpacing, columnSpacing] = meta.pixelSpacing ?? [1, 1];

  return {
    scalars,
    rows: meta.rows,
    columns: meta.columns,
    minPixelValue: min,
    maxPixelValue: max,
    windowCentre: window.centre,
    windowWidth: window.width,
    invert: meta.photometricInterpretation === 'MONOCHROME1',
    color,
    numberOfComponents: components,
    rowPixelSpacing: rowSpacing,
    columnPixelSpacing: columnSpacing,
    hasPixelSpacing: meta.pixelSpacing !== null,
    rescaleSlope: slope,
    rescaleIntercept: intercept,
  };
}

/**
 * The window a frame opens with: the file's first preset, else one that
 * spans the frame's own values (the same rule the worker renders by).
 */
export function chooseWindow(
  meta: Pick<PixelFrameMeta, 'windowPresets'>,
  min: number,
  max: number,
): { centre: number; width: number } {
  const preset = meta.windowPresets[0];
  if (preset && preset.width > 0) {
    return { centre: preset.centre, width: preset.width };
  }
  return { centre: (min + max) / 2, width: Math.max(1, max - min) };
}

// Integer rescales whose results fit 16 bits stay 16-bit (half the memory
// of float); anything else becomes float32. Identity rescales of a type
// Cornerstone renders are used as they arrived, without a copy.
function rescale(
  samples: SampleArray,
  slope: number,
  intercept: number,
): ViewerScalars {
  const identity = slope === 1 && intercept === 0;
  if (identity && isViewerScalars(samples)) return samples;

  const { min, max } = findRange(samples);
  const low = Math.min(min * slope, max * slope) + intercept;
  const high = Math.max(min * slope, max * slope) + intercept;
  const integral = Number.isInteger(slope) && Number.isInteger(intercept);
  const out = !integral
    ? new Float32Array(samples.length)
    : low >= -32768 && high <= 32767
      ? new Int16Array(samples.length)
      : low >= 0 && high <= 65535
        ? new Uint16Array(samples.length)
        : new Float32Array(samples.length);

  for (let i = 0; i < samples.length; i++) {
    out[i] = samples[i]! * slope + intercept;
  }
  return out;
}

function isViewerScalars(samples: SampleArray): samples is ViewerScalars {
  return (
    samples instanceof Uint8Array ||
    samples instanceof Int16Array ||
    samples instanceof Uint16Array ||
    samples instanceof Float32Array
  );
}

function findRange(values: ArrayLike<number>): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 0 };
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < values.length; i++) {
    const value = values[i]!;
    if (value < min) min = value;
    else if (value > max) max = value;
  }
  return { min, max };
}
