import { inflateRawSync } from 'node:zlib';

import {
  ParsedDataset,
  type DicomDataset,
  type DicomElement,
  type ParseContext,
  type Truncation,
} from './dataset.js';
import { dicomError } from './errors.js';
import {
  type Encoding,
  isVrAt,
  longVrs,
  readUint16,
  readUint32,
  UNDEFINED_LENGTH,
} from './parse-bytes.js';
import { DatasetParser } from './parse-dataset.js';
import { Tag } from './tags.js';
import {
  isBigEndian,
  isDeflated,
  isImplicitVr,
  TransferSyntax,
} from './transfer-syntax.js';
import { latin1 } from './charset.js';

/**
 * Says cheaply whether bytes look like DICOM: 'part10' when DICM sits at
 * offset 128, 'raw' when they start like a bare implicit or explicit data
 * set (ACR-NEMA style, no preamble), null when they plainly are not DICOM.
 */
export function sniffDicom(bytes: Uint8Array): 'part10' | 'raw' | null {
  if (hasPart10Prefix(bytes)) return 'part10';
  return sniffRawEncoding(bytes, 0) ? 'raw' : null;
}

/**
 * Parses a Part-10 file or a bare data set. Throws DCM_NOT_DICOM when the
 * bytes are not DICOM and DCM_MALFORMED when the structure breaks (sequences
 * nested deeper than MAX_SEQUENCE_DEPTH included). A file that ends inside
 * an element keeps what was read before: the cut value is marked truncated
 * and the data set's `truncation` says where the file ran out, so the
 * header of a damaged file stays readable and the damage is never silent.
 */
export function parseDicom(input: Uint8Array): DicomDataset {
  // A Node Buffer's slice() shares memory; a plain view makes slice() copy,
  // so decoded frames never alias (or swap bytes in) the caller's file.
  const bytes = new Uint8Array(
    input.buffer,
    input.byteOffset,
    input.byteLength,
  );
  const elements = new Map<string, DicomElement>();
  let meta: FileMeta = { end: 0, truncation: undefined };
  let syntax: string | undefined;

  if (hasPart10Prefix(bytes)) {
    meta = readFileMeta(bytes, 132, elements);
    syntax = textOf(elements.get(Tag.TransferSyntaxUID));
  } else if (readUint16(bytes, 0, true) === 0x0002) {
    meta = readFileMeta(bytes, 0, elements);
    syntax = textOf(elements.get(Tag.TransferSyntaxUID));
  }

  let body = bytes.subarray(meta.end);
  const deflated = syntax !== undefined && isDeflated(syntax);
  if (deflated) body = inflateBody(body);

  const encoding = chooseEncoding(body, syntax, meta.end === 0);
  const uid = syntax || guessSyntax(encoding);
  const context: ParseContext = {
    transferSyntaxUid: uid,
    byteLength: bytes.byteLength,
    littleEndian: encoding.littleEndian,
    truncation: meta.truncation,
  };
  const root = new ParsedDataset(elements, context);
  // Offsets in an inflated data set count from its own start.
  const base = deflated ? 0 : meta.end;
  const parser = new DatasetParser(body, encoding, context, base);
  parser.readInto(elements, body.byteLength, root, false);
  return root;
}

/** Where the file meta ends, and where it was cut short if it was. */
interface FileMeta {
  end: number;
  truncation: Truncation | undefined;
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

function textOf(element: DicomElement | undefined): string | undefined {
  if (!element) return undefined;
  return (
    latin1
      .decode(element.value)
      .replace(/[\s\0]+$/g, '')
      .trim() || undefined
  );
}

/** Reads the group 0002 elements (always explicit VR LE) into `elements`. */
function readFileMeta(
  bytes: Uint8Array,
  start: number,
  elements: Map<string, DicomElement>,
): FileMeta {
  const context: ParseContext = {
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    byteLength: bytes.byteLength,
    littleEndian: true,
    truncation: undefined,
  };
  const meta = new DatasetParser(
    bytes,
    { littleEndian: true, explicit: true },
    context,
  );
  const end = meta.readMetaGroup(start, elements);
  return { end, truncation: context.truncation };
}

function inflateBody(body: Uint8Array): Uint8Array {
  try {
    return new Uint8Array(inflateRawSync(body));
  } catch (cause) {
    throw dicomError(
      'DCM_MALFORMED',
      `The deflated data set could not be inflated: ${(cause as Error).message}`,
    );
  }
}

/**
 * Picks the encoding of the data set. A declared syntax is trusted except
 * that a little-endian file whose first element plainly has (or lacks) a VR
 * is read the way it is written, as dcmtk does. Without meta the start of
 * the data set decides.
 */
function chooseEncoding(
  body: Uint8Array,
  syntax: string | undefined,
  bare: boolean,
): Encoding {
  const sniffed = sniffRawEncoding(body, 0);
  if (!syntax) {
    if (sniffed) return sniffed;
    if (bare)
      throw dicomError(
        'DCM_NOT_DICOM',
        'No DICM prefix and no recognisable data set at the start of the file',
      );
    return { littleEndian: true, explicit: false };
  }

  if (isBigEndian(syntax)) return { littleEndian: false, explicit: true };
  const declared = { littleEndian: true, explicit: !isImplicitVr(syntax) };
  if (sniffed?.littleEndian && sniffed.explicit !== declared.explicit)
    return sniffed;
  return declared;
}

function guessSyntax(encoding: Encoding): string {
  if (!encoding.littleEndian) return TransferSyntax.ExplicitVRBigEndian;
  return encoding.explicit
    ? TransferSyntax.ExplicitVRLittleEndian
    : TransferSyntax.ImplicitVRLittleEndian;
}

/**
 * Recognises the start of a bare data set: the first tag is in group 0000,
 * 0002 or 0008 (the groups a data set begins with), and either a VR follows
 * (explicit) or a length that fits the file (implicit); the next tag must
 * not go backwards.
 */
function sniffRawEncoding(
  bytes: Uint8Array,
  offset: number,
): Encoding | undefined {
  if (bytes.byteLength < offset + 8) return undefined;
  const startGroups = [0x0000, 0x0002, 0x0008];

  for (const littleEndian of [true, false]) {
    const group = readUint16(bytes, offset, littleEndian);
    if (!startGroups.includes(group)) continue;

    const explicit = isVrAt(bytes, offset + 4);
    if (!explicit && !littleEndian) continue;

    const next = nextElementOffset(bytes, offset, { littleEndian, explicit });
    if (next === undefined) continue;
    if (next + 4 > bytes.byteLength) return { littleEndian, explicit };
    if (readUint16(bytes, next, littleEndian) >= group)
      return { littleEndian, explicit };
  }
  return undefined;
}

function nextElementOffset(
  bytes: Uint8Array,
  offset: number,
  encoding: Encoding,
): number | undefined {
  let length: number;
  let header = 8;
  if (encoding.explicit) {
    const vr = String.fromCharCode(
      bytes[offset + 4] ?? 0,
      bytes[offset + 5] ?? 0,
    );
    if (longVrs.has(vr)) {
      header = 12;
      length = readUint32(bytes, offset + 8, encoding.littleEndian);
    } else {
      length = readUint16(bytes, offset + 6, encoding.littleEndian);
    }
  } else {
    length = readUint32(bytes, offset + 4, true);
  }
  if (length === UNDEFINED_LENGTH) return offset + header;
  const next = offset + header + length;
  return next <= bytes.byteLength ? next : undefined;
}
