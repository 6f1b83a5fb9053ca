import { metaData, utilities, type Types } from '@cornerstonejs/core';
import { annotation as annotationApi } from '@cornerstonejs/tools';
import type { Measurement, PixelFrameMeta } from '@atrium/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describePlane,
  type SeriesFacts,
} from '../src/lib/viewer/image-plane.js';
import {
  deleteSelectedLengths,
  describeLengthText,
  drawLength,
  readDrawnLengths,
  removeLengths,
  watchLengthEdits,
} from '../src/lib/viewer/length-annotations.js';
import {
  measureLength,
  toDrawnLength,
  toMeasurement,
} from '../src/lib/viewer/measurement-convert.js';

// Cornerstone's annotation state and coordinate utilities, run in Node.
// addAnnotation tells an element from a frame-of-reference UID with
// `instanceof HTMLDivElement`, a browser class Node lacks.
(globalThis as { HTMLDivElement?: unknown }).HTMLDivElement ??= class {};

const SERIES: SeriesFacts = {
  seriesUid: '1.2.300',
  seriesNumber: 300,
  modality: 'MR',
  rows: 256,
  columns: 256,
  position: -42.5,
};
const SPACING: [number, number] = [1.367188, 1.367188];
const IMAGE_ID = 'atrium:1.2.300.7/0';
const OTHER_IMAGE_ID = 'atrium:1.2.300.8/0';
const FRAMES = new Set([IMAGE_ID, OTHER_IMAGE_ID]);

function facts(sopInstanceUid: string): PixelFrameMeta {
  return {
    studyUid: '1.2',
    seriesUid: SERIES.seriesUid,
    sopInstanceUid,
    frameIndex: 0,
    frames: 1,
    rows: 256,
    columns: 256,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 12,
    signed: false,
    pixelSpacing: SPACING,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windowPresets: [],
  };
}

function saved(overrides: Partial<Measurement> = {}): Measurement {
  return {
    id: '0b8e6a52-3d1f-4b7e-a0c4-5f2d9e8c7b61',
    kind: 'length',
    seriesUid: SERIES.seriesUid,
    sopInstanceUid: '1.2.300.7',
    frame: 1,
    points: [
      [100.5, 80.25],
      [130.5, 120.25],
    ],
    value: 68.36,
    unit: 'mm',
    label: '',
    ...overrides,
  };
}

beforeAll(() => {
  // The plane the viewer's own metadata provider gives these frames.
  metaData.addProvider((type: string, imageId: string) => {
    if (type !== 'imagePlaneModule' || !imageId.startsWith('atrium:')) {
      return undefined;
    }
    const sop = imageId.slice('atrium:'.length, imageId.indexOf('/'));
    return describePlane(SERIES, facts(sop));
  }, 20_000);
});

afterEach(() => removeLengths());

describe('lengths in Cornerstone annotation state', () => {
  it('reads a saved length drawn again as the same pixel points', () => {
    const measurement = saved();
    drawLength(toDrawnLength(measurement), 'atrium-1.2.300');

    const [drawn] = readDrawnLengths(FRAMES);

    expect(drawn?.id).toBe(measurement.id);
    expect(drawn?.imageId).toBe(IMAGE_ID);
    const place = {
      seriesUid: SERIES.seriesUid,
      sopInstanceUid: '1.2.300.7',
      frameIndex: 0,
    };
    expect(toMeasurement(drawn!, place, SPACING)).toEqual(measurement);
  });

  it('puts the centre of the first pixel at the image position, so points count from its top-left corner', () => {
    drawLength(
      {
        id: 'corner',
        imageId: IMAGE_ID,
        points: [
          [0.5, 0.5],
          [10.5, 0.5],
        ],
        label: '',
      },
      'atrium-1.2.300',
    );

    const annotation = annotationApi.state.getAnnotation('corner');
    const [start, end] = annotation!.data.handles!.points as Types.Point3[];

    expect(start).toEqual([0, 0, -42.5]);
    expect(end![0]).toBeCloseTo(10 * SPACING[1], 6);
    expect(end!.slice(1)).toEqual([0, -42.5]);
    // The distance in the world is the length in mm.
    const world = Math.hypot(end![0] - start![0], end![1] - start![1]);
    const points: [number, number][] = [
      [0.5, 0.5],
      [10.5, 0.5],
    ];
    expect(measureLength(points, SPACING).value).toBeCloseTo(world, 2);
    // And back: Cornerstone's own conversion gives the pixel point again.
    const image = utilities.worldToImageCoords(IMAGE_ID, end!);
    expect(image?.[0]).toBeCloseTo(10.5, 6);
    expect(image?.[1]).toBeCloseTo(0.5, 6);
  });

  it('reads only the lengths on the frames asked about, and keeps the label', () => {
    drawLength(
      toDrawnLength(saved({ id: 'here', label: 'LV' })),
      'atrium-1.2.300',
    );
    drawLength(
      toDrawnLength(saved({ id: 'elsewhere', sopInstanceUid: '9.9.9' })),
      'atrium-9.9',
    );

    const drawn = readDrawnLengths(FRAMES);

    expect(drawn.map((length) => [length.id, length.label])).toEqual([
      ['here', 'LV'],
    ]);
  });

  it('deletes the selected length and tells the watcher, leaving the others', () => {
    drawLength(toDrawnLength(saved({ id: 'keep' })), 'atrium-1.2.300');
    drawLength(
      toDrawnLength(saved({ id: 'drop', sopInstanceUid: '1.2.300.8' })),
      'atrium-1.2.300',
    );
    const edited: string[] = [];
    const stop = watchLengthEdits((a) => edited.push(a.annotationUID ?? ''));

    annotationApi.selection.setAnnotationSelected('drop', true);
    const deleted = deleteSelectedLengths();
    stop();

    expect(deleted).toBe(1);
    expect(edited).toEqual(['drop']);
    expect(readDrawnLengths(FRAMES).map((length) => length.id)).toEqual([
      'keep',
    ]);
  });

  it('removes only the lengths of the frames it is given', () => {
    drawLength(toDrawnLength(saved({ id: 'study' })), 'atrium-1.2.300');
    drawLength(
      toDrawnLength(saved({ id: 'other-study', sopInstanceUid: '9.9.9' })),
      'atrium-9.9',
    );

    removeLengths(FRAMES);

    const left = annotationApi.state
      .getAllAnnotations()
      .map((a) => a.annotationUID);
    expect(left).toEqual(['other-study']);
  });
});

describe('the text beside a length', () => {
  const handles = {
    points: [
      [10, 20, -42.5],
      [13, 24, -42.5],
    ] as Types.Point3[],
  };

  it('gives the distance between the handles as they are now, in mm', () => {
    expect(describeLengthText({ handles, cachedStats: {} }, 'vp')).toEqual([
      '5.0 mm',
    ]);
  });

  it('says px on a frame Cornerstone measures in pixels, and shows a label first', () => {
    const data = {
      handles,
      label: 'LV',
      cachedStats: { vp: { length: 5, unit: 'px' } },
    };

    expect(describeLengthText(data, 'vp')).toEqual(['LV', '5.0 px']);
  });

  it('has no text while a handle is missing', () => {
    expect(describeLengthText({ handles: { points: [] } }, 'vp')).toEqual([]);
  });
});
