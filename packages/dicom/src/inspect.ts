import { AtriumError } from '@atrium/protocol';

import type { DicomDataset } from './dataset.js';
import { dicomError } from './errors.js';
import { nativePixelBytes, readPixelModule } from './pixel-module.js';
import { lookUpPixelEncoding } from './transfer-syntax.js';

/** What a cheap look at the pixel data found. */
export type PixelDataCheck =
  { ok: true; frames: number } | { ok: false; code: string; message: string };

/**
 * Checks without decoding that the image of a data set can be decoded:
 * required attributes present, transfer syntax supported, uncompressed
 * pixel data long enough, fragments present. The importer flags instances
 * whose header is fine but whose image is not.
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
