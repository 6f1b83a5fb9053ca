/**
 * What a browser gets when it opens a study: the study with each series
 * laid out on two axes (slices along the slice normal, and the phases of
 * each slice in time order), and the viewer state a browser reports so a
 * replacement worker can resume where a lost one stopped.
 */
import type { StudySummary } from './core-studies.js';

/** One frame of one instance: the address the browser asks frames by. */
export interface FrameRef {
  sopInstanceUid: string;
  /** Zero-based frame index within the instance. */
  frameIndex: number;
  /** Trigger time in ms (cardiac phase), or null when the file gives none. */
  triggerTime: number | null;
  /**
   * The instance's InstanceNumber, when known. The viewer opens a series on
   * the slice holding the lowest one (the first image acquired) and shows
   * that end of the slice axis as slice 1.
   */
  instanceNumber?: number | null;
}

/** One slice position of a series and its frames, one per phase. */
export interface WebSlice {
  /** Distance along the slice normal in mm, or null when unknown. */
  position: number | null;
  /** Phases in time order; a still series has exactly one. */
  phases: FrameRef[];
}

/**
 * A series as the viewer shows it. Scrolling moves through `slices` (ordered
 * along the normal from ImagePositionPatient, never by file name or
 * SliceLocation); cine plays `phases` of the current slice.
 *
 * - A cardiac cine stack (many single-frame instances): slices × phases.
 * - A multi-frame instance (XA cine, legacy MR cine): one slice whose phases
 *   are the frames.
 * - Any other series: one slice per image, one phase each.
 */
export interface WebSeries {
  seriesUid: string;
  seriesNumber: number | null;
  modality: string;
  seriesDescription: string;
  /** Rows and columns of the first image; frames may differ. */
  rows: number | null;
  columns: number | null;
  slices: WebSlice[];
  /** Largest number of phases of any slice. */
  phaseCount: number;
  /**
   * The series' own time between phases in ms, the cine rate to start
   * with: for a multi-frame image the file's timing (Cine Rate, Recommended
   * Display Frame Rate, Frame Time, Frame Time Vector), for a cine stack the
   * median step between trigger times; null when the files do not say.
   */
  frameTimeMs: number | null;
  /** Images of the series that could not be decoded at import. */
  undecodableCount: number;
}

/** OpenStudy's answer: the study's list row plus its laid-out series. */
export interface WebStudy extends StudySummary {
  series: WebSeries[];
}

/** One viewport's state as the browser last reported it. */
export interface ViewportState {
  seriesUid: string | null;
  /** Zero-based index into the series' slices. */
  sliceIndex: number;
  /** Zero-based index into the current slice's phases. */
  phaseIndex: number;
  windowCentre: number | null;
  windowWidth: number | null;
  zoom?: number;
  /** Pan offset in display pixels. */
  pan?: [number, number];
}

/**
 * What the browser shows, reported with `viewer-state` whenever it changes
 * (throttled by the browser). The service keeps the last one per session
 * and hands it to a replacement worker after a crash.
 */
export interface ViewerState {
  studyUid: string | null;
  /** Layout name, e.g. '1x1', '1x2', '2x2'. */
  layout?: string;
  /** Index of the active viewport in `viewports`. */
  activeViewport?: number;
  viewports: ViewportState[];
}
