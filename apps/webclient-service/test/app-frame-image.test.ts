import type { PixelFrameMeta } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';
import {
  chooseWindow,
  toViewerImageFields,
} from '../src/lib/viewer/frame-image.js';

function meta(overrides: Partial<PixelFrameMeta> = {}): PixelFrameMeta {
  return {
    studyUid: '1.2',
    seriesUid: '1.2.3',
    sopInstanceUid: '1.2.3.4',
    frameIndex: 0,
    frames: 1,
    rows: 2,
    columns: 3,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16,
    bitsStored: 16,
    signed: true,
    pixelSpacing: [1.367188, 1.25],
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windowPresets: [{ centre: 622, width: 1244, explanation: '' }],
    ...overrides,
  };
}

describe('pixel frames as Cornerstone images', () => {
  it('uses the stored values as they came when no rescale applies', () => {
    const samples = new Int16Array([0, 10, 20, 30, 40, 1168]);
    const fields = toViewerImageFields(meta(), samples);
    expect(fields.scalars).toBe(samples);
    expect(fields).toMatchObject({
      minPixelValue: 0,
      maxPixelValue: 1168,
      windowCentre: 622,
      windowWidth: 1244,
      rowPixelSpacing: 1.367188,
      columnPixelSpacing: 1.25,
      hasPixelSpacing: true,
      invert: false,
      color: false,
    });
  });

  it('rescales CT stored values to Hounsfield units in 16 bits', () => {
    const samples = new Int16Array([-2000, 0, 1024, 2402, 5, 6]);
    const fields = toViewerImageFields(
      meta({ rescaleIntercept: -1024, windowPresets: [] }),
      samples,
    );
    expect(fields.scalars).toBeInstanceOf(Int16Array);
    expect(Array.from(fields.scalars)).toEqual([
      -3024, -1024, 0, 1378, -1019, -1018,
    ]);
    expect(fields.minPixelValue).toBe(-3024);
    expect(fields.maxPixelValue).toBe(1378);
  });

  it('rescales fractional slopes to float', () => {
    const samples = new Uint16Array([497, 2708, 1000, 1000, 1000, 1000]);
    const fields = toViewerImageFields(
      meta({ rescaleSlope: 2.0002442, rescaleIntercept: -4047, signed: false }),
      samples,
    );
    expect(fields.scalars).toBeInstanceOf(Float32Array);
    expect(fields.minPixelValue).toBeCloseTo(-3052.88, 1);
    expect(fields.maxPixelValue).toBeCloseTo(1369.66, 1);
  });

  it('turns sample types Cornerstone cannot draw into ones it can', () => {
    const small = toViewerImageFields(
      meta(),
      new Int32Array([1, 2, 3, 4, 5, 6]),
    );
    expect(small.scalars).toBeInstanceOf(Int16Array);
    const large = toViewerImageFields(
      meta(),
      new Int32Array([1, 2, 3, 4, 5, 1e6]),
    );
    expect(large.scalars).toBeInstanceOf(Float32Array);
    expect(large.maxPixelValue).toBe(1e6);
  });

  it('inverts MONOCHROME1 and keeps RGB as colour', () => {
    expect(
      toViewerImageFields(
        meta({ photometricInterpretation: 'MONOCHROME1' }),
        new Uint16Array(6),
      ).invert,
    ).toBe(true);
    const rgb = toViewerImageFields(
      meta({
        samplesPerPixel: 3,
        photometricInterpretation: 'RGB',
        rescaleIntercept: -1024,
      }),
      new Uint8Array(18),
    );
    expect(rgb).toMatchObject({
      color: true,
      numberOfComponents: 3,
      rescaleIntercept: 0,
    });
  });

  it('assumes 1 mm pixels when the file gives no spacing', () => {
    const fields = toViewerImageFields(
      meta({ pixelSpacing: null }),
      new Int16Array(6),
    );
    expect(fields).toMatchObject({
      rowPixelSpacing: 1,
      columnPixelSpacing: 1,
      hasPixelSpacing: false,
    });
  });

  it('refuses a frame whose size does not match its samples', () => {
    expect(() => toViewerImageFields(meta(), new Int16Array(5))).toThrow(
      /expected 6 samples/,
    );
  });
});

describe('the window a frame opens with', () => {
  it('is the first preset of the file', () => {
    expect(
      chooseWindow(
        {
          windowPresets: [
            { centre: 40, width: 400, explanation: 'SOFT' },
            { centre: 300, width: 1500, explanation: 'BONE' },
          ],
        },
        -1000,
        1000,
      ),
    ).toEqual({ centre: 40, width: 400 });
  });

  it('spans the frame values when the file has none', () => {
    expect(chooseWindow({ windowPresets: [] }, 100, 300)).toEqual({
      centre: 200,
      width: 200,
    });
    expect(chooseWindow({ windowPresets: [] }, 7, 7)).toEqual({
      centre: 7,
      width: 1,
    });
  });
});
