import { describe, expect, it } from 'vitest';
import type { WebSeries, WebStudy } from '@atrium/protocol';
import { planPrefetch } from '../src/prefetch-plan.js';

function cineStudy(slices: number, phases: number): WebStudy {
  const series: WebSeries = {
    seriesUid: 's',
    seriesNumber: 1,
    modality: 'MR',
    seriesDescription: '',
    rows: 256,
    columns: 256,
    phaseCount: phases,
    frameTimeMs: 40,
    undecodableCount: 0,
    slices: Array.from({ length: slices }, (_, s) => ({
      position: s * 10,
      phases: Array.from({ length: phases }, (_, p) => ({
        sopInstanceUid: `${s}.${p}`,
        frameIndex: 0,
        triggerTime: p * 40,
      })),
    })),
  };
  return { series: [series] } as WebStudy;
}

const viewport = (sliceIndex: number, phaseIndex: number) => ({
  seriesUid: 's',
  sliceIndex,
  phaseIndex,
  windowCentre: null,
  windowWidth: null,
});

describe('the prefetch plan', () => {
  it('interleaves the next phases with the neighbouring slices, then the other phases', () => {
    const plan = planPrefetch(
      cineStudy(12, 5),
      { studyUid: 'x', viewports: [viewport(5, 2)] },
      2,
    );

    expect(plan.map((r) => r.sopInstanceUid)).toEqual([
      '5.2',
      '5.3',
      '6.2',
      '4.2',
      '5.4',
      '7.2',
      '3.2',
      '5.0',
      '5.1',
    ]);
  });

  it('stops at the ends of the series', () => {
    const plan = planPrefetch(
      cineStudy(3, 1),
      { studyUid: 'x', viewports: [viewport(0, 0)] },
      2,
    );

    expect(plan.map((r) => r.sopInstanceUid)).toEqual(['0.0', '1.0', '2.0']);
  });

  it('plans nothing for a series the study does not have', () => {
    const state = {
      studyUid: 'x',
      viewports: [{ ...viewport(0, 0), seriesUid: 'other' }],
    };

    expect(planPrefetch(cineStudy(3, 3), state)).toEqual([]);
  });
});
