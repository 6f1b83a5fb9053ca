import type { DicomDataset, DicomElement } from './dataset.js';
import { dicomError } from './errors.js';
import { Tag } from './tags.js';

/** The attributes that describe how the pixels of an image are stored. */
export interface PixelModule {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** True when Pixel Representation is 1 (two's complement). */
  readonly signed: boolean;
  readonly photometric: string;
  /** 0 interleaved (RGBRGB...), 1 planar (RR..GG..BB..). */
  readonly planarConfiguration: number;
  readonly numberOfFrames: number;
  /** Which element holds the pixels: integer, float or double float. */
  readonly pixelKind: 'integer' | 'float' | 'double';
  readonly element: DicomElement;
}

const photometrics = new Set([
  'MONOCHROME1',
  'MONOCHROME2',
  'PALETTE COLOR',
  'RGB',
  'YBR_FULL',
  'YBR_FULL_422',
  'YBR_PARTIAL_422',
  'YBR_PARTIAL_420',
  'YBR_ICT',
  'YBR_RCT',
]);

const sopClassNames: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.104.1': 'an Encapsulated PDF document',
  '1.2.840.10008.5.1.4.1.1.104.2': 'an Encapsulated CDA document',
  '1.2.840.10008.5.1.4.1.1.9.1.1': 'a 12-lead ECG waveform',
  '1.2.840.10008.5.1.4.1.1.9.1.2': 'a general ECG waveform',
  '1.2.840.10008.5.1.4.1.1.9.1.3': 'an ambulatory ECG waveform',
  '1.2.840.10008.5.1.4.1.1.9.3.1': 'a cardiac electrophysiology waveform',
  '1.2.840.10008.5.1.4.1.1.11.1': 'a presentation state',
  '1.2.840.10008.5.1.4.1.1.66': 'a raw data object',
};

/**
 * Says in words what an object without Pixel Data is, for the error that
 * the viewer shows instead of an image.
 */
export function describeNonImage(ds: DicomDataset): string {
  const sopClass = ds.string(Tag.SOPClassUID) ?? '';
  const known = sopClassNames[sopClass];
  if (known) return known;

  if (sopClass.startsWith('1.2.840.10008.5.1.4.1.1.88.'))
    return 'a structured report';
  if (ds.has(Tag.WaveformSequence)) return 'a waveform object';
  if (ds.has(Tag.EncapsulatedDocument)) {
    const mime =
      ds.string(Tag.MIMETypeOfEncapsulatedDocument) ?? 'unknown type';
    return `an encapsulated document (${mime})`;
  }
  if (ds.has(Tag.ContentSequence)) return 'a structured report';
  if (sopClass.startsWith('1.2.840.10008.5.1.4.1.1.11.'))
    return 'a presentation state';
  return sopClass
    ? `an object of SOP class ${sopClass}`
    : 'an object without image';
}

function findPixelElement(
  ds: DicomDataset,
): [PixelModule['pixelKind'], DicomElement] {
  const integer = ds.element(Tag.PixelData);
  if (integer) return ['integer', integer];
  const float = ds.element(Tag.FloatPixelData);
  if (float) return ['float', float];
  const double = ds.element(Tag.DoubleFloatPixelData);
  if (double) return ['double', double];

  throw dicomError(
    'DCM_NO_PIXEL_DATA',
    `No Pixel Data: this is ${describeNonImage(ds)}, not an image`,
  );
}

function requireNumber(
  ds: DicomDataset,
  keyword: string,
  tagText: string,
): number {
  const value = ds.number(Tag[keyword] ?? '');
  if (value === undefined) {
    throw dicomError(
      'DCM_MISSING_ATTRIBUTE',
      `${keyword} ${tagText} is missing, so the image cannot be decoded`,
    );
  }
  return value;
}

/**
 * Reads and checks the Image Pixel attributes. Throws DCM_NO_PIXEL_DATA,
 * DCM_MISSING_ATTRIBUTE (naming the attribute), DCM_BAD_ATTRIBUTE or
 * DCM_UNSUPPORTED_PIXEL_FORMAT.
 */
export function readPixelModule(ds: DicomDataset): PixelModule {
  const [pixelKind, element] = findPixelElement(ds);
  const rows = requireNumber(ds, 'Rows', '(0028,0010)');
  const columns = requireNumber(ds, 'Columns', '(0028,0011)');
  const defaultBits = { integer: undefined, float: 32, double: 64 }[pixelKind];
  const bitsAllocated =
    ds.number(Tag.BitsAllocated) ??
    defaultBits ??
    requireNumber(ds, 'BitsAllocated', '(0028,0100)');

  // ACR-NEMA era files may omit these; their defaults are what they meant.
  const samplesPerPixel = ds.number(Tag.SamplesPerPixel) ?? 1;
  const bitsStored = ds.number(Tag.BitsStored) ?? bitsAllocated;
  const highBit = ds.number(Tag.HighBit) ?? bitsStored - 1;
  const photometric =
    ds.string(Tag.PhotometricInterpretation)?.toUpperCase() ??
    (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');

  checkValue(
    rows > 0 && columns > 0,
    `Rows x Columns ${rows}x${columns} is empty`,
  );
  checkValue(
    bitsStored > 0 && bitsStored <= bitsAllocated,
    `BitsStored ${bitsStored} does not fit BitsAllocated ${bitsAllocated}`,
  );
  if (![1, 8, 16, 32, 64].includes(bitsAllocated)) {
    throw dicomError(
      'DCM_UNSUPPORTED_PIXEL_FORMAT',
      `BitsAllocated ${bitsAllocated} is not supported`,
    );
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw dicomError(
      'DCM_UNSUPPORTED_PIXEL_FORMAT',
      `SamplesPerPixel ${samplesPerPixel} is not supported`,
    );
  }
  if (!photometrics.has(photometric)) {
    throw dicomError(
      'DCM_UNSUPPORTED_PIXEL_FORMAT',
      `PhotometricInterpretation ${photometric} is not supported`,
    );
  }

  const frames = ds.number(Tag.NumberOfFrames);
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: pixelKind === 'integer' && ds.number(Tag.PixelRepresentation) === 1,
    photometric,
    planarConfiguration:
      samplesPerPixel > 1 ? (ds.number(Tag.PlanarConfiguration) ?? 0) : 0,
    numberOfFrames:
      frames !== undefined && frames >= 1 ? Math.floor(frames) : 1,
    pixelKind,
    element,
  };
}

function checkValue(ok: boolean, message: string): void {
  if (!ok) throw dicomError('DCM_BAD_ATTRIBUTE', message);
}

/**
 * Bytes one native (uncompressed) frame occupies. 1-bit frames are not
 * byte-aligned; callers handle them by bit offset.
 */
export function nativeFrameBytes(module: PixelModule): number {
  const pixels = module.rows * module.columns;
  if (module.bitsAllocated === 1) return Math.ceil(pixels / 8);
  // YBR_FULL_422 keeps two luma samples and one Cb/Cr pair per two pixels.
  const samples =
    module.photometric === 'YBR_FULL_422' ? 2 : module.samplesPerPixel;
  return pixels * samples * (module.bitsAllocated / 8);
}

/** Bytes all native frames need together. */
export function nativePixelBytes(module: PixelModule): number {
  if (module.bitsAllocated === 1) {
    return Math.ceil(
      (module.rows * module.columns * module.numberOfFrames) / 8,
    );
  }
  return nativeFrameBytes(module) * module.numberOfFrames;
}
