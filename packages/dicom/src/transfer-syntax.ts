/** Transfer syntax UIDs Atrium knows, by what they are called in the field. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  EncapsulatedUncompressedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.98',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGSpectralSelectionRetired: '1.2.840.10008.1.2.4.53',
  JPEGFullProgressionRetired: '1.2.840.10008.1.2.4.55',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

/** How the pixel data of a transfer syntax is stored, and which codec reads it. */
export type PixelEncoding =
  | 'native'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k'
  | 'rle';

const encodingBySyntax = new Map<string, PixelEncoding>([
  [TransferSyntax.ImplicitVRLittleEndian, 'native'],
  [TransferSyntax.ExplicitVRLittleEndian, 'native'],
  [TransferSyntax.DeflatedExplicitVRLittleEndian, 'native'],
  [TransferSyntax.ExplicitVRBigEndian, 'native'],
  [TransferSyntax.JPEGBaseline8Bit, 'jpeg-baseline'],
  [TransferSyntax.JPEGExtended12Bit, 'jpeg-extended'],
  [TransferSyntax.JPEGSpectralSelectionRetired, 'jpeg-extended'],
  [TransferSyntax.JPEGFullProgressionRetired, 'jpeg-extended'],
  [TransferSyntax.JPEGLossless, 'jpeg-lossless'],
  [TransferSyntax.JPEGLosslessSV1, 'jpeg-lossless'],
  [TransferSyntax.JPEGLSLossless, 'jpeg-ls'],
  [TransferSyntax.JPEGLSNearLossless, 'jpeg-ls'],
  [TransferSyntax.JPEG2000Lossless, 'jpeg2000'],
  [TransferSyntax.JPEG2000, 'jpeg2000'],
  [TransferSyntax.HTJ2KLossless, 'htj2k'],
  [TransferSyntax.HTJ2KLosslessRPCL, 'htj2k'],
  [TransferSyntax.HTJ2K, 'htj2k'],
  [TransferSyntax.RLELossless, 'rle'],
]);

/** The pixel encoding of a transfer syntax, or undefined if unsupported. */
export function lookUpPixelEncoding(uid: string): PixelEncoding | undefined {
  return encodingBySyntax.get(uid);
}

/** Whether the data set after the file meta is implicit VR. */
export function isImplicitVr(uid: string): boolean {
  return uid === TransferSyntax.ImplicitVRLittleEndian;
}

/** Whether the data set after the file meta is big-endian. */
export function isBigEndian(uid: string): boolean {
  return uid === TransferSyntax.ExplicitVRBigEndian;
}

/** Whether the data set after the file meta is deflated. */
export function isDeflated(uid: string): boolean {
  return uid === TransferSyntax.DeflatedExplicitVRLittleEndian;
}
