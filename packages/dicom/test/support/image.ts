import {
  parseDicom,
  Tag,
  TransferSyntax,
  type DicomDataset,
} from '../../src/index.js';
import { type ElementSpec, writeDataset, writePart10 } from './write-dicom.js';

/** Attributes of a synthetic image; pixel data is given as raw bytes. */
export interface SyntheticImage {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored?: number;
  signed?: boolean;
  samplesPerPixel?: number;
  photometric?: string;
  planarConfiguration?: number;
  frames?: number;
  pixelData?: Uint8Array;
  pixelTag?: string;
  pixelVr?: string;
  extra?: ElementSpec[];
  transferSyntaxUid?: string;
  littleEndian?: boolean;
  /** Already encoded Pixel Data element (for encapsulated syntaxes). */
  encapsulated?: Uint8Array;
}

/** Builds and parses a Part-10 image with the given attributes. */
export function createImage(image: SyntheticImage): DicomDataset {
  const littleEndian = image.littleEndian ?? true;
  const elements: ElementSpec[] = [
    { tag: Tag.SOPClassUID, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' },
    { tag: Tag.Modality, vr: 'CS', value: 'OT' },
    { tag: Tag.SamplesPerPixel, vr: 'US', value: [image.samplesPerPixel ?? 1] },
    {
      tag: Tag.PhotometricInterpretation,
      vr: 'CS',
      value: image.photometric ?? 'MONOCHROME2',
    },
    ...(image.planarConfiguration === undefined
      ? []
      : [
          {
            tag: Tag.PlanarConfiguration,
            vr: 'US',
            value: [image.planarConfiguration],
          },
        ]),
    ...(image.frames === undefined
      ? []
      : [{ tag: Tag.NumberOfFrames, vr: 'IS', value: String(image.frames) }]),
    { tag: Tag.Rows, vr: 'US', value: [image.rows] },
    { tag: Tag.Columns, vr: 'US', value: [image.columns] },
    { tag: Tag.BitsAllocated, vr: 'US', value: [image.bitsAllocated] },
    {
      tag: Tag.BitsStored,
      vr: 'US',
      value: [image.bitsStored ?? image.bitsAllocated],
    },
    {
      tag: Tag.HighBit,
      vr: 'US',
      value: [(image.bitsStored ?? image.bitsAllocated) - 1],
    },
    { tag: Tag.PixelRepresentation, vr: 'US', value: [image.signed ? 1 : 0] },
    ...(image.extra ?? []),
  ];
  elements.sort((a, b) => a.tag.localeCompare(b.tag));
  if (image.pixelData) {
    elements.push({
      tag: image.pixelTag ?? Tag.PixelData,
      vr: image.pixelVr ?? 'OW',
      value: image.pixelData,
    });
  }

  const body = writeDataset(elements, { explicit: true, littleEndian });
  const full = image.encapsulated
    ? Uint8Array.from([...body, ...image.encapsulated])
    : body;
  const syntax =
    image.transferSyntaxUid ??
    (littleEndian
      ? TransferSyntax.ExplicitVRLittleEndian
      : TransferSyntax.ExplicitVRBigEndian);
  return parseDicom(writePart10(syntax, full));
}

/** Little-endian bytes of 16-bit values. */
export function wordsOf(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) =>
    view.setUint16(index * 2, value & 0xffff, true),
  );
  return bytes;
}
