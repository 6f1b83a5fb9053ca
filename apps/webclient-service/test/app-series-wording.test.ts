import type { WebSeries } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import {
  describeNoImage,
  describeSeriesSize,
  formatTimeCounter,
  timeStepOf,
} from '../src/lib/viewer/series-wording.js';
import { makeCineSeries } from './app-series-fixture.js';

function makeAngiogram(frames: number): WebSeries {
  const uid = '1.2.3.900.1';
  return {
    ...makeCineSeries(1, 1),
    modality: 'XA',
    seriesDescription: 'Coronary',
    slices: [
      {
        position: null,
        phases: Array.from({ length: frames }, (_, f) => ({
          sopInstanceUid: uid,
          frameIndex: f,
          triggerTime: null,
          instanceNumber: 1,
        })),
      },
    ],
    phaseCount: frames,
  };
}

function makeEmptySeries(modality: string, description = ''): WebSeries {
  return {
    ...makeCineSeries(1, 1),
    modality,
    seriesDescription: description,
    slices: [],
    phaseCount: 0,
  };
}

describe('series wording', () => {
  it('calls the steps of an angiogram run frames and of a gated cine phases', () => {
    const xa = makeAngiogram(96);
    expect(timeStepOf(xa)).toBe('frame');
    expect(formatTimeCounter(xa, 11, 96)).toBe('Frame 12/96');
    expect(describeSeriesSize(xa)).toBe('96 frames');

    const cine = makeCineSeries(12, 20);
    expect(timeStepOf(cine)).toBe('phase');
    expect(formatTimeCounter(cine, 2, 20)).toBe('Phase 3/20');
    expect(describeSeriesSize(cine)).toBe('12 slices × 20 phases');
    expect(describeSeriesSize(makeCineSeries(1, 30))).toBe(
      '1 slice × 30 phases',
    );
    expect(describeSeriesSize(makeCineSeries(40, 1))).toBe('40 slices');
  });

  it('says what a series without images holds', () => {
    expect(describeNoImage(makeEmptySeries('ECG', '12-lead ECG'))).toBe(
      'No image: ECG waveform (12-lead ECG). This viewer shows images only.',
    );
    expect(describeNoImage(makeEmptySeries('DOC'))).toMatch(
      /^No image: document \(PDF\)/,
    );
    expect(describeNoImage(makeEmptySeries('XYZ'))).toMatch(
      /^No image: XYZ objects/,
    );
    expect(describeSeriesSize(makeEmptySeries('SR'))).toBe('No image');
    expect(describeNoImage(makeCineSeries(2, 2))).toBeNull();
  });
});
