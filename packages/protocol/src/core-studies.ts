/**
 * Study messages of the Core Server RPC: query the image database, read one
 * study, load it for viewing, and fetch the decoded pixels of one frame.
 */
import type { SampleArray } from './binary-frame.js';

/** ListStudies: filters are ANDed; text filters match case-insensitively
 * and accept `*` as a wildcard. */
export interface ListStudiesParams {
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  studyDescription?: string;
  /** A modality the study contains, e.g. "MR". */
  modality?: string;
  /** First study date to include, YYYYMMDD. */
  studyDateFrom?: string;
  /** Last study date to include, YYYYMMDD. */
  studyDateTo?: string;
  /** At most this many studies (never more than MaximumQueryResults). */
  limit?: number;
  /** Studies to skip, for paging. */
  offset?: number;
}

/** One row of the study list. */
export interface StudySummary {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  modalities: string[];
  seriesCount: number;
  instanceCount: number;
  /** When the study was last loaded for viewing (ISO 8601), or null. */
  lastReadAt: string | null;
}

export interface ListStudiesResult {
  studies: StudySummary[];
  /** More studies matched than were returned (limit or server maximum). */
  truncated: boolean;
}

/** GetStudy / LoadStudy: one study by its Study Instance UID. */
export interface StudyParams {
  studyInstanceUid: string;
}

/** One instance of a series, as the viewer needs to ask for its frames. */
export interface InstanceSummary {
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | null;
  numberOfFrames: number;
  rows: number | null;
  columns: number | null;
  /** False when the pixel data could not be decoded at import. */
  decodable: boolean;
}

export interface SeriesSummary {
  seriesInstanceUid: string;
  seriesNumber: number | null;
  modality: string;
  seriesDescription: string;
  instances: InstanceSummary[];
}

/** A study with its series and instances. */
export interface StudyDetail extends StudySummary {
  series: SeriesSummary[];
}

/** GetFrame: the decoded stored values of one frame of one instance. */
export interface GetFrameParams {
  sopInstanceUid: string;
  /** Zero-based index of the frame within the instance. */
  frameIndex: number;
}

/** A window preset (VOI) carried by the file. */
export interface WindowPreset {
  centre: number;
  width: number;
  explanation: string;
}

/**
 * What a viewer needs to show and measure a pixel frame. Sent as the
 * metadata of the binary message that answers GetFrame; the samples follow
 * it in the same message.
 */
export interface FrameFacts {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  frameIndex: number;
  numberOfFrames: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Photometric interpretation of the samples as sent (colour space). */
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** Row and column spacing in mm, or null when the file gives none. */
  pixelSpacing: [number, number] | null;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowPresets: WindowPreset[];
}

/**
 * GetFrame's answer. It arrives as one binary message (see binary-frame.ts)
 * whose header names the request, with FrameFacts as its metadata; a failure
 * arrives as an ordinary JSON error response.
 */
export interface PixelFrame {
  facts: FrameFacts;
  samples: SampleArray;
}
