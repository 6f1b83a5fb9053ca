import {
  type CodecOutput,
  interleavePlanes,
  toSixteenBit,
} from './codec-output.js';
import type { CodecRequest } from './codec-request.js';
import { loadWasmCodec, runWasmDecoder } from './wasm-loader.js';

/**
 * Decodes a JPEG-LS frame (lossless .80 and near-lossless .81) with CharLS.
 * CharLS gives samples of the stream's bit depth without sign extension;
 * the caller re-applies the sign from BitsStored.
 */
export async function decodeJpegLs(
  request: CodecRequest,
): Promise<CodecOutput> {
  const module = await loadWasmCodec('charls');
  const { bytes, info, interleaveMode } = runWasmDecoder(
    module,
    'JpegLSDecoder',
    request.encoded,
  );

  const pixels = info.width * info.height;
  let samples: Uint8Array | Uint16Array | Int16Array =
    info.bitsPerSample > 8 ? toSixteenBit(bytes, false) : bytes;

  // Interleave mode 0 (none) delivers one plane after another.
  if (info.componentCount > 1 && interleaveMode === 0) {
    samples =
      samples instanceof Uint8Array
        ? interleavePlanes(
            samples,
            pixels,
            info.componentCount,
            (n) => new Uint8Array(n),
          )
        : interleavePlanes(
            samples as Uint16Array,
            pixels,
            info.componentCount,
            (n) => new Uint16Array(n),
          );
  }
  return {
    samples,
    width: info.width,
    height: info.height,
    components: info.componentCount,
    convertedToRgb: false,
  };
}
