import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { dicomError } from '../errors.js';
import type { CodecOutput } from './codec-output.js';
import type { CodecRequest } from './codec-request.js';
import { readJpegFrameHeader } from './jpeg-header.js';
import { recordLoadTime } from './wasm-loader.js';

interface JpegImage {
  parse(data: Uint8Array): void;
  getData16(width: number, height: number): Uint16Array;
  width: number;
  height: number;
  components: unknown[];
}

let loading: Promise<new () => JpegImage> | undefined;

/**
 * The pure-JavaScript DCT decoder that ships inside
 * @cornerstonejs/dicom-image-loader (a pdf.js descendant with 12-bit
 * output). The package does not export the file, so it is found beside the
 * package.json, which it does export.
 */
function loadJpegImage(): Promise<new () => JpegImage> {
  loading ??= (async () => {
    const started = performance.now();
    try {
      const require = createRequire(import.meta.url);
      const manifest =
        require.resolve('@cornerstonejs/dicom-image-loader/package.json');
      const file = join(dirname(manifest), 'dist', 'esm', 'codecs', 'jpeg.js');
      const module = (await import(pathToFileURL(file).href)) as {
        default: new () => JpegImage;
      };
      recordLoadTime('jpegjs', performance.now() - started);
      return module.default;
    } catch (cause) {
      loading = undefined;
      throw dicomError(
        'DCM_CODEC_LOAD_FAILED',
        `The 12-bit JPEG decoder could not be loaded: ${(cause as Error).message}`,
      );
    }
  })();
  return loading;
}

/**
 * Decodes a greyscale DCT JPEG of 9 to 12 bits precision (extended .51,
 * and the retired spectral-selection .53 and full-progression .55, whose
 * progressive scans the decoder also reads). Known limitation: colour
 * frames above 8 bits are not supported by this decoder.
 */
export async function decodeJpegExtended(
  request: CodecRequest,
): Promise<CodecOutput> {
  const JpegImageClass = await loadJpegImage();
  const image = new JpegImageClass();
  try {
    image.parse(request.encoded);
  } catch (cause) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `The 12-bit JPEG frame could not be decoded: ${String(cause)}`,
    );
  }
  if (image.components.length !== 1) {
    throw dicomError(
      'DCM_UNSUPPORTED_PIXEL_FORMAT',
      `Colour JPEG with more than 8 bits per sample is not supported (${image.components.length} components)`,
    );
  }
  const samples = image.getData16(image.width, image.height);
  correctLevelShift(
    samples,
    readJpegFrameHeader(request.encoded)?.precision ?? 12,
  );
  return {
    samples,
    width: image.width,
    height: image.height,
    components: 1,
    convertedToRgb: false,
  };
}

/**
 * Works around a flaw of the decoder in @cornerstonejs/dicom-image-loader
 * 5.14.0 (pinned for this reason): its final level shift scales the 8-bit
 * constant 2056 (128 * 16 + 8) by 255 / (2^P - 1) instead of using
 * 2^(P-1) * 16 + 8, so every 12-bit sample comes out 15 too high (checked
 * against dcmdjpeg on the ts/ files). The error is an exact integer, so
 * subtracting it restores the decoder's true output, clamped at 0.
 */
function correctLevelShift(samples: Uint16Array, precision: number): void {
  const used = 2056 / (255 / (2 ** precision - 1));
  const correct = 2 ** (precision - 1) * 16 + 8;
  const error = Math.floor((used - correct) / 16);
  if (error <= 0) return;

  for (let index = 0; index < samples.length; index += 1) {
    const value = samples[index] ?? 0;
    samples[index] = value > error ? value - error : 0;
  }
}
