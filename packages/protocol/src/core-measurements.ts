/**
 * Measurements a user saves on a study (their workspace of that study), and
 * the study watch that tells a connection when a study it shows changes.
 *
 * Each user has at most one saved set of measurements per study; saving
 * replaces the set as a whole. Points are in image pixel coordinates
 * (column, row, from the top-left corner of the first pixel) of one frame,
 * so a measurement can be drawn again on the frame it was made on; the
 * value is what the viewer computed from the frame's pixel spacing.
 */

/** The kinds of measurement the viewer makes. */
export const MEASUREMENT_KINDS = ['length'] as const;
export type MeasurementKind = (typeof MEASUREMENT_KINDS)[number];

/** Units a measured value can carry (`px` when the frame has no spacing). */
export const MEASUREMENT_UNITS = ['mm', 'px'] as const;
export type MeasurementUnit = (typeof MEASUREMENT_UNITS)[number];

/** One point on a frame: column then row, in pixels. */
export type ImagePoint = [number, number];

/** One saved measurement. */
export interface Measurement {
  /** Chosen by the viewer; unique within the user's set for the study. */
  id: string;
  kind: MeasurementKind;
  seriesUid: string;
  sopInstanceUid: string;
  /** Frame number within the instance, from 1. */
  frame: number;
  /** The two ends of a length. */
  points: ImagePoint[];
  value: number;
  unit: MeasurementUnit;
  /** A short label the user typed; empty when none. */
  label: string;
}

/** Most measurements one user may save on one study. */
export const MAX_MEASUREMENTS = 500;
/** Longest label, in characters. */
export const MAX_MEASUREMENT_LABEL = 64;

/** SaveMeasurements: replaces the caller's measurements on a study. */
export interface SaveMeasurementsParams {
  studyUid: string;
  measurements: Measurement[];
}

export interface SaveMeasurementsResult {
  /** When the set was saved (ISO 8601). */
  savedAt: string;
  count: number;
}

/** ListMeasurements: the caller's own saved measurements on a study. */
export interface ListMeasurementsParams {
  studyUid: string;
}

export interface ListMeasurementsResult {
  measurements: Measurement[];
  /** When they were last saved (ISO 8601); null when never. */
  savedAt: string | null;
}

/**
 * WatchStudy: from now on this connection receives StudyChanged events for
 * the study, until it closes or calls UnwatchStudy.
 */
export interface WatchStudyParams {
  studyUid: string;
}

export interface WatchStudyResult {
  /** How many studies this connection now watches. */
  watching: number;
}

export type UnwatchStudyParams = WatchStudyParams;
export type UnwatchStudyResult = WatchStudyResult;

/** Most studies one connection may watch at once. */
export const MAX_WATCHED_STUDIES = 16;

/**
 * What changed in a watched study: new instances were stored, or the
 * watching user's own measurements were saved (from any of their
 * connections). Other users' measurements are never announced.
 */
export type StudyChange = 'instances' | 'measurements';

/** The StudyChanged event. */
export interface StudyChangedEvent {
  studyUid: string;
  change: StudyChange;
}
