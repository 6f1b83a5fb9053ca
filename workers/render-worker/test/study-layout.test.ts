import { describe, expect, it } from 'vitest';
import type {
  CineAxes,
  InstanceDetail,
  SeriesDetail,
  StudyDetail,
} from '@atrium/protocol';
import { layOutStudy } from '../src/study-layout.js';

function instance(
  uid: string,
  extra: Partial<InstanceDetail> = {},
): InstanceDetail {
  return {
    sopInstanceUid: uid,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    instanceNumber: null,
    rows: 256,
    columns: 256,
    frames: 1,
    bitsAllocated: 16,
    photometricInterpretation: 'MONOCHROME2',
    imagePosition: null,
    imageOrientation: null,
    sliceLocation: null,
    sliceThickness: null,
    triggerTime: null,
    cardiacNumberOfImages: null,
    frameTimeMs: null,
    pixelSpacing: null,
    windowCenter: null,
    windowWidth: null,
    rescaleSlope: null,
    rescaleIntercept: null,
    hasPixelData: true,
    pixelStatus: 'ok',
    pixelStatusReason: null,
    fileSize: 0,
    ...extra,
  };
}

function study(
  instances: InstanceDetail[],
  cine: CineAxes | null = null,
): StudyDetail {
  const series: SeriesDetail = {
    seriesUid: '9.9',
    modality: 'MR',
    seriesNumber: 300,
    seriesDescription: 'cine',
    seriesDate: '',
    seriesTime: '',
    bodyPart: '',
    protocolName: '',
    manufacturer: '',
    modelName: '',
    institutionName: '',
    frameOfReferenceUid: '',
    instanceCount: instances.length,
    instances,
    cine,
  };
  return {
    studyUid: '9',
    patientName: 'Test^Phantom',
    patientId: 'P1',
    patientBirthDate: '',
    patientSex: '',
    studyId: '',
    accessionNumber: '',
    studyDate: '20240101',
    studyDateNormalised: '20240101',
    studyTime: '',
    studyDescription: '',
    referringPhysician: '',
    institutionName: '',
    modalities: ['MR'],
    seriesCount: 1,
    instanceCount: instances.length,
    sizeBytes: 0,
    importDate: '',
    lastWrite: '',
    lastRead: null,
    series: [series],
  };
}

describe('study layout', () => {
  it('keeps the cine axes of a stack: slices by position, phases by trigger time', () => {
    const cine: CineAxes = {
      sliceNormal: [0, 0, 1],
      phaseCount: 2,
      complete: true,
      slices: [
        {
          position: -5,
          imagePosition: [0, 0, -5],
          phases: [
            { sopInstanceUid: '1.1', triggerTime: 0 },
            { sopInstanceUid: '1.2', triggerTime: 40 },
          ],
        },
        {
          position: 5,
          imagePosition: [0, 0, 5],
          phases: [
            { sopInstanceUid: '2.1', triggerTime: 0 },
            { sopInstanceUid: '2.2', triggerTime: 40 },
          ],
        },
      ],
    };
    const images = ['1.1', '1.2', '2.1', '2.2'].map((uid, i) =>
      instance(uid, { instanceNumber: i + 1 }),
    );
    const [series] = layOutStudy(study(images, cine)).series;

    expect(series!.slices.map((s) => s.position)).toEqual([-5, 5]);
    expect(series!.slices[1]!.phases.map((p) => p.sopInstanceUid)).toEqual([
      '2.1',
      '2.2',
    ]);
    expect(series!.slices[1]!.phases[1]!.instanceNumber).toBe(4);
    expect(series!.phaseCount).toBe(2);
    expect(series!.frameTimeMs).toBe(40);
  });

  it('orders a still series along the slice normal, not by instance number', () => {
    const axial = [1, 0, 0, 0, 1, 0];
    const images = [
      instance('a', {
        instanceNumber: 1,
        imagePosition: [0, 0, 20],
        imageOrientation: axial,
      }),
      instance('b', {
        instanceNumber: 2,
        imagePosition: [0, 0, -10],
        imageOrientation: axial,
      }),
      instance('c', {
        instanceNumber: 3,
        imagePosition: [0, 0, 5],
        imageOrientation: axial,
      }),
    ];
    const [series] = layOutStudy(study(images)).series;

    expect(series!.slices.map((s) => s.phases[0]!.sopInstanceUid)).toEqual([
      'b',
      'c',
      'a',
    ]);
    expect(series!.slices.map((s) => s.position)).toEqual([-10, 5, 20]);
    expect(series!.phaseCount).toBe(1);
  });

  it('falls back to instance numbers when positions are missing', () => {
    const images = [
      instance('x', { instanceNumber: 2 }),
      instance('y', { instanceNumber: 1 }),
    ];
    const [series] = layOutStudy(study(images)).series;

    expect(series!.slices.map((s) => s.phases[0]!.sopInstanceUid)).toEqual([
      'y',
      'x',
    ]);
  });

  it('plays the frames of a single multi-frame image as phases of one slice', () => {
    const [series] = layOutStudy(study([instance('m', { frames: 16 })])).series;

    expect(series!.slices).toHaveLength(1);
    expect(series!.phaseCount).toBe(16);
    expect(series!.slices[0]!.phases[15]).toMatchObject({
      sopInstanceUid: 'm',
      frameIndex: 15,
    });
  });

  it('starts a multi-frame cine at the frame time its file gives', () => {
    const xa = instance('xa', { frames: 96, frameTimeMs: 33 });
    const [series] = layOutStudy(study([xa])).series;

    expect(series!.frameTimeMs).toBe(33);
  });

  it('leaves the rate to the viewer when a multi-frame file gives no timing', () => {
    const [series] = layOutStudy(study([instance('m', { frames: 16 })])).series;

    expect(series!.frameTimeMs).toBeNull();
  });

  it('times a cine stack by its trigger times, not by a frame time', () => {
    const cine: CineAxes = {
      sliceNormal: [0, 0, 1],
      phaseCount: 3,
      complete: true,
      slices: [
        {
          position: 0,
          imagePosition: [0, 0, 0],
          phases: [
            { sopInstanceUid: 'p1', triggerTime: 10 },
            { sopInstanceUid: 'p2', triggerTime: 47.5 },
            { sopInstanceUid: 'p3', triggerTime: 85 },
          ],
        },
      ],
    };
    const images = ['p1', 'p2', 'p3'].map((uid) =>
      instance(uid, { frameTimeMs: 100 }),
    );
    const [series] = layOutStudy(study(images, cine)).series;

    expect(series!.frameTimeMs).toBe(37.5);
  });

  it('counts images whose pixels could not be decoded', () => {
    const images = [
      instance('ok'),
      instance('bad', { pixelStatus: 'flagged' }),
    ];

    expect(layOutStudy(study(images)).series[0]!.undecodableCount).toBe(1);
  });
});
