import { AtriumError } from '@atrium/protocol';

import type { CodecOutput } from './codecs/codec-output.js';
import type { CodecRequest } from './codecs/codec-request.js';
import { decodeJpeg2000 } from './codecs/jpeg-2000.js';
import { decodeJpegBaseline } from './codecs/jpeg-baseline.js';
import { decodeJpegExtended } from './codecs/jpeg-extended.js';
import {
  isHuffmanDct,
  isLosslessProcess,
  readJpegFrameHeader,
  usesSuccessiveApproximation,
} from './codecs/jpeg-header.js';
import { decodeJpegLossless } from './codecs/jpeg-lossless.js';
import { decodeJpegLs } from './codecs/jpeg-ls.js';
import { decodeRle } from './codecs/rle.js';
import { dicomError } from './errors.js';
import type { PixelEncoding } from './transfer-syntax.js';

/**
 * Sends one compressed frame to the codec its transfer syntax needs. JPEG
 * streams are routed by their own frame header, since files sometimes carry
 * a process other than the one the syntax names.
 */
export async function decodeCompressed(
  request: CodecRequest,
  encoding: PixelEncoding,
  photometric: string,
  transferSyntaxUid: string,
): Promise<CodecOutput> {
  try {
    switch (encoding) {
      case 'rle':
        return decodeRle(request);
      case 'jpeg-ls':
        return await decodeJpegLs(request);
      case 'jpeg2000':
      case 'htj2k':
        return await decodeJpeg2000(request, encoding, photometric);
      default:
        return await decodeJpeg(request, transferSyntaxUid);
    }
  } catch (error) {
    if (error instanceof AtriumError) throw error;
    throw dicomError(
      'DCM_DECODE_FAILED',
      `Frame of transfer syntax ${transferSyntaxUid} could not be decoded: ${describe(error)}`,
    );
  }
}

async function decodeJpeg(
  request: CodecRequest,
  transferSyntaxUid: string,
): Promise<CodecOutput> {
  const header = readJpegFrameHeader(request.encoded);
  if (!header) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      'The frame is not a JPEG stream (no start-of-frame marker)',
    );
  }
  if (isLosslessProcess(header.process))
    return decodeJpegLossless(request, header);
  if (!isHuffmanDct(header.process)) {
    throw dicomError(
      'DCM_UNSUPPORTED_TRANSFER_SYNTAX',
      `JPEG process with marker FF${header.process.toString(16).toUpperCase()} (arithmetic or hierarchical coding) in ${transferSyntaxUid} is not supported`,
    );
  }
  if (header.precision <= 8) return decodeJpegBaseline(request);

  // Known limitation: the 12-bit decoder misreads successive-approximation
  // refinement scans (full progression, retired .55), giving visibly wrong
  // pixels; such frames are refused rather than shown wrong.
  if (header.process === 0xc2 && usesSuccessiveApproximation(request.encoded)) {
    throw dicomError(
      'DCM_UNSUPPORTED_TRANSFER_SYNTAX',
      `Transfer syntax ${transferSyntaxUid}: progressive JPEG with successive approximation above 8 bits is not supported`,
    );
  }
  return decodeJpegExtended(request);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'number') return `codec error ${error}`;
  return String(error);
}
