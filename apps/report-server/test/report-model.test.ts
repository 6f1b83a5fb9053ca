import { describe, expect, it } from 'vitest';
import type { Measurement, SeriesDetail, StudyDetail } from '@atrium/protocol';
import { buildReport, labelOf } from '../src/report-model.js';

function series(
  number: number | null,
  uid: string,
  extra: Partial<SeriesDetail> = {},
): SeriesDetail {
  return {
    seriesUid: uid,
    modality: 'MR',
    seriesNumber: number,
    seriesDescription: `desc ${uid}`,
    seriesDate: '',
    seriesTime: '',
    bodyPart: '',
    protocolName: '',
    manufacturer: '',
    modelName: '',
    institutionName: '',
    frameOfReferenceUid: '',
    instanceCount: 0,
    instances: [],
    cine: null,
    ...extra,
  };
}

function instance(uid: string, instanceNumber: number, frames = 1) {
  return {
    sopInstanceUid: uid,
    instanceNumber,
    frames,
  } as SeriesDetail['instances'][number];
}

const cine = series(5, 'cine', {
  cine: {
    sliceNormal: [0, 0, 1],
    phaseCount: 2,
    complete: true,
    slices: [
      {
        position: 0,
        imagePosition: [0, 0, 0],
        phases: [
          { sopInstanceUid: 'c-1-1', triggerTime: 0 },
          { sopInstanceUid: 'c-1-2', triggerTime: 40 },
        ],
      },
      {
        position: 8,
        imagePosition: [0, 0, 8],
        phases: [
          { sopInstanceUid: 'c-2-1', triggerTime: 0 },
          { sopInstanceUid: 'c-2-2', triggerTime: 40 },
        ],
      },
    ],
  },
});
const stack = series(2, 'stack', { instances: [instance('s-40', 40)] });
const angio = series(null, 'xa', { instances: [instance('xa-1', 1, 80)] });

const detail = {
  studyUid: '1.2',
  series: [cine, angio, stack],
} as unknown as StudyDetail;

function on(seriesUid: string, sopInstanceUid: string, frame = 1): Measurement {
  return {
    id: sopInstanceUid,
    kind: 'length',
    seriesUid,
    sopInstanceUid,
    frame,
    points: [
      [0, 0],
      [1, 1],
    ],
    value: 1,
    unit: 'mm',
    label: '',
  };
}

describe('a report', () => {
  it('orders series by number, numberless last', () => {
    const report = buildReport(
      detail,
      { measurements: [], savedAt: null },
      'u',
    );
    expect(report.series.map((s) => s.seriesUid)).toEqual([
      'stack',
      'cine',
      'xa',
    ]);
    expect(report.series[1]!.cine).toEqual({ slices: 2, phases: 2 });
  });

  it('places each measurement in the words of its series', () => {
    const report = buildReport(
      detail,
      {
        measurements: [
          on('cine', 'c-2-2'),
          on('stack', 's-40'),
          on('xa', 'xa-1', 17),
          on('gone', 'g-1', 3),
        ],
        savedAt: '2026-12-04T10:00:00.000Z',
      },
      'u',
    );
    expect(report.measurements.map((m) => [m.seriesLabel, m.position])).toEqual(
      [
        ['Series 5 · desc cine', 'Slice 2, phase 2'],
        ['Series 2 · desc stack', 'Image 40'],
        ['desc xa', 'Frame 17'],
        ['gone', 'Frame 3'],
      ],
    );
    expect(report.measurementsSavedAt).toBe('2026-12-04T10:00:00.000Z');
  });

  it('numbers slices as the viewer does, from the first acquired image', () => {
    const numbered = {
      ...cine,
      instances: [
        instance('c-1-1', 21),
        instance('c-1-2', 22),
        instance('c-2-1', 1),
        instance('c-2-2', 2),
      ],
    };
    const report = buildReport(
      { studyUid: '1.2', series: [numbered] } as unknown as StudyDetail,
      {
        measurements: [on('cine', 'c-2-2'), on('cine', 'c-1-1')],
        savedAt: null,
      },
      'u',
    );
    expect(report.measurements.map((m) => m.position)).toEqual([
      'Slice 1, phase 2',
      'Slice 2, phase 1',
    ]);
  });

  it('labels a series without number or description', () => {
    expect(labelOf({ seriesNumber: null, seriesDescription: '' })).toBe(
      'Series without number',
    );
  });
});
