/**
 * Stepping through a series on its two axes: scrolling moves between slice
 * positions, cine plays the phases of the current slice, and the phase is
 * kept when the slice changes. The layout itself (slices along the slice
 * normal, phases in time order) comes from the service in WebSeries.
 */
import {
  numbersSlicesFromEnd,
  type FrameRef,
  type WebSeries,
} from '@atrium/protocol';

/** A place in a series; both indexes zero-based. */
export interface StackPosition {
  slice: number;
  phase: number;
}

/** Fallback cine rate when the series gives no timing at all. */
export const DEFAULT_CINE_FPS = 25;
/** Slowest and fastest cine rates the fps control accepts. */
export const MIN_CINE_FPS = 1;
export const MAX_CINE_FPS = 120;

/** The frame at a position, or null outside the series. */
export function frameAt(
  series: WebSeries,
  position: StackPosition,
): FrameRef | null {
  return series.slices[position.slice]?.phases[position.phase] ?? null;
}

/** Number of phases of one slice (0 outside the series). */
export function phasesOf(series: WebSeries, slice: number): number {
  return series.slices[slice]?.phases.length ?? 0;
}

/**
 * Moves by `delta` slices, stopping at either end. The phase is kept; a
 * slice with fewer phases shows its last one.
 */
export function moveSlice(
  series: WebSeries,
  position: StackPosition,
  delta: number,
): StackPosition {
  return goToSlice(series, position, position.slice + delta);
}

/** Goes to slice `slice` (clamped), keeping the phase where it can. */
export function goToSlice(
  series: WebSeries,
  position: StackPosition,
  slice: number,
): StackPosition {
  const last = Math.max(0, series.slices.length - 1);
  const target = Math.min(last, Math.max(0, Math.round(slice)));
  const phases = Math.max(1, phasesOf(series, target));
  return { slice: target, phase: Math.min(position.phase, phases - 1) };
}

/** Steps the phase of the current slice by `delta`, wrapping round. */
export function stepPhase(
  series: WebSeries,
  position: StackPosition,
  delta: number,
): StackPosition {
  const phases = phasesOf(series, position.slice);
  if (phases <= 1) return position;
  const phase = (((position.phase + delta) % phases) + phases) % phases;
  return { slice: position.slice, phase };
}

/**
 * Every frame of the series in slice-major order: the image ids handed to
 * a Cornerstone stack viewport, so one index addresses slice and phase.
 */
export function flattenFrames(series: WebSeries): FrameRef[] {
  return series.slices.flatMap((slice) => slice.phases);
}

/** The index of a position in flattenFrames' order. */
export function flatIndexOf(
  series: WebSeries,
  position: StackPosition,
): number {
  let index = 0;
  for (let s = 0; s < position.slice; s++) index += phasesOf(series, s);
  return index + position.phase;
}

/** The position of an index in flattenFrames' order. */
export function positionOfFlatIndex(
  series: WebSeries,
  flatIndex: number,
): StackPosition {
  let rest = Math.max(0, flatIndex);
  for (let slice = 0; slice < series.slices.length; slice++) {
    const phases = phasesOf(series, slice);
    if (rest < phases) return { slice, phase: rest };
    rest -= phases;
  }
  const last = Math.max(0, series.slices.length - 1);
  return { slice: last, phase: Math.max(0, phasesOf(series, last) - 1) };
}

/**
 * The cine rate to start with: the series' own time between phases when
 * the files give it, else DEFAULT_CINE_FPS; kept within the control's
 * range and rounded to a tenth.
 */
export function seriesCineFps(series: WebSeries): number {
  const frameTime = series.frameTimeMs;
  if (frameTime === null || !(frameTime > 0)) return DEFAULT_CINE_FPS;
  return clampFps(Math.round((1000 / frameTime) * 10) / 10);
}

/** Keeps a typed-in rate within what the cine loop can honour. */
export function clampFps(fps: number): number {
  if (!Number.isFinite(fps)) return DEFAULT_CINE_FPS;
  return Math.min(MAX_CINE_FPS, Math.max(MIN_CINE_FPS, fps));
}

/** The neighbouring positions worth fetching before the user asks. */
export function prefetchOrder(
  series: WebSeries,
  position: StackPosition,
  reach = 2,
): StackPosition[] {
  const out: StackPosition[] = [];
  const phases = phasesOf(series, position.slice);

  // The phases of this slice first: cine plays them next.
  for (let step = 1; step < phases; step++) {
    out.push({
      slice: position.slice,
      phase: (position.phase + step) % phases,
    });
  }
  for (let d = 1; d <= reach; d++) {
    for (const slice of [position.slice + d, position.slice - d]) {
      if (slice < 0 || slice >= series.slices.length) continue;
      out.push(goToSlice(series, position, slice));
    }
  }
  return out;
}

/** A series as the viewer lays it out, and whether its slices were turned. */
export interface OrientedSeries {
  series: WebSeries;
  /** Slice i of `series` is slice (count - 1 - i) of the service's. */
  reversed: boolean;
}

/**
 * Turns the slice axis, when needed, so slice 1 holds the series' first
 * acquired image (numbersSlicesFromEnd in @atrium/protocol, which the
 * report uses too).
 */
export function orientSeries(series: WebSeries): OrientedSeries {
  const numbers = series.slices.map((slice) =>
    slice.phases.map((frame) => frame.instanceNumber),
  );
  if (!numbersSlicesFromEnd(numbers)) return { series, reversed: false };
  return {
    series: { ...series, slices: [...series.slices].reverse() },
    reversed: true,
  };
}

/** The service's slice index of a slice the viewer shows. */
export function toServiceSlice(
  oriented: OrientedSeries,
  slice: number,
): number {
  if (!oriented.reversed) return slice;
  return oriented.series.slices.length - 1 - slice;
}
