/**
 * A small DICOM writer for tests: builds data sets element by element so
 * each parser path can be exercised with synthetic bytes.
 */
export interface WriteOptions {
  explicit: boolean;
  littleEndian: boolean;
}

export type ElementSpec =
  | { tag: string; vr: string; value: Uint8Array | string | number[] }
  | {
      tag: string;
      vr: 'SQ';
      items: ElementSpec[][];
      undefinedLength?: boolean;
    };

const longVrs = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'UC',
  'UN',
  'UR',
  'UT',
]);

class Bytes {
  readonly parts: number[] = [];
  constructor(readonly littleEndian: boolean) {}
  u16(value: number): void {
    if (this.littleEndian) this.parts.push(value & 0xff, (value >> 8) & 0xff);
    else this.parts.push((value >> 8) & 0xff, value & 0xff);
  }
  u32(value: number): void {
    const low = value & 0xffff;
    const high = Math.floor(value / 0x10000) & 0xffff;
    if (this.littleEndian) {
      this.u16(low);
      this.u16(high);
    } else {
      this.u16(high);
      this.u16(low);
    }
  }
  bytes(values: ArrayLike<number>): void {
    for (let index = 0; index < values.length; index += 1)
      this.parts.push(values[index] ?? 0);
  }
  text(value: string): void {
    this.bytes(Buffer.from(value, 'latin1'));
  }
}

function encodeValue(
  spec: { vr: string; value: Uint8Array | string | number[] },
  littleEndian: boolean,
): Uint8Array {
  if (spec.value instanceof Uint8Array) return pad(spec.value, spec.vr);
  if (typeof spec.value === 'string')
    return pad(Buffer.from(spec.value, 'utf8'), spec.vr);

  const out = new Bytes(littleEndian);
  for (const number of spec.value) {
    if (spec.vr === 'US' || spec.vr === 'SS' || spec.vr === 'OW')
      out.u16(number & 0xffff);
    else if (spec.vr === 'UL' || spec.vr === 'SL') out.u32(number >>> 0);
    else if (spec.vr === 'FD') {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, number, littleEndian);
      out.bytes(new Uint8Array(view.buffer));
    } else if (spec.vr === 'FL' || spec.vr === 'OF') {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, number, littleEndian);
      out.bytes(new Uint8Array(view.buffer));
    } else out.parts.push(number & 0xff);
  }
  return pad(Uint8Array.from(out.parts), spec.vr);
}

function pad(value: Uint8Array, vr: string): Uint8Array {
  if (value.byteLength % 2 === 0) return value;
  const padded = new Uint8Array(value.byteLength + 1);
  padded.set(value);
  padded[value.byteLength] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
  return padded;
}

/** Encodes elements (sorted as given) in the chosen transfer syntax. */
export function writeDataset(
  elements: ElementSpec[],
  options: WriteOptions,
): Uint8Array {
  const out = new Bytes(options.littleEndian);
  for (const element of elements) writeElement(out, element, options);
  return Uint8Array.from(out.parts);
}

function writeTag(out: Bytes, tag: string): void {
  out.u16(Number.parseInt(tag.slice(1, 5), 16));
  out.u16(Number.parseInt(tag.slice(5, 9), 16));
}

function writeElement(
  out: Bytes,
  element: ElementSpec,
  options: WriteOptions,
): void {
  writeTag(out, element.tag);
  const body =
    'items' in element
      ? writeItems(element.items, options, element.undefinedLength ?? false)
      : encodeValue(element, options.littleEndian);
  const undefinedLength =
    'items' in element && (element.undefinedLength ?? false);
  const length = undefinedLength ? 0xffffffff : body.byteLength;

  if (options.explicit) {
    out.text(element.vr);
    if (longVrs.has(element.vr)) {
      out.u16(0);
      out.u32(length);
    } else out.u16(length);
  } else out.u32(length);
  out.bytes(body);
}

function writeItems(
  items: ElementSpec[][],
  options: WriteOptions,
  undefinedLength: boolean,
): Uint8Array {
  const out = new Bytes(options.littleEndian);
  for (const item of items) {
    const body = writeDataset(item, options);
    writeTag(out, 'xfffee000');
    out.u32(undefinedLength ? 0xffffffff : body.byteLength);
    out.bytes(body);
    if (undefinedLength) {
      writeTag(out, 'xfffee00d');
      out.u32(0);
    }
  }
  if (undefinedLength) {
    writeTag(out, 'xfffee0dd');
    out.u32(0);
  }
  return Uint8Array.from(out.parts);
}

/** A Part-10 file: preamble, DICM, file meta (explicit LE), then `body`. */
export function writePart10(
  transferSyntaxUid: string,
  body: Uint8Array,
): Uint8Array {
  const meta = writeDataset(
    [
      { tag: 'x00020001', vr: 'OB', value: Uint8Array.from([0, 1]) },
      { tag: 'x00020010', vr: 'UI', value: transferSyntaxUid },
    ],
    { explicit: true, littleEndian: true },
  );
  const groupLength = writeDataset(
    [{ tag: 'x00020000', vr: 'UL', value: [meta.byteLength] }],
    {
      explicit: true,
      littleEndian: true,
    },
  );
  const file = new Uint8Array(
    132 + groupLength.byteLength + meta.byteLength + body.byteLength,
  );
  file.set(Buffer.from('DICM'), 128);
  file.set(groupLength, 132);
  file.set(meta, 132 + groupLength.byteLength);
  file.set(body, 132 + groupLength.byteLength + meta.byteLength);
  return file;
}

/** Encapsulated Pixel Data: undefined length, offset table, then fragments. */
export function writeEncapsulatedPixelData(
  offsetTable: number[],
  fragments: Uint8Array[],
): Uint8Array {
  const out = new Bytes(true);
  writeTag(out, 'x7fe00010');
  out.text('OB');
  out.u16(0);
  out.u32(0xffffffff);
  writeTag(out, 'xfffee000');
  out.u32(offsetTable.length * 4);
  for (const offset of offsetTable) out.u32(offset);
  for (const fragment of fragments) {
    writeTag(out, 'xfffee000');
    out.u32(fragment.byteLength);
    out.bytes(fragment);
  }
  writeTag(out, 'xfffee0dd');
  out.u32(0);
  return Uint8Array.from(out.parts);
}
