import { describe, expect, it } from 'vitest';
import {
  clampFps,
  DEFAULT_CINE_FPS,
  flatIndexOf,
  flattenFrames,
  frameAt,
  goToSlice,
  moveSlice,
  orientSeries,
  positionOfFlatIndex,
  prefetchOrder,
  seriesCineFps,
  stepPhase,
  toServiceSlice,
} from '../src/lib/viewer/frame-stack.js';
import { makeCineSeries } from './app-series-fixture.js';

describe('scrolling through slices', () => {
  const series = makeCineSeries(12, 20);

  it('keeps the phase when the slice changes', () => {
    expect(moveSlice(series, { slice: 3, phase: 7 }, 1)).toEqual({
      slice: 4,
      phase: 7,
    });
    expect(moveSlice(series, { slice: 3, phase: 7 }, -2)).toEqual({
      slice: 1,
      phase: 7,
    });
  });

  it('stops at the first and last slice', () => {
    expect(moveSlice(series, { slice: 0, phase: 2 }, -1)).toEqual({
      slice: 0,
      phase: 2,
    });
    expect(moveSlice(series, { slice: 11, phase: 2 }, 5)).toEqual({
      slice: 11,
      phase: 2,
    });
  });

  it('shows the last phase of a slice that has fewer phases', () => {
    const ragged = makeCineSeries(3, 20);
    ragged.slices[2]!.phases.splice(10);
    expect(goToSlice(ragged, { slice: 0, phase: 15 }, 2)).toEqual({
      slice: 2,
      phase: 9,
    });
  });
});

describe('cine through phases', () => {
  const series = makeCineSeries(12, 20);

  it('steps the phase of the current slice and wraps round', () => {
    expect(stepPhase(series, { slice: 5, phase: 18 }, 1)).toEqual({
      slice: 5,
      phase: 19,
    });
    expect(stepPhase(series, { slice: 5, phase: 19 }, 1)).toEqual({
      slice: 5,
      phase: 0,
    });
    expect(stepPhase(series, { slice: 5, phase: 0 }, -1)).toEqual({
      slice: 5,
      phase: 19,
    });
    expect(stepPhase(series, { slice: 5, phase: 18 }, 3)).toEqual({
      slice: 5,
      phase: 1,
    });
  });

  it('does not move a still series', () => {
    const still = makeCineSeries(5, 1);
    expect(stepPhase(still, { slice: 2, phase: 0 }, 1)).toEqual({
      slice: 2,
      phase: 0,
    });
  });

  it('starts at the series own rate, within the control range', () => {
    expect(seriesCineFps(makeCineSeries(2, 20, { frameTimeMs: 37.5 }))).toBe(
      26.7,
    );
    expect(seriesCineFps(makeCineSeries(2, 20, { frameTimeMs: null }))).toBe(
      DEFAULT_CINE_FPS,
    );
    expect(seriesCineFps(makeCineSeries(2, 20, { frameTimeMs: 2 }))).toBe(120);
    expect(clampFps(Number.NaN)).toBe(DEFAULT_CINE_FPS);
    expect(clampFps(0.2)).toBe(1);
  });
});

describe('one index for slice and phase', () => {
  const series = makeCineSeries(4, 3);

  it('orders frames slice by slice', () => {
    const frames = flattenFrames(series);
    expect(frames).toHaveLength(12);
    expect(frames[4]).toBe(frameAt(series, { slice: 1, phase: 1 }));
  });

  it('maps positions to indexes and back', () => {
    for (let index = 0; index < 12; index++) {
      expect(flatIndexOf(series, positionOfFlatIndex(series, index))).toBe(
        index,
      );
    }
    expect(positionOfFlatIndex(series, 99)).toEqual({ slice: 3, phase: 2 });
  });
});

describe('prefetching', () => {
  it('fetches the other phases of this slice first, then the same phase nearby', () => {
    const series = makeCineSeries(5, 3);
    expect(prefetchOrder(series, { slice: 0, phase: 1 })).toEqual([
      { slice: 0, phase: 2 },
      { slice: 0, phase: 0 },
      { slice: 1, phase: 1 },
      { slice: 2, phase: 1 },
    ]);
  });
});

describe('slice direction', () => {
  it('turns the slice axis so slice 1 holds the first acquired image', () => {
    const series = makeCineSeries(12, 20, { firstAcquiredLast: true });
    const oriented = orientSeries(series);
    expect(oriented.reversed).toBe(true);
    expect(
      frameAt(oriented.series, { slice: 0, phase: 0 })?.instanceNumber,
    ).toBe(1);
    expect(toServiceSlice(oriented, 0)).toBe(11);
    expect(toServiceSlice(oriented, 11)).toBe(0);
  });

  it('keeps the order when slice 1 is already where acquisition began', () => {
    const series = makeCineSeries(12, 20);
    const oriented = orientSeries(series);
    expect(oriented.reversed).toBe(false);
    expect(oriented.series).toBe(series);
    expect(toServiceSlice(oriented, 3)).toBe(3);
  });

  it('keeps the order when instance numbers are unknown', () => {
    const series = makeCineSeries(3, 2, { firstAcquiredLast: true });
    for (const slice of series.slices) {
      for (const frame of slice.phases) delete frame.instanceNumber;
    }
    expect(orientSeries(series).reversed).toBe(false);
  });
});
