import type { CodecOutput } from './codecs/codec-output.js';
import type { CodecRequest } from './codecs/codec-request.js';
import type { DicomDataset } from './dataset.js';
import { dicomError } from './errors.js';
import { extractEncapsulatedFrame } from './frames.js';
import {
  readModalityLut,
  readPixelSpacing,
  readRescale,
  readVoiLut,
  readWindows,
  type VoiFunction,
  type Window,
} from './frame-attributes.js';
import { checkPixelData } from './inspect.js';
import { readPalette, type Lut, type Palette } from './lut.js';
import { extractNativeFrame } from './native.js';
import { readOverlays, type OverlayPlane } from './overlays.js';
import {
  conformIntegers,
  createPixelArray,
  findRange,
  type PixelArray,
} from './pixel-array.js';
import { readPixelModule, type PixelModule } from './pixel-module.js';
import { lookUpPixelEncoding, type PixelEncoding } from './transfer-syntax.js';
import { decodeCompressed } from './decode-compressed.js';

/** The colour space a decoded frame's samples are actually in. */
export type ColorSpace =
  | 'MONOCHROME1'
  | 'MONOCHROME2'
  | 'PALETTE COLOR'
  | 'RGB'
  | 'YBR_FULL'
  | 'YBR_PARTIAL';

/** The stored values of one frame and everything needed to show them. */
export interface DecodedFrame {
  /** 0-based index of this frame. */
  readonly frameIndex: number;
  readonly numberOfFrames: number;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  /** Stored values, interleaved for colour, in pydicom's dtype. */
  readonly pixels: PixelArray;
  /** What the samples are in now (a codec may already have made them RGB). */
  readonly colorSpace: ColorSpace;
  /** Photometric Interpretation as written in the file. */
  readonly photometricInterpretation: string;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** True for Float and Double Float Pixel Data. */
  readonly floatingPoint: boolean;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly rescaleType: string | undefined;
  /** A Modality LUT, when the file has one instead of rescale. */
  readonly modalityLut: Lut | undefined;
  /** Window presets, this frame's functional group first. */
  readonly windows: Window[];
  readonly voiFunction: VoiFunction;
  readonly voiLut: Lut | undefined;
  readonly palette: Palette | undefined;
  /** Row and column spacing in mm. */
  readonly pixelSpacing: [number, number] | undefined;
  /** Smallest and largest stored value of this frame (all samples). */
  readonly min: number;
  readonly max: number;
  /** Overlay planes that apply to this frame. */
  readonly overlays: OverlayPlane[];
  readonly transferSyntaxUid: string;
}

/**
 * Decodes the stored values of one frame (0-based) of a data set. Throws
 * typed DCM_ errors: DCM_NO_PIXEL_DATA, DCM_MISSING_ATTRIBUTE,
 * DCM_PIXEL_DATA_TRUNCATED, DCM_UNSUPPORTED_TRANSFER_SYNTAX,
 * DCM_FRAME_OUT_OF_RANGE, DCM_DECODE_FAILED and others.
 */
export async function decodeFrame(
  ds: DicomDataset,
  frameIndex: number,
): Promise<DecodedFrame> {
  checkPixelData(ds);
  const module = readPixelModule(ds);
  if (
    !Number.isInteger(frameIndex) ||
    frameIndex < 0 ||
    frameIndex >= module.numberOfFrames
  ) {
    throw dicomError(
      'DCM_FRAME_OUT_OF_RANGE',
      `Frame ${frameIndex + 1} does not exist; the image has ${module.numberOfFrames} frame(s)`,
    );
  }

  const encoding = lookUpPixelEncoding(ds.transferSyntaxUid) as PixelEncoding;
  const { pixels, colorSpace } =
    encoding === 'native' || module.pixelKind !== 'integer'
      ? {
          pixels: extractNativeFrame(ds, module, frameIndex),
          colorSpace: nativeColorSpace(module),
        }
      : await decodeEncapsulated(ds, module, frameIndex, encoding);

  const conformed =
    module.pixelKind === 'integer' && module.bitsAllocated > 1
      ? conform(pixels, module)
      : pixels;
  return describeFrame(ds, module, frameIndex, conformed, colorSpace);
}

function nativeColorSpace(module: PixelModule): ColorSpace {
  switch (module.photometric) {
    case 'MONOCHROME1':
    case 'MONOCHROME2':
    case 'PALETTE COLOR':
    case 'RGB':
      return module.photometric;
    case 'YBR_PARTIAL_422':
    case 'YBR_PARTIAL_420':
      return 'YBR_PARTIAL';
    case 'YBR_ICT':
    case 'YBR_RCT':
      // These only make sense inside JPEG 2000; uncompressed they are RGB.
      return 'RGB';
    default:
      return 'YBR_FULL';
  }
}

async function decodeEncapsulated(
  ds: DicomDataset,
  module: PixelModule,
  frameIndex: number,
  encoding: PixelEncoding,
): Promise<{ pixels: PixelArray; colorSpace: ColorSpace }> {
  const encoded = extractEncapsulatedFrame(
    ds,
    module.element,
    frameIndex,
    module.numberOfFrames,
    encoding,
  );
  const request: CodecRequest = {
    encoded,
    rows: module.rows,
    columns: module.columns,
    samplesPerPixel: module.samplesPerPixel,
    bitsAllocated: module.bitsAllocated,
    bitsStored: module.bitsStored,
    signed: module.signed,
  };
  const output = await decodeCompressed(
    request,
    encoding,
    module.photometric,
    ds.transferSyntaxUid,
  );
  checkCodecGeometry(output, module);

  const colorSpace = output.convertedToRgb ? 'RGB' : nativeColorSpace(module);
  return { pixels: output.samples, colorSpace };
}

function checkCodecGeometry(output: CodecOutput, module: PixelModule): void {
  const expected = module.rows * module.columns * module.samplesPerPixel;
  if (
    output.width !== module.columns ||
    output.height !== module.rows ||
    output.samples.length < expected
  ) {
    throw dicomError(
      'DCM_DECODE_FAILED',
      `The codec produced ${output.width}x${output.height}x${output.components} samples ` +
        `where the header says ${module.columns}x${module.rows}x${module.samplesPerPixel}`,
    );
  }
}

/** Brings samples to the attributes' dtype, masked and sign-extended. */
function conform(pixels: PixelArray, module: PixelModule): PixelArray {
  const length = module.rows * module.columns * module.samplesPerPixel;
  const target = createPixelArray(
    module.bitsAllocated,
    module.signed,
    'integer',
    length,
  );
  const alreadyFits =
    pixels.constructor === target.constructor &&
    pixels.length === length &&
    module.bitsStored === module.bitsAllocated;
  if (alreadyFits) return pixels;

  conformIntegers(pixels, target, module.bitsStored, module.signed);
  return target;
}

function describeFrame(
  ds: DicomDataset,
  module: PixelModule,
  frameIndex: number,
  pixels: PixelArray,
  colorSpace: ColorSpace,
): DecodedFrame {
  const floatingPoint = module.pixelKind !== 'integer';
  // Float pixel data already holds real values; rescale does not apply.
  const rescale = floatingPoint
    ? { slope: 1, intercept: 0, type: undefined }
    : readRescale(ds, frameIndex);
  const { windows, voiFunction } = readWindows(ds, frameIndex);
  const { min, max } = findRange(pixels);

  return {
    frameIndex,
    numberOfFrames: module.numberOfFrames,
    rows: module.rows,
    columns: module.columns,
    samplesPerPixel:
      colorSpace === 'MONOCHROME1' ||
      colorSpace === 'MONOCHROME2' ||
      colorSpace === 'PALETTE COLOR'
        ? 1
        : 3,
    pixels,
    colorSpace,
    photometricInterpretation: module.photometric,
    bitsAllocated: module.bitsAllocated,
    bitsStored: module.bitsStored,
    signed: module.signed,
    floatingPoint,
    rescaleSlope: rescale.slope,
    rescaleIntercept: rescale.intercept,
    rescaleType: rescale.type,
    modalityLut: floatingPoint ? undefined : readModalityLut(ds, module.signed),
    windows,
    voiFunction,
    voiLut: readVoiLut(ds, frameIndex, module.signed),
    palette: colorSpace === 'PALETTE COLOR' ? readPalette(ds) : undefined,
    pixelSpacing: readPixelSpacing(ds, frameIndex),
    min,
    max,
    overlays: readOverlays(ds, frameIndex),
    transferSyntaxUid: ds.transferSyntaxUid,
  };
}
