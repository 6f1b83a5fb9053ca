import { extname } from 'node:path';
import { AtriumError } from '@atrium/protocol';
import { parseDicom, sniffDicom, Tag, type DicomDataset } from '@atrium/dicom';
import { checkPixelData } from './check-pixel-data.js';
import { extractInstance, UnindexableError } from './extract-instance.js';
import type { InstanceRecord } from './instance-record.js';
import type { QuarantineReason } from './quarantine.js';

/** What a file turned out to be. */
export type FileVerdict =
  | { kind: 'instance'; record: InstanceRecord }
  | { kind: 'not-dicom'; why: string }
  | { kind: 'unreadable'; reason: QuarantineReason };

/** Names a user gives DICOM files; such a file is never skipped silently. */
const DICOM_EXTENSIONS = new Set(['.dcm', '.dicom', '.dic', '.ima']);

/** Names of files that are plainly something else. */
const OTHER_EXTENSIONS = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.webp',
  '.txt',
  '.md',
  '.json',
  '.csv',
  '.xml',
  '.html',
  '.htm',
  '.pdf',
  '.zip',
  '.gz',
  '.tar',
  '.ini',
  '.log',
  '.js',
  '.ts',
]);

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

/**
 * Decides what to do with a file's bytes: index it (its header parses and
 * names its UIDs), skip it (it is plainly not DICOM, or is a DICOMDIR
 * index), or quarantine it (it looks like DICOM but cannot be read). A file
 * named like DICOM that does not look like DICOM is quarantined, not
 * skipped, since the user meant it to be one. A file cut short is indexed
 * (and its image flagged) when its identifying UIDs were read whole, and
 * quarantined when they were not.
 */
export function readDicomFile(path: string, bytes: Uint8Array): FileVerdict {
  const extension = extname(path).toLowerCase();
  const sniffed = sniffDicom(bytes);
  if (!sniffed) {
    if (!DICOM_EXTENSIONS.has(extension)) {
      return { kind: 'not-dicom', why: 'not recognised as DICOM' };
    }
    return unreadable(
      'DCM_NOT_DICOM',
      `The file is named like DICOM but does not look like DICOM (${bytes.byteLength} bytes)`,
    );
  }

  let ds;
  try {
    ds = parseDicom(bytes);
  } catch (err) {
    // A bare data set is guessed from a few bytes; a text or image file can
    // pass that guess and then fail to parse.
    if (sniffed === 'raw' && OTHER_EXTENSIONS.has(extension)) {
      return { kind: 'not-dicom', why: 'not recognised as DICOM' };
    }
    return unreadable(codeOf(err, 'DCM_MALFORMED'), messageOf(err));
  }

  const sopClass =
    ds.string(Tag.MediaStorageSOPClassUID) ?? ds.string(Tag.SOPClassUID);
  if (sopClass === MEDIA_STORAGE_DIRECTORY) {
    return { kind: 'not-dicom', why: 'a DICOMDIR index, not an object' };
  }

  const lost = ds.truncation ? findLostIdentity(ds) : undefined;
  if (lost) {
    return unreadable(
      'DCM_MALFORMED',
      `The header is unreadable: ${lost}. ${ds.truncation?.message}`,
    );
  }

  try {
    return {
      kind: 'instance',
      record: extractInstance(ds, checkPixelData(ds)),
    };
  } catch (err) {
    if (err instanceof UnindexableError) {
      return unreadable(err.code, err.message);
    }
    return unreadable(codeOf(err, 'DCM_MALFORMED'), messageOf(err));
  }
}

/** UIDs a cut file must still hold whole to be indexed, with fallbacks. */
const IDENTITY: [keyword: string, tags: string[]][] = [
  ['SOPInstanceUID', [Tag.SOPInstanceUID, Tag.MediaStorageSOPInstanceUID]],
  ['StudyInstanceUID', [Tag.StudyInstanceUID]],
  ['SeriesInstanceUID', [Tag.SeriesInstanceUID]],
];

/**
 * Says which identifying UID a file cut short has lost: missing, or its
 * value cut by the end of the file. UIDs are never derived for such a
 * file, since the real ones were most likely in the part that is gone.
 */
function findLostIdentity(ds: DicomDataset): string | undefined {
  for (const [keyword, tags] of IDENTITY) {
    const tag = tags.find((candidate) => ds.string(candidate) !== undefined);
    if (tag === undefined) return `${keyword} is missing`;
    if (ds.element(tag)?.truncated) return `${keyword} is cut short`;
  }
  return undefined;
}

function unreadable(code: string, message: string): FileVerdict {
  return { kind: 'unreadable', reason: { code, message } };
}

function codeOf(err: unknown, fallback: string): string {
  return err instanceof AtriumError ? err.code : fallback;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
