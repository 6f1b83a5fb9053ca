import { describe, expect, it } from 'vitest';
import { computeCineAxes } from '../src/studies/cine-axes.js';
import type { InstanceDetail } from '../src/studies/study-types.js';

function makeInstance(
  uid: string,
  position: number[],
  triggerTime: number | null,
  overrides: Partial<InstanceDetail> = {},
): InstanceDetail {
  return {
    sopInstanceUid: uid,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    instanceNumber: null,
    rows: 4,
    columns: 4,
    frames: 1,
    bitsAllocated: 16,
    photometricInterpretation: 'MONOCHROME2',
    imagePosition: position,
    imageOrientation: [1, 0, 0, 0, 1, 0],
    sliceLocation: null,
    sliceThickness: null,
    triggerTime,
    cardiacNumberOfImages: null,
    frameTimeMs: null,
    pixelSpacing: [1, 1],
    windowCenter: null,
    windowWidth: null,
    rescaleSlope: null,
    rescaleIntercept: null,
    hasPixelData: true,
    pixelStatus: 'ok',
    pixelStatusReason: null,
    fileSize: 100,
    ...overrides,
  };
}

describe('computeCineAxes', () => {
  it('orders slices along the normal and phases by trigger time', () => {
    const instances = [
      makeInstance('z10-t2', [0, 0, 10], 200),
      makeInstance('z0-t2', [0, 0, 0], 200),
      makeInstance('z10-t1', [0, 0, 10], 100),
      makeInstance('z0-t1', [0, 0, 0], 100),
      makeInstance('z5-t1', [3, 3, 5], 90),
      makeInstance('z5-t2', [3, 3, 5], 180),
    ];
    const axes = computeCineAxes(instances);

    expect(axes?.sliceNormal).toEqual([0, 0, 1]);
    expect(axes?.slices.map((slice) => slice.position)).toEqual([0, 5, 10]);
    expect(
      axes?.slices.map((s) => s.phases.map((p) => p.sopInstanceUid)),
    ).toEqual([
      ['z0-t1', 'z0-t2'],
      ['z5-t1', 'z5-t2'],
      ['z10-t1', 'z10-t2'],
    ]);
    expect(axes?.phaseCount).toBe(2);
    expect(axes?.complete).toBe(true);
  });

  it('follows trigger time, not instance number, within a slice', () => {
    const axes = computeCineAxes([
      makeInstance('late', [0, 0, 0], 300, { instanceNumber: 1 }),
      makeInstance('early', [0, 0, 0], 100, { instanceNumber: 2 }),
      makeInstance('none', [0, 0, 0], null, { instanceNumber: 0 }),
    ]);
    expect(axes?.slices[0]?.phases.map((p) => p.sopInstanceUid)).toEqual([
      'early',
      'late',
      'none',
    ]);
  });

  it('uses the orientation, not the z coordinate, for an oblique stack', () => {
    // Rows along x, columns along z: the normal is -y, so the slice with
    // the larger y lies first.
    const orientation = { imageOrientation: [1, 0, 0, 0, 0, 1] };
    const instances = [
      makeInstance('y0-a', [0, 0, 9], 1, orientation),
      makeInstance('y0-b', [0, 0, 9], 2, orientation),
      makeInstance('y8-a', [0, 8, 0], 1, orientation),
      makeInstance('y8-b', [0, 8, 0], 2, orientation),
    ];
    const axes = computeCineAxes(instances);

    expect(axes?.sliceNormal.map((v) => v + 0)).toEqual([0, -1, 0]);
    expect(axes?.slices[0]?.phases[0]?.sopInstanceUid).toBe('y8-a');
    expect(axes?.slices[1]?.phases[0]?.sopInstanceUid).toBe('y0-a');
  });

  it('reports an incomplete stack when slices have different phase counts', () => {
    const axes = computeCineAxes([
      makeInstance('a1', [0, 0, 0], 1),
      makeInstance('a2', [0, 0, 0], 2),
      makeInstance('b1', [0, 0, 10], 1),
    ]);
    expect(axes?.phaseCount).toBe(2);
    expect(axes?.complete).toBe(false);
  });

  it('gives null for a plain stack with one image per slice', () => {
    const axes = computeCineAxes([
      makeInstance('a', [0, 0, 0], null),
      makeInstance('b', [0, 0, 10], null),
    ]);
    expect(axes).toBeNull();
  });

  it('gives null when the orientations differ (a localiser series)', () => {
    const axes = computeCineAxes([
      makeInstance('a', [0, 0, 0], 1),
      makeInstance('b', [0, 0, 0], 2, {
        imageOrientation: [0, 1, 0, 0, 0, 1],
      }),
    ]);
    expect(axes).toBeNull();
  });

  it('gives null when geometry is missing or images are multi-frame', () => {
    expect(
      computeCineAxes([
        makeInstance('a', [0, 0, 0], 1, { imagePosition: null }),
        makeInstance('b', [0, 0, 0], 2),
      ]),
    ).toBeNull();
    expect(
      computeCineAxes([
        makeInstance('a', [0, 0, 0], 1, { frames: 16 }),
        makeInstance('b', [0, 0, 0], 2),
      ]),
    ).toBeNull();
  });
});
