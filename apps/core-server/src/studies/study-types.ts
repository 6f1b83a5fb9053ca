import type {
  ListStudiesParams,
  ListStudiesResult,
  PixelStatus,
} from '@atrium/protocol';

// The result shapes are defined once, in the protocol package, because the
// RPC layer sends them as they are.
export type {
  CineAxes,
  CinePhase,
  CineSlice,
  InstanceDetail,
  PixelStatus,
  SeriesDetail,
  StudyDetail,
  StudySortKey,
  StudySummary,
} from '@atrium/protocol';

/**
 * A study-list query. Text filters accept DICOM wildcards (`*` any run of
 * characters, `?` one character) and match without regard to case; the
 * patient name also matches any one of its components (family, given, ...).
 * Dates are YYYYMMDD or YYYY-MM-DD and either end of the range may be open.
 */
export type StudyQuery = ListStudiesParams;

/** A page of the study list. */
export type StudyList = ListStudiesResult;

/** Server limits applied to a study-list query. */
export interface StudyListLimits {
  /** MaximumQueryResults: the most studies one page may return. */
  maximumQueryResults: number;
}

/** Where an instance is stored and what the RPC layer checks before use. */
export interface InstanceLocation {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesUid: string;
  studyUid: string;
  /** Absolute path of the stored copy in the image store. */
  filePath: string;
  fileSize: number;
  frames: number;
  transferSyntaxUid: string;
  rows: number | null;
  columns: number | null;
  hasPixelData: boolean;
  pixelStatus: PixelStatus;
  pixelStatusReason: string | null;
}
