import { createHash } from 'node:crypto';
import { Tag, type DicomDataset } from '@atrium/dicom';
import type { InstanceRecord } from './instance-record.js';
import type { PixelCheck } from './check-pixel-data.js';
import { findInvalidUids, MAX_UID_LENGTH } from './check-uids.js';
import { readFrameTimeMs } from './read-frame-time.js';

/** A file that parsed but cannot be indexed, its DCM_ code and why. */
export class UnindexableError extends Error {
  readonly code: string;

  constructor(reason: string, code = 'DCM_MISSING_ATTRIBUTE') {
    super(reason);
    this.name = 'UnindexableError';
    this.code = code;
  }
}

/**
 * Reads the attributes the image index keeps from a parsed data set. Values
 * are kept as found, invalid dates included. Geometry and windows of
 * enhanced multi-frame objects come from the shared functional groups, else
 * from the first frame's.
 *
 * An object without a SOP Instance UID has no identity and throws
 * UnindexableError. One without a Study or Series Instance UID (minimal
 * test objects) is still indexed, under UIDs derived from its SOP Instance
 * UID so that importing it again finds the same study; the record lists
 * which UIDs were derived. The stored file is never changed.
 */
export function extractInstance(
  ds: DicomDataset,
  pixels: PixelCheck,
): InstanceRecord {
  const sopInstanceUid =
    ds.string(Tag.SOPInstanceUID) ?? ds.string(Tag.MediaStorageSOPInstanceUID);
  if (!sopInstanceUid) throw new UnindexableError('SOPInstanceUID is missing');

  const derivedUids: string[] = [];
  let studyUid = ds.string(Tag.StudyInstanceUID);
  if (!studyUid) {
    studyUid = deriveUid('study', sopInstanceUid);
    derivedUids.push('StudyInstanceUID');
  }
  let seriesUid = ds.string(Tag.SeriesInstanceUID);
  if (!seriesUid) {
    seriesUid = deriveUid('series', sopInstanceUid);
    derivedUids.push('SeriesInstanceUID');
  }
  const uids = {
    StudyInstanceUID: studyUid,
    SeriesInstanceUID: seriesUid,
    SOPInstanceUID: sopInstanceUid,
  };
  refuseOverlongUids(uids);

  const institutionName = text(ds, Tag.InstitutionName);
  return {
    derivedUids,
    invalidUids: findInvalidUids(uids),
    truncation: ds.truncation?.message ?? null,
    patient: {
      patientId: text(ds, Tag.PatientID),
      patientName: text(ds, Tag.PatientName),
      birthDate: text(ds, Tag.PatientBirthDate),
      sex: text(ds, Tag.PatientSex),
    },
    study: {
      studyUid,
      studyId: text(ds, Tag.StudyID),
      accessionNumber: text(ds, Tag.AccessionNumber),
      studyDate: text(ds, Tag.StudyDate),
      studyTime: text(ds, Tag.StudyTime),
      studyDescription: text(ds, Tag.StudyDescription),
      referringPhysician: text(ds, Tag.ReferringPhysicianName),
      institutionName,
    },
    series: {
      seriesUid,
      modality: text(ds, Tag.Modality).toUpperCase(),
      seriesNumber: integer(ds, Tag.SeriesNumber),
      seriesDescription: text(ds, Tag.SeriesDescription),
      seriesDate: text(ds, Tag.SeriesDate),
      seriesTime: text(ds, Tag.SeriesTime),
      bodyPart: text(ds, Tag.BodyPartExamined),
      protocolName: text(ds, Tag.ProtocolName),
      manufacturer: text(ds, Tag.Manufacturer),
      modelName: text(ds, Tag.ManufacturerModelName),
      institutionName,
      frameOfReferenceUid: text(ds, Tag.FrameOfReferenceUID),
    },
    instance: {
      sopInstanceUid,
      sopClassUid:
        ds.string(Tag.SOPClassUID) ??
        ds.string(Tag.MediaStorageSOPClassUID) ??
        '',
      transferSyntaxUid: ds.transferSyntaxUid,
      instanceNumber: integer(ds, Tag.InstanceNumber),
      rows: integer(ds, Tag.Rows),
      columns: integer(ds, Tag.Columns),
      frames: pixels.hasPixelData ? (integer(ds, Tag.NumberOfFrames) ?? 1) : 0,
      bitsAllocated: integer(ds, Tag.BitsAllocated),
      photometricInterpretation: text(ds, Tag.PhotometricInterpretation),
      imagePosition: vector(
        grouped(ds, Tag.PlanePositionSequence, Tag.ImagePositionPatient),
        3,
      ),
      imageOrientation: vector(
        grouped(ds, Tag.PlaneOrientationSequence, Tag.ImageOrientationPatient),
        6,
      ),
      sliceLocation: first(ds.numbers(Tag.SliceLocation)),
      sliceThickness: first(
        grouped(ds, Tag.PixelMeasuresSequence, Tag.SliceThickness),
      ),
      triggerTime:
        first(ds.numbers(Tag.TriggerTime)) ??
        first(
          grouped(
            ds,
            Tag.CardiacSynchronizationSequence,
            Tag.NominalCardiacTriggerDelayTime,
          ),
        ),
      cardiacNumberOfImages: integer(ds, Tag.CardiacNumberOfImages),
      frameTimeMs: readFrameTimeMs(ds),
      pixelSpacing: vector(
        grouped(ds, Tag.PixelMeasuresSequence, Tag.PixelSpacing),
        2,
      ),
      windowCenter: first(
        grouped(ds, Tag.FrameVOILUTSequence, Tag.WindowCenter),
      ),
      windowWidth: first(grouped(ds, Tag.FrameVOILUTSequence, Tag.WindowWidth)),
      rescaleSlope: first(
        grouped(ds, Tag.PixelValueTransformationSequence, Tag.RescaleSlope),
      ),
      rescaleIntercept: first(
        grouped(ds, Tag.PixelValueTransformationSequence, Tag.RescaleIntercept),
      ),
      hasPixelData: pixels.hasPixelData,
      pixelStatus: pixels.status,
      pixelStatusReason: pixels.reason,
    },
  };
}

/**
 * A UID under the 2.25 root (a number made from a hash, as for UUID-based
 * UIDs), the same every time for the same object and kind.
 */
export function deriveUid(kind: string, sopInstanceUid: string): string {
  const hash = createHash('sha256')
    .update(`${kind}:${sopInstanceUid}`)
    .digest('hex');
  return `2.25.${BigInt(`0x${hash.slice(0, 32)}`).toString()}`;
}

function refuseOverlongUids(uids: Record<string, string>): void {
  for (const [attribute, value] of Object.entries(uids)) {
    if (value.length <= MAX_UID_LENGTH) continue;
    throw new UnindexableError(
      `${attribute} is ${value.length} characters long; the image index keeps UIDs of up to ${MAX_UID_LENGTH} characters (DICOM allows 64)`,
      'DCM_BAD_ATTRIBUTE',
    );
  }
}

function text(ds: DicomDataset, tag: string): string {
  return ds.string(tag) ?? '';
}

function integer(ds: DicomDataset, tag: string): number | null {
  const value = ds.number(tag);
  return value !== undefined && Number.isFinite(value)
    ? Math.trunc(value)
    : null;
}

function first(values: number[]): number | null {
  return values[0] ?? null;
}

function vector(values: number[], length: number): number[] | null {
  return values.length >= length ? values.slice(0, length) : null;
}

/**
 * Numbers of an attribute found at the top level, else in a functional
 * group macro: the shared groups first, then the first frame's.
 */
function grouped(ds: DicomDataset, macro: string, tag: string): number[] {
  const own = ds.numbers(tag);
  if (own.length > 0) return own;

  const groups = [
    ds.sequence(Tag.SharedFunctionalGroupsSequence)[0],
    ds.sequence(Tag.PerFrameFunctionalGroupsSequence)[0],
  ];
  for (const group of groups) {
    const values = group?.sequence(macro)[0]?.numbers(tag) ?? [];
    if (values.length > 0) return values;
  }
  return [];
}
