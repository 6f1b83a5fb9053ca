import { inflateRawSync } from 'node:zlib';

import {
  ParsedDataset,
  type DicomDataset,
  type DicomElement,
  type ParseContext,
} from './dataset.js';
import { dicomError } from './errors.js';
import { lookUpVr, makeTag, Tag } from './tags.js';
import {
  isBigEndian,
  isDeflated,
  isImplicitVr,
  TransferSyntax,
} from './transfer-syntax.js';
import { latin1 } from './charset.js';

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 'xfffee000';
const ITEM_DELIMITER = 'xfffee00d';
const SEQUENCE_DELIMITER = 'xfffee0dd';

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR. */
const longVrs = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const knownVrs = new Set([
  ...longVrs,
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FL',
  'FD',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'SL',
  'SS',
  'ST',
  'TM',
  'UI',
  'UL',
  'US',
]);

interface Encoding {
  littleEndian: boolean;
  explicit: boolean;
}

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
 * bytes are not DICOM and DCM_MALFORMED when the structure breaks. A value
 * cut short by the end of the file is kept and marked truncated, so the
 * header of a damaged file stays readable.
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
  let offset = 0;
  let syntax: string | undefined;

  if (hasPart10Prefix(bytes)) {
    offset = readFileMeta(bytes, 132, elements);
    syntax = textOf(elements.get(Tag.TransferSyntaxUID));
  } else if (readUint16(bytes, 0, true) === 0x0002) {
    offset = readFileMeta(bytes, 0, elements);
    syntax = textOf(elements.get(Tag.TransferSyntaxUID));
  }

  let body = bytes.subarray(offset);
  if (syntax && isDeflated(syntax)) {
    body = inflateBody(body);
  }

  const encoding = chooseEncoding(body, syntax, offset === 0);
  const uid = syntax || guessSyntax(encoding);
  const context: ParseContext = {
    transferSyntaxUid: uid,
    byteLength: bytes.byteLength,
    littleEndian: encoding.littleEndian,
  };
  const root = new ParsedDataset(elements, context);
  const parser = new DatasetParser(body, encoding, context);
  parser.readInto(elements, body.byteLength, root, false);
  return root;
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

function readUint16(
  bytes: Uint8Array,
  offset: number,
  littleEndian: boolean,
): number {
  const a = bytes[offset] ?? 0;
  const b = bytes[offset + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

function readUint32(
  bytes: Uint8Array,
  offset: number,
  littleEndian: boolean,
): number {
  const low = readUint16(bytes, offset, littleEndian);
  const high = readUint16(bytes, offset + 2, littleEndian);
  return littleEndian ? low + high * 0x10000 : low * 0x10000 + high;
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
): number {
  const meta = new DatasetParser(
    bytes,
    { littleEndian: true, explicit: true },
    {
      transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
      byteLength: bytes.byteLength,
      littleEndian: true,
    },
  );
  return meta.readMetaGroup(start, elements);
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

function isVrAt(bytes: Uint8Array, offset: number): boolean {
  const vr = String.fromCharCode(bytes[offset] ?? 0, bytes[offset + 1] ?? 0);
  return knownVrs.has(vr);
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

/** Walks elements of one encoding over one byte array. */
class DatasetParser {
  readonly #bytes: Uint8Array;
  #encoding: Encoding;
  readonly #context: ParseContext;
  #offset = 0;

  constructor(bytes: Uint8Array, encoding: Encoding, context: ParseContext) {
    this.#bytes = bytes;
    this.#encoding = encoding;
    this.#context = context;
  }

  readMetaGroup(start: number, elements: Map<string, DicomElement>): number {
    this.#offset = start;
    while (this.#offset + 8 <= this.#bytes.byteLength) {
      if (readUint16(this.#bytes, this.#offset, true) !== 0x0002) break;
      const element = this.#readElement(undefined);
      elements.set(element.tag, element);
    }
    return this.#offset;
  }

  /**
   * Reads elements until `end` or, inside an undefined-length item, until
   * the item delimiter. Returns where reading stopped.
   */
  readInto(
    elements: Map<string, DicomElement>,
    end: number,
    owner: ParsedDataset,
    inItem: boolean,
  ): number {
    while (this.#offset < end) {
      if (end - this.#offset < 8) {
        // Trailing padding shorter than an element header carries nothing.
        this.#offset = end;
        break;
      }
      const tag = this.#peekTag();
      if (tag === ITEM_DELIMITER) {
        this.#offset += 8;
        if (inItem) return this.#offset;
        continue;
      }
      if (tag === SEQUENCE_DELIMITER) {
        this.#offset += 8;
        continue;
      }
      const element = this.#readElement(owner);
      if (!elements.has(element.tag)) elements.set(element.tag, element);
      if (element.truncated) break;
    }
    return this.#offset;
  }

  #peekTag(): string {
    const { littleEndian } = this.#encoding;
    return makeTag(
      readUint16(this.#bytes, this.#offset, littleEndian),
      readUint16(this.#bytes, this.#offset + 2, littleEndian),
    );
  }

  #readElement(owner: ParsedDataset | undefined): DicomElement {
    const bytes = this.#bytes;
    const { littleEndian } = this.#encoding;
    const tag = this.#peekTag();
    const start = this.#offset;
    let vr: string;
    let length: number;
    let unknownExplicit = false;

    if (this.#encoding.explicit && isVrAt(bytes, start + 4)) {
      vr = String.fromCharCode(bytes[start + 4] ?? 0, bytes[start + 5] ?? 0);
      if (longVrs.has(vr)) {
        length = readUint32(bytes, start + 8, littleEndian);
        this.#offset = start + 12;
      } else {
        length = readUint16(bytes, start + 6, littleEndian);
        this.#offset = start + 8;
      }
      if (vr === 'UN') {
        unknownExplicit = true;
        vr = lookUpVr(tag) ?? 'UN';
      }
    } else {
      // Implicit VR, or an explicit file that drops into implicit encoding.
      vr = lookUpVr(tag) ?? 'UN';
      length = readUint32(bytes, start + 4, littleEndian);
      this.#offset = start + 8;
    }

    if (length === UNDEFINED_LENGTH) {
      if (tag === Tag.PixelData) return this.#readFragments(tag, vr);
      if (!unknownExplicit)
        return this.#readSequence(tag, 'SQ', undefined, owner);

      // An undefined-length UN holds a sequence encoded implicit VR LE.
      const outer = this.#encoding;
      this.#encoding = { littleEndian: true, explicit: false };
      try {
        return this.#readSequence(tag, 'SQ', undefined, owner);
      } finally {
        this.#encoding = outer;
      }
    }
    if (vr === 'SQ' || (vr === 'UN' && this.#startsWithItem(length))) {
      return this.#readSequence(tag, 'SQ', length, owner);
    }

    const available = Math.min(length, bytes.byteLength - this.#offset);
    const value = bytes.subarray(this.#offset, this.#offset + available);
    this.#offset += available;
    return {
      tag,
      vr,
      value,
      declaredLength: length,
      truncated: available < length,
    };
  }

  #startsWithItem(length: number): boolean {
    if (length < 8 || this.#offset + 8 > this.#bytes.byteLength) return false;
    return this.#peekTag() === ITEM;
  }

  #readSequence(
    tag: string,
    vr: string,
    length: number | undefined,
    owner: ParsedDataset | undefined,
  ): DicomElement {
    const end =
      length === undefined
        ? this.#bytes.byteLength
        : Math.min(this.#offset + length, this.#bytes.byteLength);
    const items: DicomDataset[] = [];

    while (this.#offset + 8 <= end) {
      const itemTag = this.#peekTag();
      if (itemTag === SEQUENCE_DELIMITER) {
        this.#offset += 8;
        break;
      }
      if (itemTag !== ITEM) {
        throw dicomError(
          'DCM_MALFORMED',
          `Expected a sequence item in ${tag} at byte ${this.#offset}, found ${itemTag}`,
        );
      }
      const itemLength = readUint32(
        this.#bytes,
        this.#offset + 4,
        this.#encoding.littleEndian,
      );
      this.#offset += 8;
      items.push(this.#readItem(itemLength, end, owner));
    }
    if (length !== undefined) this.#offset = Math.max(this.#offset, end);

    return {
      tag,
      vr,
      value: new Uint8Array(0),
      declaredLength: length,
      truncated: false,
      items,
    };
  }

  #readItem(
    length: number,
    sequenceEnd: number,
    owner: ParsedDataset | undefined,
  ): ParsedDataset {
    const elements = new Map<string, DicomElement>();
    const item = new ParsedDataset(elements, this.#context, owner);
    if (length === UNDEFINED_LENGTH) {
      this.readInto(elements, sequenceEnd, item, true);
      return item;
    }
    const end = Math.min(this.#offset + length, sequenceEnd);
    this.readInto(elements, end, item, false);
    this.#offset = end;
    return item;
  }

  #readFragments(tag: string, vr: string): DicomElement {
    const bytes = this.#bytes;
    const fragments: Uint8Array[] = [];
    let offsetTable: number[] | undefined;
    let truncated = false;

    while (this.#offset + 8 <= bytes.byteLength) {
      const itemTag = this.#peekTag();
      const length = readUint32(
        bytes,
        this.#offset + 4,
        this.#encoding.littleEndian,
      );
      this.#offset += 8;
      if (itemTag === SEQUENCE_DELIMITER) break;
      if (itemTag !== ITEM) {
        throw dicomError(
          'DCM_MALFORMED',
          `Expected a pixel data fragment at byte ${this.#offset - 8}, found ${itemTag}`,
        );
      }

      const available = Math.min(length, bytes.byteLength - this.#offset);
      const value = bytes.subarray(this.#offset, this.#offset + available);
      this.#offset += available;
      truncated = available < length;
      if (offsetTable === undefined)
        offsetTable = readOffsetTable(value, this.#encoding.littleEndian);
      else fragments.push(value);
      if (truncated) break;
    }
    if (this.#offset + 8 > bytes.byteLength && this.#offset < bytes.byteLength)
      this.#offset = bytes.byteLength;

    return {
      tag,
      vr,
      value: new Uint8Array(0),
      declaredLength: undefined,
      truncated,
      fragments,
      offsetTable: offsetTable ?? [],
    };
  }
}

function readOffsetTable(value: Uint8Array, littleEndian: boolean): number[] {
  const offsets: number[] = [];
  for (let offset = 0; offset + 4 <= value.byteLength; offset += 4) {
    offsets.push(readUint32(value, offset, littleEndian));
  }
  return offsets;
}
