import type { CodecOutput } from './codec-output.js';
import type { CodecRequest } from './codec-request.js';
import { loadWasmCodec, runWasmDecoder } from './wasm-loader.js';

/**
 * Decodes an 8-bit DCT JPEG frame (baseline, extended or progressive at 8
 * bits) with libjpeg-turbo. Like libjpeg everywhere, it converts
 * three-component YCbCr to RGB unless the stream marks its components as
 * RGB, so colour frames come out RGB.
 */
export async function decodeJpegBaseline(
  request: CodecRequest,
): Promise<CodecOutput> {
  const module = await loadWasmCodec('libjpegTurbo');
  const { bytes, info } = runWasmDecoder(
    module,
    'JPEGDecoder',
    request.encoded,
  );
  return {
    samples: bytes,
    width: info.width,
    height: info.height,
    components: info.componentCount,
    convertedToRgb: info.componentCount === 3,
  };
}
