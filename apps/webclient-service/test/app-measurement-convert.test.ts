import type { Measurement, WebStudy } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import {
  cleanLabel,
  hasExtent,
  indexStudyFrames,
  measureLength,
  toDrawnLength,
  toMeasurement,
  type DrawnLength,
} from '../src/lib/viewer/measurement-convert.js';

const CINE_PLACE = {
  seriesUid: '1.2.300',
  sopInstanceUid: '1.2.300.7',
  frameIndex: 0,
};

function saved(overrides: Partial<Measurement> = {}): Measurement {
  return {
    id: '6f1c2d8e-0b7a-4c55-9d0e-3a1b2c3d4e5f',
    kind: 'length',
    seriesUid: '1.2.300',
    sopInstanceUid: '1.2.300.7',
    frame: 1,
    points: [
      [100.5, 80.25],
      [130.5, 120.25],
    ],
    value: 68.36,
    unit: 'mm',
    label: 'LV diameter',
    ...overrides,
  };
}

describe('the frames of a study', () => {
  it('finds series, instance and frame of each image id, multi-frame included', () => {
    const study = {
      series: [
        {
          seriesUid: '1.2.300',
          slices: [
            {
              position: 0,
              phases: [
                { sopInstanceUid: '1.2.300.7', frameIndex: 0, triggerTime: 0 },
              ],
            },
          ],
        },
        {
          seriesUid: '1.2.400',
          slices: [
            {
              position: null,
              phases: [
                { sopInstanceUid: '1.2.400.1', frameIndex: 0, triggerTime: 0 },
                { sopInstanceUid: '1.2.400.1', frameIndex: 5, triggerTime: 9 },
              ],
            },
          ],
        },
      ],
    } as unknown as WebStudy;

    const frames = indexStudyFrames(study);

    expect(frames.size).toBe(3);
    expect(frames.get('atrium:1.2.300.7/0')).toEqual(CINE_PLACE);
    expect(frames.get('atrium:1.2.400.1/5')).toEqual({
      seriesUid: '1.2.400',
      sopInstanceUid: '1.2.400.1',
      frameIndex: 5,
    });
  });
});

describe('the length between two points', () => {
  it('is in mm, columns apart times the column spacing and rows apart times the row spacing', () => {
    // 3 columns at 1 mm and 2 rows at 2 mm: 3 mm across, 4 mm down.
    const points: [number, number][] = [
      [10, 10],
      [13, 12],
    ];

    expect(measureLength(points, [2, 1])).toEqual({ value: 5, unit: 'mm' });
    // The spacings the other way round give another length.
    expect(measureLength(points, [1, 2]).value).toBeCloseTo(6.32, 2);
  });

  it('is in pixels when the frame has no pixel spacing', () => {
    expect(
      measureLength(
        [
          [0, 0],
          [30, 40],
        ],
        null,
      ),
    ).toEqual({ value: 50, unit: 'px' });
  });

  it('is rounded to a hundredth', () => {
    const { value } = measureLength(
      [
        [0, 0],
        [1, 1],
      ],
      [1.3671875, 1.3671875],
    );

    expect(value).toBe(1.93);
  });
});

describe('a drawn length as a saved measurement', () => {
  const drawn: DrawnLength = {
    id: 'a-uid',
    imageId: 'atrium:1.2.300.7/0',
    points: [
      [100.123456, 80.5],
      [130.5, 120.9876543],
    ],
    label: ' septum\n',
  };

  it('names the frame from 1 and keeps the points to a thousandth of a pixel', () => {
    const measurement = toMeasurement(drawn, CINE_PLACE, [1.25, 1.25]);

    expect(measurement).toEqual({
      id: 'a-uid',
      kind: 'length',
      seriesUid: '1.2.300',
      sopInstanceUid: '1.2.300.7',
      frame: 1,
      points: [
        [100.123, 80.5],
        [130.5, 120.988],
      ],
      value: 63.27,
      unit: 'mm',
      label: 'septum',
    });
  });

  it('comes back as the same measurement after it is drawn again', () => {
    const measurement = saved();
    const again = toDrawnLength(measurement);

    expect(again.imageId).toBe('atrium:1.2.300.7/0');
    expect(toMeasurement(again, CINE_PLACE, [1.367188, 1.367188])).toEqual(
      measurement,
    );
  });

  it('draws a later frame of a multi-frame instance on that frame', () => {
    expect(toDrawnLength(saved({ frame: 12 })).imageId).toBe(
      'atrium:1.2.300.7/11',
    );
  });

  it('tells a stray click from a length', () => {
    expect(hasExtent(drawn)).toBe(true);
    expect(
      hasExtent({
        ...drawn,
        points: [
          [5, 5],
          [5, 5],
        ],
      }),
    ).toBe(false);
  });
});

describe('labels', () => {
  it('turns control characters into spaces and trims', () => {
    expect(cleanLabel('\tRV\u0007 base ')).toBe('RV  base');
    expect(cleanLabel('LV\u202e dia\u200bmeter')).toBe('LV  dia meter');
  });

  it('cuts at 64 UTF-16 units without splitting a character', () => {
    expect(cleanLabel('x'.repeat(80))).toHaveLength(64);
    expect(cleanLabel('𝔸'.repeat(40))).toBe('𝔸'.repeat(32));
  });

  it('gives anything but text as empty', () => {
    expect(cleanLabel(undefined)).toBe('');
    expect(cleanLabel(42)).toBe('');
  });
});
