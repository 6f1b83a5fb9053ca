/**
 * Writes small synthetic DICOM Part-10 files (explicit VR little endian) for
 * tests that need studies with chosen names, dates and modalities.
 */

type Value = string | number | Uint8Array;

/** One attribute: tag as 0xGGGGEEEE, its VR and its value. */
export type SyntheticElement = [tag: number, vr: string, value: Value];

const LONG_LENGTH_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** What a synthetic image instance says about itself. */
export interface SyntheticInstance {
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  patientName?: string;
  patientId?: string;
  studyDate?: string;
  accessionNumber?: string;
  modality?: string;
  /** Leave out Pixel Data (and Rows/Columns) entirely. */
  withoutPixels?: boolean;
}

/** A 2×2 8-bit image instance as Part-10 bytes. */
export function makeSyntheticInstance(spec: SyntheticInstance): Uint8Array {
  const elements: SyntheticElement[] = [
    [0x00080016, 'UI', MR_IMAGE_STORAGE],
    [0x00080018, 'UI', spec.sopInstanceUid],
    [0x00080020, 'DA', spec.studyDate ?? ''],
    [0x00080050, 'SH', spec.accessionNumber ?? ''],
    [0x00080060, 'CS', spec.modality ?? 'MR'],
    [0x00100010, 'PN', spec.patientName ?? ''],
    [0x00100020, 'LO', spec.patientId ?? ''],
    [0x0020000d, 'UI', spec.studyUid],
    [0x0020000e, 'UI', spec.seriesUid],
  ];
  if (!spec.withoutPixels) {
    elements.push(
      [0x00280002, 'US', 1],
      [0x00280004, 'CS', 'MONOCHROME2'],
      [0x00280010, 'US', 2],
      [0x00280011, 'US', 2],
      [0x00280100, 'US', 8],
      [0x00280101, 'US', 8],
      [0x00280102, 'US', 7],
      [0x00280103, 'US', 0],
      [0x7fe00010, 'OB', new Uint8Array([0, 64, 128, 255])],
    );
  }
  return makePart10(elements, spec.sopInstanceUid);
}

/** Part-10 bytes: preamble, DICM, file meta, then the elements in order. */
export function makePart10(
  elements: SyntheticElement[],
  sopInstanceUid = '',
  sopClassUid = MR_IMAGE_STORAGE,
): Uint8Array {
  const meta = concat([
    encodeElement([0x00020001, 'OB', new Uint8Array([0, 1])]),
    encodeElement([0x00020002, 'UI', sopClassUid]),
    encodeElement([0x00020003, 'UI', sopInstanceUid]),
    encodeElement([0x00020010, 'UI', EXPLICIT_LE]),
  ]);
  const groupLength = encodeElement([0x00020000, 'UL', meta.byteLength]);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const body = elements.map((element) => encodeElement(element));
  return concat([preamble, groupLength, meta, ...body]);
}

function encodeElement([tag, vr, value]: SyntheticElement): Uint8Array {
  const bytes = encodeValue(vr, value);
  const long = LONG_LENGTH_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, bytes.byteLength, true);
  else view.setUint16(6, bytes.byteLength, true);
  return concat([header, bytes]);
}

function encodeValue(vr: string, value: Value): Uint8Array {
  if (value instanceof Uint8Array) return padEven(value, 0);
  if (typeof value === 'number') {
    const bytes = new Uint8Array(vr === 'UL' ? 4 : 2);
    const view = new DataView(bytes.buffer);
    if (vr === 'UL') view.setUint32(0, value, true);
    else view.setUint16(0, value, true);
    return bytes;
  }
  const text = new TextEncoder().encode(value);
  return padEven(text, vr === 'UI' ? 0 : 0x20);
}

function padEven(bytes: Uint8Array, pad: number): Uint8Array {
  if (bytes.byteLength % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.byteLength + 1);
  padded.set(bytes);
  padded[bytes.byteLength] = pad;
  return padded;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
