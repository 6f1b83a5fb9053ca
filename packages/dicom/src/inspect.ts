import { AtriumError } from '@atrium/protocol';

import type { DicomDataset } from './dataset.js';
import { dicomError } from './errors.js';
import { nativePixelBytes, readPixelModule } from './pixel-module.js';
import { Tag } from './tags.js';
import { lookUpPixelEncoding } from './transfer-syntax.js';

const PIXEL_TAGS = [
  Tag.PixelData,
  Tag.FloatPixelData,
  Tag.DoubleFloatPixelData,
];

/** What a cheap look at the pixel data found. */
export type PixelDataCheck =
  { ok: true; frames: number } | { ok: false; code: string; message: string };

/**
 * Checks without decoding that the image of a data set can be decoded:
 * required attributes present, transfer syntax supported, uncompressed
 * pixel data long enough, fragments present. An object whose Rows and
 * Columns promise an image without Pixel Data, or whose file ends before
 * its Pixel Data, is reported too. The importer flags instances whose
 * header is fine but whose image is not.
 */
export function inspectPixelData(ds: DicomDataset): PixelDataCheck {
  try {
    return { ok: true, frames: checkPixelData(ds) };
  } catch (error) {
    if (error instanceof AtriumError) {
      return { ok: false, code: error.code, message: error.message };
    }
    throw error;
  }
}

/** Throws the typed error inspectPixelData reports; returns the frame count. */
export function checkPixelData(ds: DicomDataset): number {
  if (!PIXEL_TAGS.some((tag) => ds.has(tag))) refuseMissingPixels(ds);
  const module = readPixelModule(ds);
  const encoding = lookUpPixelEncoding(ds.transferSyntaxUid);
  if (!encoding) {
    throw dicomError(
      'DCM_UNSUPPORTED_TRANSFER_SYNTAX',
      `Transfer syntax ${ds.transferSyntaxUid} is not supported`,
    );
  }

  const { element } = module;
  if (encoding === 'native' || module.pixelKind !== 'integer') {
    if (element.fragments) {
      throw dicomError(
        'DCM_MALFORMED',
        'Pixel Data is encapsulated although the transfer syntax is uncompressed',
      );
    }
    const needed = nativePixelBytes(module);
    if (element.value.byteLength < needed) {
      throw dicomError(
        'DCM_PIXEL_DATA_TRUNCATED',
        `Pixel data truncated: ${element.value.byteLength} of ${needed} bytes present`,
      );
    }
    return module.numberOfFrames;
  }

  if (!element.fragments) {
    throw dicomError(
      'DCM_MALFORMED',
      `Pixel Data is not encapsulated although transfer syntax ${ds.transferSyntaxUid} is compressed`,
    );
  }
  if (element.fragments.length === 0) {
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      'Encapsulated Pixel Data holds no fragments',
    );
  }
  if (element.truncated) {
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      'The last pixel data fragment is cut short by the end of the file',
    );
  }
  return module.numberOfFrames;
}

/**
 * Says why an object has no Pixel Data when it should: the file ends
 * before it, or Rows and Columns describe an image that is not there.
 * Other objects fall through to the pixel module's DCM_NO_PIXEL_DATA.
 */
function refuseMissingPixels(ds: DicomDataset): void {
  const rows = ds.number(Tag.Rows);
  const columns = ds.number(Tag.Columns);
  const promised = rows !== undefined && columns !== undefined;
  const { truncation } = ds;
  if (truncation && (promised || truncation.tag === Tag.PixelData)) {
    throw dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      `Pixel Data is missing because the file is cut short: ${truncation.message}`,
    );
  }
  if (truncation) {
    throw dicomError(
      'DCM_MALFORMED',
      `The file is cut short before any Pixel Data: ${truncation.message}`,
    );
  }
  if (promised) {
    throw dicomError(
      'DCM_NO_PIXEL_DATA',
      `Rows and Columns (${rows}x${columns}) describe an image, but the object holds no Pixel Data`,
    );
  }
}
