/**
 * How the viewer names a series' steps and contents: "Phase" for the
 * cardiac phases of a gated cine, "Frame" for the frames of a run without
 * trigger times (an angiogram, an ultrasound loop), and what a series
 * without images holds. Pure.
 */
import type { WebSeries } from '@atrium/protocol';

/** What one step of a series' time axis is called. */
export type TimeStep = 'phase' | 'frame';

/**
 * Phase when any frame carries a trigger time (ECG-gated, so the steps
 * are cardiac phases), frame otherwise.
 */
export function timeStepOf(series: WebSeries): TimeStep {
  const gated = series.slices.some((slice) =>
    slice.phases.some((frame) => frame.triggerTime !== null),
  );
  return gated ? 'phase' : 'frame';
}

/** "Phase 3/20" or "Frame 12/96". */
export function formatTimeCounter(
  series: WebSeries,
  index: number,
  count: number,
): string {
  const word = timeStepOf(series) === 'phase' ? 'Phase' : 'Frame';
  return `${word} ${index + 1}/${count}`;
}

/**
 * The size line under a thumbnail: "12 slices × 20 phases", "96 frames",
 * "1 slice", or "No image" for a series without any.
 */
export function describeSeriesSize(series: WebSeries): string {
  const slices = series.slices.length;
  if (slices === 0) return 'No image';
  const steps = series.phaseCount;
  const step = timeStepOf(series);
  const stepText = `${steps} ${step}${steps === 1 ? '' : 's'}`;
  if (steps <= 1) return `${slices} ${slices === 1 ? 'slice' : 'slices'}`;
  if (slices === 1)
    return step === 'frame' ? stepText : `1 slice × ${stepText}`;
  return `${slices} slices × ${stepText}`;
}

const NON_IMAGE_CONTENTS: Readonly<Record<string, string>> = {
  ECG: 'ECG waveform',
  HD: 'haemodynamic waveform',
  EPS: 'electrophysiology waveform',
  AU: 'audio recording',
  SR: 'structured report',
  DOC: 'document (PDF)',
  KO: 'key image note',
  PR: 'presentation state',
  REG: 'registration',
  SEG: 'segmentation',
  RTSTRUCT: 'RT structure set',
};

/**
 * The message shown for a series with nothing to draw, e.g. "No image:
 * ECG waveform". Null for a series with images.
 */
export function describeNoImage(series: WebSeries): string | null {
  if (series.slices.length > 0) return null;
  const contents =
    NON_IMAGE_CONTENTS[series.modality.toUpperCase()] ??
    (series.modality ? `${series.modality} objects` : 'objects');
  const described = series.seriesDescription
    ? `${contents} (${series.seriesDescription})`
    : contents;
  return `No image: ${described}. This viewer shows images only.`;
}
