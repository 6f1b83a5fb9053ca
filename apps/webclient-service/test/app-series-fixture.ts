/**
 * WebSeries and WebStudy values for the viewer's tests, shaped like the
 * Sunnybrook cine stack: slices × phases with instance numbers running
 * slice-major from the slice the scanner took first.
 */
import type { WebSeries, WebStudy } from '@atrium/protocol';

/**
 * A cine series of `slices` × `phases`. With `firstAcquiredLast` the
 * service's slice order runs the other way round from acquisition, as it
 * does for the Sunnybrook stack (the normal points from apex to base).
 */
export function makeCineSeries(
  slices: number,
  phases: number,
  options: {
    firstAcquiredLast?: boolean;
    frameTimeMs?: number | null;
    uid?: string;
  } = {},
): WebSeries {
  const seriesUid = options.uid ?? '1.2.3.300';
  const layout = Array.from({ length: slices }, (_, s) => {
    const acquired = options.firstAcquiredLast ? slices - 1 - s : s;
    return {
      position: -148.9 + 10 * s,
      phases: Array.from({ length: phases }, (_, p) => ({
        sopInstanceUid: `${seriesUid}.${acquired * phases + p + 1}`,
        frameIndex: 0,
        triggerTime: 18.75 + 37.5 * p,
        instanceNumber: acquired * phases + p + 1,
      })),
    };
  });
  return {
    seriesUid,
    seriesNumber: 300,
    modality: 'MR',
    seriesDescription: 'FIESTA CINE',
    rows: 256,
    columns: 256,
    slices: layout,
    phaseCount: phases,
    frameTimeMs: options.frameTimeMs === undefined ? 37.5 : options.frameTimeMs,
    undecodableCount: 0,
  };
}

/** A study holding the given series. */
export function makeStudy(series: WebSeries[]): WebStudy {
  return {
    studyUid: '1.2.3',
    patientName: 'SCD0000101',
    patientId: 'SCD0000101',
    patientBirthDate: '00000000',
    patientSex: 'F',
    studyId: '1',
    accessionNumber: '',
    studyDate: '20120000',
    studyDateNormalised: null,
    studyTime: '',
    studyDescription: 'Cardiac MR',
    referringPhysician: '',
    institutionName: '',
    modalities: ['MR'],
    seriesCount: series.length,
    instanceCount: series.reduce(
      (n, s) => n + s.slices.length * s.phaseCount,
      0,
    ),
    sizeBytes: 0,
    importDate: '2026-01-01T00:00:00Z',
    lastWrite: '2026-01-01T00:00:00Z',
    lastRead: null,
    series,
  };
}
