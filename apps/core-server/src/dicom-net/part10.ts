import { longVrs } from '@atrium/dicom';
import {
  ATRIUM_IMPLEMENTATION_CLASS_UID,
  ATRIUM_IMPLEMENTATION_VERSION,
} from './dimse.js';

/** What the file meta information of a received object says. */
export interface FileMetaFacts {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** Calling AE title of the sender, when known. */
  sourceAeTitle?: string;
}

const PREAMBLE_LENGTH = 128;
const PREFIX = Buffer.from('DICM', 'latin1');

/**
 * The preamble, `DICM` and the group 0002 file meta elements (explicit VR
 * little endian) that make a data set received over the network a Part-10
 * file. The data set itself follows unchanged in its transfer syntax.
 */
export function buildFileMeta(facts: FileMetaFacts): Buffer {
  const elements = [
    element(0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 'UI', uidBytes(facts.sopClassUid)),
    element(0x0003, 'UI', uidBytes(facts.sopInstanceUid)),
    element(0x0010, 'UI', uidBytes(facts.transferSyntaxUid)),
    element(0x0012, 'UI', uidBytes(ATRIUM_IMPLEMENTATION_CLASS_UID)),
    element(0x0013, 'SH', textBytes(ATRIUM_IMPLEMENTATION_VERSION)),
  ];
  if (facts.sourceAeTitle) {
    elements.push(element(0x0016, 'AE', textBytes(facts.sourceAeTitle)));
  }
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length);

  return Buffer.concat([
    Buffer.alloc(PREAMBLE_LENGTH),
    PREFIX,
    element(0x0000, 'UL', groupLength),
    body,
  ]);
}

/** Where the data set of a stored file starts, and what its meta says. */
export interface SplitFile {
  datasetOffset: number;
  transferSyntaxUid: string | undefined;
  sopClassUid: string | undefined;
  sopInstanceUid: string | undefined;
}

/**
 * Finds the end of the file meta of a Part-10 file without parsing the
 * data set. A file without the `DICM` prefix is a bare data set that
 * starts at 0 (the image database accepts those).
 */
export function splitPart10(bytes: Uint8Array): SplitFile {
  const split: SplitFile = {
    datasetOffset: 0,
    transferSyntaxUid: undefined,
    sopClassUid: undefined,
    sopInstanceUid: undefined,
  };
  if (!hasPrefix(bytes)) return split;

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PREAMBLE_LENGTH + PREFIX.length;
  // Meta elements are always explicit VR little endian; read while the
  // group is 0002 rather than trust the group length, which some writers
  // get wrong.
  while (offset + 8 <= bytes.byteLength) {
    if (view.getUint16(offset, true) !== 0x0002) break;
    const elementNumber = view.getUint16(offset + 2, true);
    const vr = latin1(bytes.subarray(offset + 4, offset + 6));
    const long = longVrs.has(vr);
    const length = long
      ? view.getUint32(offset + 8, true)
      : view.getUint16(offset + 6, true);
    const start = offset + (long ? 12 : 8);
    const value = () =>
      trimValue(latin1(bytes.subarray(start, start + length)));

    if (elementNumber === 0x0002) split.sopClassUid = value();
    if (elementNumber === 0x0003) split.sopInstanceUid = value();
    if (elementNumber === 0x0010) split.transferSyntaxUid = value();
    offset = start + length;
  }
  split.datasetOffset = offset;
  return split;
}

function hasPrefix(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= PREAMBLE_LENGTH + 4 &&
    PREFIX.equals(bytes.subarray(PREAMBLE_LENGTH, PREAMBLE_LENGTH + 4))
  );
}

function element(elementNumber: number, vr: string, value: Buffer): Buffer {
  const long = longVrs.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** A UID value, padded to even length with a NUL as the standard says. */
function uidBytes(uid: string): Buffer {
  const text = uid.length % 2 === 0 ? uid : `${uid}\0`;
  return Buffer.from(text, 'latin1');
}

/** A text value, padded to even length with a space. */
function textBytes(text: string): Buffer {
  return Buffer.from(text.length % 2 === 0 ? text : `${text} `, 'latin1');
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'latin1',
  );
}

function trimValue(value: string): string {
  return value.replace(/[\0 ]+$/, '');
}
