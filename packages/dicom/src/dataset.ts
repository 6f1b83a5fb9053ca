import { latin1, selectDecoder, textVrs } from './charset.js';
import { Tag } from './tags.js';

/** One attribute as found in the file. */
export interface DicomElement {
  readonly tag: string;
  /** The VR from the file (explicit) or the dictionary (implicit), else UN. */
  readonly vr: string;
  /** Value bytes present in the file (fewer than declared when truncated). */
  readonly value: Uint8Array;
  /** Declared value length; undefined for undefined-length elements. */
  readonly declaredLength: number | undefined;
  /** True when the file ended before the declared value length. */
  readonly truncated: boolean;
  /** Items of a sequence. */
  readonly items?: DicomDataset[];
  /** Fragments of encapsulated Pixel Data, Basic Offset Table excluded. */
  readonly fragments?: Uint8Array[];
  /** Basic Offset Table of encapsulated Pixel Data (empty if absent). */
  readonly offsetTable?: number[];
}

/** Where the bytes of a damaged file ran out, or a length ran past them. */
export interface Truncation {
  /** The element cut short, when at least its tag could be read. */
  readonly tag: string | undefined;
  /** Where that element starts, in bytes from the start of the file. */
  readonly offset: number;
  /** One sentence naming the element and what is missing. */
  readonly message: string;
}

/** A parsed DICOM data set (or a sequence item) with typed accessors. */
export interface DicomDataset {
  /** From the file meta, or the one guessed for files without meta. */
  readonly transferSyntaxUid: string;
  /** Size of the parsed bytes (the whole file for a top-level data set). */
  readonly byteLength: number;
  /** Whether binary values and native pixel data are little-endian. */
  readonly littleEndian: boolean;
  /**
   * Set when the file ended inside an element (or a declared length ran
   * past its end): the first such place. Everything after it is missing.
   * Items report the truncation of the whole file.
   */
  readonly truncation: Truncation | undefined;
  has(tag: string): boolean;
  /** Trimmed first value; undefined if absent or empty. */
  string(tag: string): string | undefined;
  /** All backslash-separated values, trimmed. */
  strings(tag: string): string[];
  /** First value of a numeric attribute (IS, DS, US, SS, UL, SL, FL, FD). */
  number(tag: string): number | undefined;
  /** All values of a numeric attribute; values that are not numbers are left out. */
  numbers(tag: string): number[];
  /** Items of a sequence; empty if absent. */
  sequence(tag: string): DicomDataset[];
  /** The attribute as found, for raw bytes and pixel data fragments. */
  element(tag: string): DicomElement | undefined;
  /** Tags present at this level, in file order. */
  tags(): string[];
}

/** Facts shared by every level of one parsed file. */
export interface ParseContext {
  readonly transferSyntaxUid: string;
  readonly byteLength: number;
  readonly littleEndian: boolean;
  /** Filled in by the parser at the first place the bytes run out. */
  truncation: Truncation | undefined;
}

const binaryReaders: Record<
  string,
  [number, (v: DataView, o: number, le: boolean) => number]
> = {
  US: [2, (v, o, le) => v.getUint16(o, le)],
  OW: [2, (v, o, le) => v.getUint16(o, le)],
  SS: [2, (v, o, le) => v.getInt16(o, le)],
  UL: [4, (v, o, le) => v.getUint32(o, le)],
  OL: [4, (v, o, le) => v.getUint32(o, le)],
  SL: [4, (v, o, le) => v.getInt32(o, le)],
  FL: [4, (v, o, le) => v.getFloat32(o, le)],
  OF: [4, (v, o, le) => v.getFloat32(o, le)],
  FD: [8, (v, o, le) => v.getFloat64(o, le)],
  OD: [8, (v, o, le) => v.getFloat64(o, le)],
  OB: [1, (v, o) => v.getUint8(o)],
  OV: [8, (v, o, le) => Number(v.getBigUint64(o, le))],
  UV: [8, (v, o, le) => Number(v.getBigUint64(o, le))],
  SV: [8, (v, o, le) => Number(v.getBigInt64(o, le))],
};

/** VRs whose whole value is one text, backslash included. */
const singleTextVrs = new Set(['ST', 'LT', 'UT', 'UR']);

/** A data set parsed from bytes; items share the parse context. */
export class ParsedDataset implements DicomDataset {
  readonly #elements: Map<string, DicomElement>;
  readonly #context: ParseContext;
  readonly #parent: ParsedDataset | undefined;

  constructor(
    elements: Map<string, DicomElement>,
    context: ParseContext,
    parent?: ParsedDataset,
  ) {
    this.#elements = elements;
    this.#context = context;
    this.#parent = parent;
  }

  get transferSyntaxUid(): string {
    return this.#context.transferSyntaxUid;
  }

  get byteLength(): number {
    return this.#context.byteLength;
  }

  get littleEndian(): boolean {
    return this.#context.littleEndian;
  }

  get truncation(): Truncation | undefined {
    return this.#context.truncation;
  }

  has(tag: string): boolean {
    return this.#elements.has(tag);
  }

  element(tag: string): DicomElement | undefined {
    return this.#elements.get(tag);
  }

  tags(): string[] {
    return [...this.#elements.keys()];
  }

  string(tag: string): string | undefined {
    const first = this.strings(tag)[0];
    return first === '' ? undefined : first;
  }

  strings(tag: string): string[] {
    const element = this.#elements.get(tag);
    if (!element || element.items) return [];

    if (binaryReaders[element.vr] && element.vr !== 'OB') {
      return this.numbers(tag).map(String);
    }
    if (element.vr === 'AT')
      return readAttributeTags(element, this.littleEndian);

    const text = this.#decodeText(element);
    if (text === '') return [];
    if (singleTextVrs.has(element.vr)) return [text];
    return text.split('\\').map((value) => trimText(value));
  }

  number(tag: string): number | undefined {
    return this.numbers(tag)[0];
  }

  numbers(tag: string): number[] {
    const element = this.#elements.get(tag);
    if (!element || element.items) return [];

    const reader = binaryReaders[element.vr];
    if (reader)
      return readBinaryNumbers(element.value, reader, this.littleEndian);
    if (element.vr !== 'IS' && element.vr !== 'DS') return [];

    return latin1
      .decode(element.value)
      .split('\\')
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map(Number)
      .filter((value) => Number.isFinite(value));
  }

  sequence(tag: string): DicomDataset[] {
    return this.#elements.get(tag)?.items ?? [];
  }

  /** The Specific Character Set in force here (items inherit it). */
  characterSets(): string[] {
    const own = this.#elements.get(Tag.SpecificCharacterSet);
    if (own) return latin1.decode(own.value).split('\\');
    return this.#parent?.characterSets() ?? [];
  }

  #decodeText(element: DicomElement): string {
    const decoder = textVrs.has(element.vr)
      ? selectDecoder(this.characterSets())
      : latin1;
    return trimText(decoder.decode(element.value));
  }
}

/** Trims spaces and the NUL padding some writers leave. */
function trimText(text: string): string {
  return text.replace(/^[\s\0]+|[\s\0]+$/g, '');
}

function readBinaryNumbers(
  value: Uint8Array,
  [size, read]: [number, (v: DataView, o: number, le: boolean) => number],
  littleEndian: boolean,
): number[] {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const count = Math.floor(value.byteLength / size);
  const numbers = new Array<number>(count);
  for (let index = 0; index < count; index += 1) {
    numbers[index] = read(view, index * size, littleEndian);
  }
  return numbers;
}

function readAttributeTags(
  element: DicomElement,
  littleEndian: boolean,
): string[] {
  const words = readBinaryNumbers(
    element.value,
    [2, (v, o, le) => v.getUint16(o, le)],
    littleEndian,
  );
  const tags: string[] = [];
  for (let index = 0; index + 1 < words.length; index += 2) {
    const hex = (word: number | undefined) =>
      (word ?? 0).toString(16).padStart(4, '0');
    tags.push(`x${hex(words[index])}${hex(words[index + 1])}`);
  }
  return tags;
}
