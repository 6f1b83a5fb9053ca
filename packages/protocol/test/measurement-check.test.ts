import { describe, expect, it } from 'vitest';
import {
  MeasurementInputError,
  readMeasurementList,
} from '../src/measurement-check.js';

const LENGTH = {
  id: 'a',
  kind: 'length',
  seriesUid: '1.2.3',
  sopInstanceUid: '1.2.3.4',
  frame: 1,
  points: [
    [0.5, 1],
    [10, 20.25],
  ],
  value: 19.7,
  unit: 'mm',
  label: 'Aortic root',
};

function refusal(value: unknown, maxUid = 64): string {
  try {
    readMeasurementList(value, 'list', maxUid);
  } catch (error) {
    expect(error).toBeInstanceOf(MeasurementInputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('a list of measurements', () => {
  it('is read as given, with a missing label made empty', () => {
    const { label: _label, ...unlabelled } = LENGTH;
    expect(
      readMeasurementList([LENGTH, { ...unlabelled, id: 'b' }], 'list', 64),
    ).toEqual([LENGTH, { ...LENGTH, id: 'b', label: '' }]);
  });

  it('keeps labels in any script but refuses control characters', () => {
    expect(
      readMeasurementList([{ ...LENGTH, label: 'Ø 左室' }], 'list', 64)[0]!
        .label,
    ).toBe('Ø 左室');
    expect(refusal([{ ...LENGTH, label: 'a\u0000b' }])).toBe(
      'list[0].label must be at most 64 characters without control or invisible characters',
    );
    for (const hidden of [
      '\u202e',
      '\u200b',
      '\u2028',
      '\ufeff',
      '\u034f',
      '\ufe0f',
      '\u3164',
      '\u2800',
      '\ud800',
    ]) {
      expect(refusal([{ ...LENGTH, label: `a${hidden}b` }])).toContain(
        'invisible characters',
      );
    }
  });

  it('holds UIDs to the length the caller allows', () => {
    const long = `1.${'2'.repeat(70)}`;
    expect(refusal([{ ...LENGTH, seriesUid: long }])).toBe(
      'list[0].seriesUid must be 1 to 64 printable characters (a UID)',
    );
    expect(
      readMeasurementList([{ ...LENGTH, seriesUid: long }], 'list', 256),
    ).toHaveLength(1);
  });

  it('names the first field at fault', () => {
    expect(refusal(null)).toBe('list must be a list');
    expect(refusal([{ ...LENGTH, frame: 1.5 }])).toBe(
      'list[0].frame must be a frame number from 1',
    );
    expect(refusal([{ ...LENGTH, unit: 'cm' }])).toBe(
      'list[0].unit must be one of mm, px',
    );
    expect(refusal([LENGTH, { ...LENGTH, value: Number.NaN, id: 'c' }])).toBe(
      'list[1].value must be a number from 0 to 1000000',
    );
    expect(refusal([{ ...LENGTH, value: 1e300 }])).toBe(
      'list[0].value must be a number from 0 to 1000000',
    );
  });
});
