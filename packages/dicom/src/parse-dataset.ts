import {
  ParsedDataset,
  type DicomDataset,
  type DicomElement,
  type ParseContext,
} from './dataset.js';
import { dicomError } from './errors.js';
import {
  type Encoding,
  isVrAt,
  ITEM,
  ITEM_DELIMITER,
  longVrs,
  readUint16,
  readUint32,
  SEQUENCE_DELIMITER,
  showTag,
  UNDEFINED_LENGTH,
} from './parse-bytes.js';
import { lookUpVr, makeTag } from './tags.js';

/**
 * Sequences nested deeper than this are refused as malformed. Real objects
 * (structured reports included) stay far below it; a crafted file nesting
 * thousands of levels would otherwise exhaust the call stack.
 */
export const MAX_SEQUENCE_DEPTH = 128;

/**
 * Walks elements of one encoding over one byte array. Where the bytes run
 * out inside an element, it keeps what it read and notes the first such
 * place in the parse context (`truncation`).
 */
export class DatasetParser {
  readonly #bytes: Uint8Array;
  #encoding: Encoding;
  readonly #context: ParseContext;
  /** Where these bytes start in the file, for the offsets it reports. */
  readonly #base: number;
  #offset = 0;
  #depth = 0;

  constructor(
    bytes: Uint8Array,
    encoding: Encoding,
    context: ParseContext,
    base = 0,
  ) {
    this.#bytes = bytes;
    this.#encoding = encoding;
    this.#context = context;
    this.#base = base;
  }

  /** Reads the group 0002 elements from `start`; returns where they end. */
  readMetaGroup(start: number, elements: Map<string, DicomElement>): number {
    this.#offset = start;
    while (this.#offset + 8 <= this.#bytes.byteLength) {
      if (readUint16(this.#bytes, this.#offset, true) !== 0x0002) break;
      const element = this.#readElement(undefined);
      if (!element) break;
      elements.set(element.tag, element);
      if (element.truncated) break;
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
        this.#noteShortTail(end);
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
      if (!element) break;
      if (!elements.has(element.tag)) elements.set(element.tag, element);
      if (element.truncated || this.#context.truncation) break;
    }
    return this.#offset;
  }

  /**
   * Fewer bytes than an element header before `end`. At the end of the
   * file, zeros are padding some writers leave; anything else is the start
   * of an element the file cut off.
   */
  #noteShortTail(end: number): void {
    if (end !== this.#bytes.byteLength) return;
    const tail = this.#bytes.subarray(this.#offset, end);
    if (tail.every((byte) => byte === 0)) return;

    const tag = tail.byteLength >= 4 ? this.#peekTag() : undefined;
    const what = tag ? `the header of ${showTag(tag)}` : 'an element tag';
    this.#noteTruncation(
      tag,
      this.#offset,
      `The file ends inside ${what} at byte ${this.#base + this.#offset}`,
    );
  }

  #noteTruncation(tag: string | undefined, start: number, message: string) {
    this.#context.truncation ??= {
      tag,
      offset: this.#base + start,
      message,
    };
  }

  #peekTag(): string {
    const { littleEndian } = this.#encoding;
    return makeTag(
      readUint16(this.#bytes, this.#offset, littleEndian),
      readUint16(this.#bytes, this.#offset + 2, littleEndian),
    );
  }

  /** Reads one element; undefined when the file ends inside its header. */
  #readElement(owner: ParsedDataset | undefined): DicomElement | undefined {
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
        if (start + 12 > bytes.byteLength) return this.#cutHeader(tag);
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
      if (tag === 'x7fe00010') return this.#readFragments(tag, vr, start);
      if (!unknownExplicit)
        return this.#readSequence(tag, undefined, owner, start);

      // An undefined-length UN holds a sequence encoded implicit VR LE.
      const outer = this.#encoding;
      this.#encoding = { littleEndian: true, explicit: false };
      try {
        return this.#readSequence(tag, undefined, owner, start);
      } finally {
        this.#encoding = outer;
      }
    }
    if (vr === 'SQ' || (vr === 'UN' && this.#startsWithItem(length))) {
      return this.#readSequence(tag, length, owner, start);
    }

    const available = Math.min(length, bytes.byteLength - this.#offset);
    const value = bytes.subarray(this.#offset, this.#offset + available);
    this.#offset += available;
    if (available < length) {
      this.#noteTruncation(
        tag,
        start,
        `${showTag(tag)} at byte ${this.#base + start} declares ${length} bytes but only ${available} are left in the file`,
      );
    }
    return {
      tag,
      vr,
      value,
      declaredLength: length,
      truncated: available < length,
    };
  }

  /** The file ends inside the 12-byte header of a long-VR element. */
  #cutHeader(tag: string): undefined {
    const start = this.#offset;
    this.#noteTruncation(
      tag,
      start,
      `The file ends inside the header of ${showTag(tag)} at byte ${this.#base + start}`,
    );
    this.#offset = this.#bytes.byteLength;
    return undefined;
  }

  #startsWithItem(length: number): boolean {
    if (length < 8 || this.#offset + 8 > this.#bytes.byteLength) return false;
    return this.#peekTag() === ITEM;
  }

  /** Reads a sequence's items; `elementStart` is where its header is. */
  #readSequence(
    tag: string,
    length: number | undefined,
    owner: ParsedDataset | undefined,
    elementStart: number,
  ): DicomElement {
    if (this.#depth >= MAX_SEQUENCE_DEPTH) {
      throw dicomError(
        'DCM_MALFORMED',
        `Sequence nesting deeper than ${MAX_SEQUENCE_DEPTH} levels at ${showTag(tag)}, byte ${this.#base + elementStart}`,
      );
    }
    this.#depth += 1;
    try {
      return this.#readItems(tag, length, owner, elementStart);
    } finally {
      this.#depth -= 1;
    }
  }

  #readItems(
    tag: string,
    length: number | undefined,
    owner: ParsedDataset | undefined,
    elementStart: number,
  ): DicomElement {
    const start = this.#offset;
    const fileEnd = this.#bytes.byteLength;
    const end =
      length === undefined ? fileEnd : Math.min(start + length, fileEnd);
    const items: DicomDataset[] = [];
    let closed = length !== undefined && start + length <= fileEnd;

    while (this.#offset + 8 <= end && !this.#context.truncation) {
      const itemTag = this.#peekTag();
      if (itemTag === SEQUENCE_DELIMITER) {
        this.#offset += 8;
        closed = true;
        break;
      }
      if (itemTag !== ITEM) {
        throw dicomError(
          'DCM_MALFORMED',
          `Expected a sequence item in ${tag} at byte ${this.#base + this.#offset}, found ${itemTag}`,
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
    if (!closed) {
      this.#noteTruncation(
        tag,
        elementStart,
        `The file ends inside the sequence ${showTag(tag)} that starts at byte ${this.#base + elementStart}`,
      );
    }
    if (length !== undefined) this.#offset = Math.max(this.#offset, end);

    return {
      tag,
      vr: 'SQ',
      value: new Uint8Array(0),
      declaredLength: length,
      truncated: !closed,
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

  #readFragments(tag: string, vr: string, start: number): DicomElement {
    const bytes = this.#bytes;
    const fragments: Uint8Array[] = [];
    let offsetTable: number[] | undefined;
    let truncated = false;
    let closed = false;

    while (this.#offset + 8 <= bytes.byteLength) {
      const itemTag = this.#peekTag();
      const length = readUint32(
        bytes,
        this.#offset + 4,
        this.#encoding.littleEndian,
      );
      this.#offset += 8;
      if (itemTag === SEQUENCE_DELIMITER) {
        closed = true;
        break;
      }
      if (itemTag !== ITEM) {
        throw dicomError(
          'DCM_MALFORMED',
          `Expected a pixel data fragment at byte ${this.#base + this.#offset - 8}, found ${itemTag}`,
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
    if (!closed && this.#offset < bytes.byteLength) {
      // A fragment header cut short: the fragment is missing altogether.
      truncated = true;
      this.#offset = bytes.byteLength;
    }
    if (!closed) {
      this.#noteTruncation(
        tag,
        start,
        `The file ends inside the encapsulated Pixel Data that starts at byte ${this.#base + start}, before its sequence delimiter`,
      );
    }

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
