import {
  AtriumError,
  MAX_MEASUREMENTS,
  type Measurement,
} from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import {
  readListMeasurements,
  readSaveMeasurements,
} from '../server/measurement-input.js';

function length(overrides: Record<string, unknown> = {}): Measurement {
  return {
    id: 'a1b2c3',
    kind: 'length',
    seriesUid: '1.2.3',
    sopInstanceUid: '1.2.3.4',
    frame: 1,
    points: [
      [10, 20],
      [40.5, 60.25],
    ],
    value: 68.1,
    unit: 'mm',
    label: 'LV',
    ...overrides,
  } as Measurement;
}

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(AtriumError);
    expect((error as AtriumError).code).toBe('WEB_BAD_REQUEST');
    return (error as AtriumError).message;
  }
  throw new Error('the input was taken');
}

describe('reading list-measurements', () => {
  it('takes a study UID', () => {
    expect(readListMeasurements({ studyUid: '1.2.3' })).toEqual({
      studyUid: '1.2.3',
    });
  });

  it('refuses a missing or overlong study UID', () => {
    expect(refusal(() => readListMeasurements(null))).toMatch(/studyUid/);
    expect(
      refusal(() => readListMeasurements({ studyUid: '1'.repeat(129) })),
    ).toMatch(/studyUid/);
  });
});

describe('reading save-measurements', () => {
  it('reads a well-formed save as it came', () => {
    const read = readSaveMeasurements({
      studyUid: '1.2',
      measurements: [length()],
    });

    expect(read).toEqual({ studyUid: '1.2', measurements: [length()] });
  });

  it('refuses a field it does not know, as the Core Server does', () => {
    expect(
      refusal(() =>
        readSaveMeasurements({
          studyUid: '1.2',
          measurements: [{ ...length(), extra: 'x' }],
        }),
      ),
    ).toMatch('measurements[0] has an unknown field extra');
  });

  it('takes an empty list, which deletes the saved set', () => {
    expect(readSaveMeasurements({ studyUid: '1.2', measurements: [] })).toEqual(
      { studyUid: '1.2', measurements: [] },
    );
  });

  it('gives a missing label as empty', () => {
    const { label: _label, ...unlabelled } = length();
    const read = readSaveMeasurements({
      studyUid: '1.2',
      measurements: [unlabelled],
    });

    expect(read.measurements[0]!.label).toBe('');
  });

  it('refuses more measurements than a study may hold', () => {
    const measurements = Array.from({ length: MAX_MEASUREMENTS + 1 }, (_, i) =>
      length({ id: `m${i}` }),
    );

    expect(
      refusal(() => readSaveMeasurements({ studyUid: '1.2', measurements })),
    ).toMatch(`at most ${MAX_MEASUREMENTS}`);
  });

  it('names the measurement and field at fault', () => {
    const save = (overrides: Record<string, unknown>) => () =>
      readSaveMeasurements({
        studyUid: '1.2',
        measurements: [length(), length({ id: 'second', ...overrides })],
      });

    expect(refusal(save({ points: [[1, 2]] }))).toMatch(
      'measurements[1].points',
    );
    expect(
      refusal(
        save({
          points: [
            [1, 2],
            [3, Infinity],
          ],
        }),
      ),
    ).toMatch('measurements[1].points');
    expect(
      refusal(
        save({
          points: [
            [1, 2],
            [3, 70_000],
          ],
        }),
      ),
    ).toMatch('measurements[1].points');
    expect(refusal(save({ frame: 0 }))).toMatch('measurements[1].frame');
    expect(refusal(save({ value: -1 }))).toMatch('measurements[1].value');
    expect(refusal(save({ unit: 'cm' }))).toMatch('measurements[1].unit');
    expect(refusal(save({ kind: 'angle' }))).toMatch('measurements[1].kind');
    expect(refusal(save({ label: 'x'.repeat(65) }))).toMatch(
      'measurements[1].label',
    );
    expect(refusal(save({ label: 'two\nlines' }))).toMatch(
      'measurements[1].label',
    );
    expect(refusal(save({ id: '' }))).toMatch('measurements[1].id');
    expect(refusal(save({ sopInstanceUid: 42 }))).toMatch(
      'measurements[1].sopInstanceUid',
    );
  });

  it('refuses an id used twice', () => {
    expect(
      refusal(() =>
        readSaveMeasurements({
          studyUid: '1.2',
          measurements: [length(), length()],
        }),
      ),
    ).toMatch('measurements[1].id is used twice');
  });

  it('refuses a body that is no save at all', () => {
    expect(refusal(() => readSaveMeasurements('save'))).toMatch(/studyUid/);
    expect(
      refusal(() =>
        readSaveMeasurements({ studyUid: '1.2', measurements: {} }),
      ),
    ).toMatch(/measurements must be a list/);
    expect(
      refusal(() =>
        readSaveMeasurements({ studyUid: '1.2', measurements: ['x'] }),
      ),
    ).toMatch(/measurements\[0\] must be an object/);
  });
});
