import type { DicomDataset } from './dataset.js';
import { Tag } from './tags.js';

/** A lookup table as DICOM describes it (modality, VOI or one palette channel). */
export interface Lut {
  /** The stored (or modality) value that maps to the first entry. */
  readonly firstMapped: number;
  /** Bits per entry from the descriptor. */
  readonly bits: number;
  readonly data: Uint16Array;
}

/** The three channels of a PALETTE COLOR lookup. */
export interface Palette {
  readonly red: Lut;
  readonly green: Lut;
  readonly blue: Lut;
}

/**
 * Reads a LUT from its descriptor (entries, first mapped value, bits) and
 * data. An entry count of 0 means 65536. The first mapped value is signed
 * when the values it indexes are. 8-bit tables written two entries to a
 * 16-bit word are unpacked.
 */
export function readLut(
  descriptor: number[],
  words: number[],
  indexSigned: boolean,
): Lut | undefined {
  const [count = 0, first = 0, bits = 16] = descriptor;
  const entries = count === 0 ? 65536 : count;
  if (words.length === 0) return undefined;

  const firstMapped = indexSigned && first > 32767 ? first - 65536 : first;
  let data = Uint16Array.from(words.slice(0, entries));
  if (bits <= 8 && words.length * 2 >= entries && words.length < entries) {
    data = new Uint16Array(entries);
    for (let index = 0; index < entries; index += 1) {
      const word = words[index >> 1] ?? 0;
      data[index] = index % 2 === 0 ? word & 0xff : word >> 8;
    }
  }
  return { firstMapped, bits: bits || 16, data };
}

/** Reads a Modality or VOI LUT Sequence item. */
export function readLutItem(
  item: DicomDataset,
  indexSigned: boolean,
): Lut | undefined {
  return readLut(
    item.numbers(Tag.LUTDescriptor),
    item.numbers(Tag.LUTData),
    indexSigned,
  );
}

/**
 * Reads the red, green and blue palette tables of a PALETTE COLOR image.
 * Known limitation: Segmented Palette Color LUT Data (0028,1221-1223) is
 * not expanded; such images render without their palette (as grey).
 */
export function readPalette(ds: DicomDataset): Palette | undefined {
  const channel = (descriptor: string, data: string) =>
    readLut(ds.numbers(descriptor), ds.numbers(data), false);
  const red = channel(
    Tag.RedPaletteColorLookupTableDescriptor,
    Tag.RedPaletteColorLookupTableData,
  );
  const green = channel(
    Tag.GreenPaletteColorLookupTableDescriptor,
    Tag.GreenPaletteColorLookupTableData,
  );
  const blue = channel(
    Tag.BluePaletteColorLookupTableDescriptor,
    Tag.BluePaletteColorLookupTableData,
  );
  if (!red || !green || !blue) return undefined;
  return { red, green, blue };
}

/** The LUT entry for a value, clamped to the first and last entries. */
export function lookUp(lut: Lut, value: number): number {
  const index = Math.round(value) - lut.firstMapped;
  const last = lut.data.length - 1;
  return lut.data[index <= 0 ? 0 : index >= last ? last : index] ?? 0;
}
