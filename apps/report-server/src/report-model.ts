import {
  numbersSlicesFromEnd,
  type ListMeasurementsResult,
  type Measurement,
  type ReportMeasurement,
  type ReportSeries,
  type SeriesDetail,
  type StudyDetail,
  type StudyReport,
} from '@atrium/protocol';

/**
 * Puts a report together from what the Core Server returned: the study
 * header, its series in series-number order, and the user's measurements
 * each with the series and position it lies on, in words.
 */
export function buildReport(
  detail: StudyDetail,
  saved: ListMeasurementsResult,
  user: string,
  now = new Date(),
): StudyReport {
  const { series, ...study } = detail;
  const ordered = [...series].sort(bySeriesNumber);
  const seriesByUid = new Map(ordered.map((s) => [s.seriesUid, s]));
  return {
    study,
    series: ordered.map(describeSeries),
    measurements: saved.measurements.map((m) =>
      placeMeasurement(m, seriesByUid.get(m.seriesUid)),
    ),
    measurementsSavedAt: saved.savedAt,
    user,
    generatedAt: now.toISOString(),
  };
}

function describeSeries(series: SeriesDetail): ReportSeries {
  return {
    seriesUid: series.seriesUid,
    seriesNumber: series.seriesNumber,
    modality: series.modality,
    seriesDescription: series.seriesDescription,
    instanceCount: series.instanceCount,
    cine: series.cine
      ? { slices: series.cine.slices.length, phases: series.cine.phaseCount }
      : null,
  };
}

function placeMeasurement(
  measurement: Measurement,
  series: SeriesDetail | undefined,
): ReportMeasurement {
  return {
    ...measurement,
    seriesLabel: series ? labelOf(series) : measurement.seriesUid,
    position: series
      ? positionOf(measurement, series)
      : `Frame ${measurement.frame}`,
  };
}

/** "Series 5 · SA cine", "Series 5", or the description alone. */
export function labelOf(series: {
  seriesNumber: number | null;
  seriesDescription: string;
}): string {
  const parts = [];
  if (series.seriesNumber !== null) parts.push(`Series ${series.seriesNumber}`);
  if (series.seriesDescription) parts.push(series.seriesDescription);
  return parts.join(' · ') || 'Series without number';
}

// Cine stacks are read by slice and phase, numbered as the viewer numbers
// them (numbersSlicesFromEnd); multi-frame objects by frame; other stacks
// by instance number.
function positionOf(measurement: Measurement, series: SeriesDetail): string {
  const { sopInstanceUid, frame } = measurement;
  const slices = series.cine?.slices ?? [];
  const numberOf = new Map(
    series.instances.map((i) => [i.sopInstanceUid, i.instanceNumber]),
  );
  const fromEnd = numbersSlicesFromEnd(
    slices.map((slice) =>
      slice.phases.map((phase) => numberOf.get(phase.sopInstanceUid)),
    ),
  );
  for (const [index, slice] of slices.entries()) {
    const phase = slice.phases.findIndex(
      (p) => p.sopInstanceUid === sopInstanceUid,
    );
    if (phase < 0) continue;
    const number = fromEnd ? slices.length - index : index + 1;
    return `Slice ${number}, phase ${phase + 1}`;
  }
  const instance = series.instances.find(
    (i) => i.sopInstanceUid === sopInstanceUid,
  );
  if (instance && instance.frames > 1) return `Frame ${frame}`;
  if (instance?.instanceNumber != null) {
    return `Image ${instance.instanceNumber}`;
  }
  return `Frame ${frame}`;
}

function bySeriesNumber(a: SeriesDetail, b: SeriesDetail): number {
  return (
    (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) -
    (b.seriesNumber ?? Number.MAX_SAFE_INTEGER)
  );
}
