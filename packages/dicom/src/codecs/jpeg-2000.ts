import { type CodecOutput, toSixteenBit } from './codec-output.js';
import type { CodecRequest } from './codec-request.js';
import {
  loadWasmCodec,
  runWasmDecoder,
  type WasmCodecName,
} from './wasm-loader.js';

const codecs: Record<'jpeg2000' | 'htj2k', [WasmCodecName, string]> = {
  jpeg2000: ['openjpeg', 'J2KDecoder'],
  htj2k: ['openjph', 'HTJ2KDecoder'],
};

/**
 * Decodes a JPEG 2000 frame with OpenJPEG, or an HTJ2K frame with OpenJPH.
 * Both apply the codestream's multi-component transform (ICT or RCT), so a
 * three-component frame comes out RGB whenever the codestream says so; the
 * photometric interpretation YBR_ICT / YBR_RCT records exactly that.
 */
export async function decodeJpeg2000(
  request: CodecRequest,
  family: 'jpeg2000' | 'htj2k',
  photometric: string,
): Promise<CodecOutput> {
  const [name, className] = codecs[family];
  const module = await loadWasmCodec(name);
  const { bytes, info } = runWasmDecoder(module, className, request.encoded);

  const samples =
    info.bitsPerSample > 8
      ? toSixteenBit(bytes, info.isSigned ?? request.signed)
      : info.isSigned
        ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : bytes;
  return {
    samples,
    width: info.width,
    height: info.height,
    components: info.componentCount,
    convertedToRgb:
      info.componentCount === 3 &&
      (photometric === 'YBR_ICT' || photometric === 'YBR_RCT'),
  };
}
