import type { VoiFunction } from './frame-attributes.js';
import { lookUp, type Lut } from './lut.js';

/** Maps a modality value to a display value in 0..1. */
export type VoiTransform = (value: number) => number;

/**
 * The DICOM window functions (PS3.3 C.11.2.1.2), as dcmtk applies them.
 * LINEAR treats the window as centred between samples (c - 0.5) and
 * spanning width - 1; a width of 1 becomes a hard threshold.
 */
export function createWindowTransform(
  center: number,
  width: number,
  kind: VoiFunction,
): VoiTransform {
  if (kind === 'SIGMOID') {
    return (value) => 1 / (1 + Math.exp((-4 * (value - center)) / width));
  }
  if (kind === 'LINEAR_EXACT') {
    const lower = center - width / 2;
    const upper = center + width / 2;
    return (value) =>
      value <= lower ? 0 : value > upper ? 1 : (value - center) / width + 0.5;
  }

  const span = Math.max(width - 1, 0);
  const lower = center - 0.5 - span / 2;
  const upper = center - 0.5 + span / 2;
  return (value) => {
    if (value <= lower) return 0;
    if (value > upper) return 1;
    return (value - (center - 0.5)) / span + 0.5;
  };
}

/**
 * The window that maps the smallest value to black and the largest to
 * white, as dcmtk's min-max VOI (+Wm) computes it.
 */
export function createMinMaxTransform(
  min: number,
  max: number,
  integral: boolean,
): VoiTransform {
  if (integral)
    return createWindowTransform((min + max + 1) / 2, max - min + 1, 'LINEAR');
  const span = max - min;
  if (span <= 0) return () => 0;
  return (value) => Math.min(1, Math.max(0, (value - min) / span));
}

/** A VOI LUT scaled from its own output range to 0..1. */
export function createVoiLutTransform(lut: Lut): VoiTransform {
  const top = outputMaximum(lut);
  return (value) => lookUp(lut, value) / top;
}

/**
 * The largest output value a LUT's descriptor allows. Some writers declare
 * 16 bits for 8-bit data or the reverse, so the declared depth is widened
 * when the data exceed it.
 */
function outputMaximum(lut: Lut): number {
  let largest = 0;
  for (const entry of lut.data) if (entry > largest) largest = entry;
  let bits = lut.bits;
  while (bits < 16 && largest >= 2 ** bits) bits += 1;
  return 2 ** bits - 1;
}
