import {
  inspectPixelData,
  Tag,
  type DicomDataset,
  type PixelDataCheck,
} from '@atrium/dicom';
import type { PixelStatus } from '../studies/study-types.js';

/** What the import learned about an object's image. */
export interface PixelCheck {
  hasPixelData: boolean;
  status: PixelStatus;
  /** Why the image was flagged (code and message), else null. */
  reason: string | null;
}

const PIXEL_TAGS = [
  Tag.PixelData,
  Tag.FloatPixelData,
  Tag.DoubleFloatPixelData,
];

/**
 * Classifies an object's image: 'none' for objects without pixel data
 * (SR, ECG, encapsulated PDF), 'flagged' when a cheap look finds the image
 * cannot be decoded (missing Rows, truncated pixel data, unsupported
 * transfer syntax, Rows and Columns without Pixel Data, a file cut short
 * before its Pixel Data), else 'ok'. The header stays indexed in every case.
 */
export function checkPixelData(ds: DicomDataset): PixelCheck {
  const hasPixelData = PIXEL_TAGS.some((tag) => ds.has(tag));
  const promisesImage = ds.has(Tag.Rows) && ds.has(Tag.Columns);
  if (!hasPixelData && !promisesImage && !ds.truncation) {
    return { hasPixelData: false, status: 'none', reason: null };
  }

  let check: PixelDataCheck;
  try {
    check = inspectPixelData(ds);
  } catch (err) {
    // The inspector reports known faults as values; anything it throws is
    // a fault it did not foresee, and the header is still worth indexing.
    const message = err instanceof Error ? err.message : String(err);
    return { hasPixelData, status: 'flagged', reason: message };
  }
  if (check.ok) return { hasPixelData, status: 'ok', reason: null };
  return {
    hasPixelData,
    status: 'flagged',
    reason: `${check.code}: ${check.message}`,
  };
}
