import type { PixelStatus } from '../studies/study-types.js';
import type { InvalidUid } from './check-uids.js';

/** Patient attributes of an imported file, as found. */
export interface PatientFields {
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
}

/** Study attributes of an imported file, as found. */
export interface StudyFields {
  studyUid: string;
  studyId: string;
  accessionNumber: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  referringPhysician: string;
  institutionName: string;
}

/** Series attributes of an imported file, as found. */
export interface SeriesFields {
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
}

/** Instance attributes the study list and the viewer need. */
export interface InstanceFields {
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
  /** Time between frames in ms as the file times its cine, else null. */
  frameTimeMs: number | null;
  pixelSpacing: number[] | null;
  windowCenter: number | null;
  windowWidth: number | null;
  rescaleSlope: number | null;
  rescaleIntercept: number | null;
  hasPixelData: boolean;
  pixelStatus: PixelStatus;
  pixelStatusReason: string | null;
}

/** Everything the index keeps about one DICOM object. */
export interface InstanceRecord {
  /** Keywords of UIDs missing from the file and derived for the index. */
  derivedUids: string[];
  /** Identifying UIDs kept as found although they are not valid UIDs. */
  invalidUids: InvalidUid[];
  /** Where the file ran out, when it is cut short; else null. */
  truncation: string | null;
  patient: PatientFields;
  study: StudyFields;
  series: SeriesFields;
  instance: InstanceFields;
}

/** Where the copy of an instance lives in the image store. */
export interface StoredFile {
  filePath: string;
  fileSize: number;
  sha256: string;
}
