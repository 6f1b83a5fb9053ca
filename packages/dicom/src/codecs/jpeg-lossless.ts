import { dicomError } from '../errors.js';
import type { CodecOutput } from './codec-output.js';
import type { CodecRequest } from './codec-request.js';
import type { JpegFrameHeader } from './jpeg-header.js';
import { recordLoadTime } from './wasm-loader.js';

type DecoderClass =
  typeof import('@cornerstonejs/jpeg-lossless-decoder-js').Decoder;

let loading: Promise<DecoderClass> | undefined;

function loadDecoder(): Promise<DecoderClass> {
  loading ??= (async () => {
    const started = performance.now();
    try {
      const module = await import('@cornerstonejs/jpeg-lossless-decoder-js');
      recordLoadTime('jpeg-lossless', performance.now() - started);
      return module.Decoder;
    } catch (cause) {
      loading = undefined;
      throw dicomError(
        'DCM_CODEC_LOAD_FAILED',
        `The lossless JPEG decoder could not be loaded: ${(cause as Error).message}`,
      );
    }
  })();
  return loading;
}

/**
 * Decodes a lossless JPEG frame (process 14, .57 and its SV1 subset .70)
 * with @cornerstonejs/jpeg-lossless-decoder-js (the fork that decodes the last pixel of SV1 streams the original drops). Output is unsigned; the caller re-applies
 * the sign from BitsStored.
 */
export async function decodeJpegLossless(
  request: CodecRequest,
  header: JpegFrameHeader,
): Promise<CodecOutput> {
  const Decoder = await loadDecoder();
  const bytesPerSample = header.precision > 8 ? 2 : 1;
  const { encoded } = request;
  const buffer = encoded.buffer.slice(
    encoded.byteOffset,
    encoded.byteOffset + encoded.byteLength,
  );

  let samples: Uint8Array | Uint16Array;
  try {
    samples = new Decoder().decode(
      buffer as ArrayBuffer,
      0,
      encoded.byteLength,
      bytesPerSample,
    );
  } catch (cause) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `The lossless JPEG frame could not be decoded: ${String(cause)}`,
    );
  }
  return {
    samples,
    width: header.columns,
    height: header.rows,
    components: header.components,
    convertedToRgb: false,
  };
}
