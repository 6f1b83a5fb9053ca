/**
 * Study messages of the Core Server RPC: query the image database, read one
 * study, load it for viewing, and fetch the decoded pixels of one frame.
 */
import type { SampleArray } from './binary-frame.js';

/** Columns the study list can be sorted by. */
export type StudySortKey = 'date' | 'name' | 'id' | 'accession' | 'modality';

/**
 * ListStudies. Text filters accept DICOM wildcards (`*` any run of
 * characters, `?` one character) and match without regard to case; the
 * patient name also matches any one of its components. Dates are YYYYMMDD
 * or YYYY-MM-DD and either end of the range may be open. The page size is
 * capped by the server's MaximumQueryResults.
 */
export interface ListStudiesParams {
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  studyDateFrom?: string;
  studyDateTo?: string;
  /** One modality or several; a study matches if it holds any of them. */
  modality?: string | string[];
  offset?: number;
  limit?: number;
  sortBy?: StudySortKey;
  sortOrder?: 'asc' | 'desc';
}

/** One row of the study list. */
export interface StudySummary {
  studyUid: string;
  patientName: string;
  patientId: string;
  /** Birth date as found in the files, valid or not. */
  patientBirthDate: string;
  patientSex: string;
  studyId: string;
  accessionNumber: string;
  /** Study date as found in the files (for example '20120000'). */
  studyDate: string;
  /** The study date as YYYYMMDD, or null when the date found is not valid. */
  studyDateNormalised: string | null;
  studyTime: string;
  studyDescription: string;
  referringPhysician: string;
  institutionName: string;
  modalities: string[];
  seriesCount: number;
  instanceCount: number;
  sizeBytes: number;
  importDate: string;
  lastWrite: string;
  /** When the study was last loaded for viewing, or null. */
  lastRead: string | null;
}

/** A page of the study list. */
export interface ListStudiesResult {
  studies: StudySummary[];
  /** How many studies match the filters, over all pages. */
  total: number;
  offset: number;
  /** The page size used, after capping by MaximumQueryResults. */
  limit: number;
  /** True when matching studies exist beyond this page. */
  truncated: boolean;
}

/** GetStudy / LoadStudy: one study by its Study Instance UID. */
export interface StudyParams {
  studyUid: string;
}

/**
 * LoadStudy: one study by its Study Instance UID or by its Accession
 * Number (exactly one of them). A study missing from the image database is
 * retrieved from the default Query/Retrieve node when one is configured;
 * RetrieveProgress events report the retrieve meanwhile.
 */
export interface LoadStudyParams {
  studyUid?: string;
  accessionNumber?: string;
}

/** Pixel-data state of an instance, as found at import. */
export type PixelStatus = 'ok' | 'flagged' | 'none';

/** What the viewer needs to know about one instance. */
export interface InstanceDetail {
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | null;
  rows: number | null;
  columns: number | null;
  frames: number;
  bitsAllocated: number | null;
  photometricInterpretation: string;
  imagePosition: number[] | null;
  imageOrientation: number[] | null;
  sliceLocation: number | null;
  sliceThickness: number | null;
  triggerTime: number | null;
  cardiacNumberOfImages: number | null;
  /**
   * Time between frames in ms as the file asks them to be played (Cine
   * Rate, Recommended Display Frame Rate, Frame Time, then Frame Time
   * Vector), or null when it gives none.
   */
  frameTimeMs: number | null;
  /** Row spacing then column spacing, in mm. */
  pixelSpacing: number[] | null;
  windowCenter: number | null;
  windowWidth: number | null;
  rescaleSlope: number | null;
  rescaleIntercept: number | null;
  hasPixelData: boolean;
  pixelStatus: PixelStatus;
  /** Why the pixel data was flagged, when it was. */
  pixelStatusReason: string | null;
  fileSize: number;
}

/** One phase of a cine slice: the instance showing it. */
export interface CinePhase {
  sopInstanceUid: string;
  triggerTime: number | null;
}

/** One slice location of a cine stack and its phases in time order. */
export interface CineSlice {
  /** Distance along the slice normal, in mm. */
  position: number;
  imagePosition: number[];
  phases: CinePhase[];
}

/** Slice and phase axes of a cardiac cine series. */
export interface CineAxes {
  sliceNormal: number[];
  slices: CineSlice[];
  /** The largest number of phases of any slice. */
  phaseCount: number;
  /** True when every slice has the same number of phases. */
  complete: boolean;
}

/** A series of a study with its instances. */
export interface SeriesDetail {
  seriesUid: string;
  modality: string;
  seriesNumber: number | null;
  seriesDescription: string;
  seriesDate: string;
  seriesTime: string;
  bodyPart: string;
  protocolName: string;
  manufacturer: string;
  modelName: string;
  institutionName: string;
  frameOfReferenceUid: string;
  instanceCount: number;
  instances: InstanceDetail[];
  /** Slice and phase axes when the series is a cine stack, else null. */
  cine: CineAxes | null;
}

/** A study with its series and instances, as the viewer loads it. */
export interface StudyDetail extends StudySummary {
  series: SeriesDetail[];
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

/** A lookup table (modality LUT, VOI LUT or one palette channel). */
export interface LookupTable {
  /** The stored (or modality) value that maps to the first entry. */
  firstMapped: number;
  /** Bits per entry. */
  bits: number;
  data: number[];
}

/** The colour space the samples of a frame are in as sent. */
export type FrameColorSpace =
  | 'MONOCHROME1'
  | 'MONOCHROME2'
  | 'PALETTE COLOR'
  | 'RGB'
  | 'YBR_FULL'
  | 'YBR_PARTIAL';

/**
 * What a viewer needs to show and measure a pixel frame. Sent as the
 * metadata of the binary message that answers GetFrame; the samples follow
 * it in the same message (interleaved for colour).
 */
export interface FrameFacts {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  /** Zero-based index of this frame. */
  frameIndex: number;
  /** Frames in the instance. */
  frames: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Photometric Interpretation as written in the file. */
  photometricInterpretation: string;
  /**
   * The colour space of the samples as sent (a codec may have made RGB).
   * The Core Server always sends it; absent means photometricInterpretation.
   */
  colorSpace?: FrameColorSpace;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** Float or Double Float Pixel Data; absent means false. */
  floatingPoint?: boolean;
  /** Smallest and largest stored value of the frame, when known. */
  min?: number;
  max?: number;
  /** Row and column spacing in mm, or null when the file gives none. */
  pixelSpacing: [number, number] | null;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Rescale Type (for example HU), when the file gives one. */
  rescaleType?: string | null;
  /** Window presets, the frame's own functional group first. */
  windowPresets: WindowPreset[];
  /** VOI LUT Function; absent means LINEAR. */
  voiFunction?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  /** Present only when the file has one. */
  modalityLut?: LookupTable;
  voiLut?: LookupTable;
  palette?: { red: LookupTable; green: LookupTable; blue: LookupTable };
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
