import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

import { testdataPath } from '@atrium/testdata';
import { describe, expect, it } from 'vitest';

import {
  MAX_SEQUENCE_DEPTH,
  parseDicom,
  sniffDicom,
  Tag,
  TransferSyntax,
} from '../src/index.js';
import {
  type ElementSpec,
  writeDataset,
  writeEncapsulatedPixelData,
  writePart10,
} from './support/write-dicom.js';

const header: ElementSpec[] = [
  { tag: Tag.SOPClassUID, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.4' },
  { tag: Tag.StudyDate, vr: 'DA', value: '20120000' },
  { tag: Tag.Modality, vr: 'CS', value: 'MR' },
  { tag: Tag.PatientName, vr: 'PN', value: 'Doe^Jane' },
  {
    tag: Tag.StudyInstanceUID,
    vr: 'UI',
    value: '1.2.840.99.08975550791105350405',
  },
  { tag: Tag.SeriesNumber, vr: 'IS', value: '300' },
  {
    tag: Tag.ImagePositionPatient,
    vr: 'DS',
    value: '162.673\\35.618\\-144.459',
  },
  { tag: Tag.Rows, vr: 'US', value: [256] },
  { tag: Tag.Columns, vr: 'US', value: [192] },
];

function expectHeader(ds: ReturnType<typeof parseDicom>): void {
  expect(ds.string(Tag.Modality)).toBe('MR');
  expect(ds.string(Tag.PatientName)).toBe('Doe^Jane');
  expect(ds.number(Tag.Rows)).toBe(256);
  expect(ds.number(Tag.Columns)).toBe(192);
  expect(ds.number(Tag.SeriesNumber)).toBe(300);
  expect(ds.numbers(Tag.ImagePositionPatient)).toEqual([
    162.673, 35.618, -144.459,
  ]);
}

describe('parseDicom', () => {
  it('reads explicit VR little endian with file meta', () => {
    const body = writeDataset(header, { explicit: true, littleEndian: true });
    const ds = parseDicom(
      writePart10(TransferSyntax.ExplicitVRLittleEndian, body),
    );
    expect(ds.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(ds.string(Tag.TransferSyntaxUID)).toBe(
      TransferSyntax.ExplicitVRLittleEndian,
    );
    expectHeader(ds);
  });

  it('reads implicit VR little endian using the dictionary VR', () => {
    const body = writeDataset(header, { explicit: false, littleEndian: true });
    const ds = parseDicom(
      writePart10(TransferSyntax.ImplicitVRLittleEndian, body),
    );
    expect(ds.element(Tag.Rows)?.vr).toBe('US');
    expectHeader(ds);
  });

  it('reads explicit VR big endian, swapping binary values', () => {
    const body = writeDataset(header, { explicit: true, littleEndian: false });
    const ds = parseDicom(
      writePart10(TransferSyntax.ExplicitVRBigEndian, body),
    );
    expect(ds.littleEndian).toBe(false);
    expectHeader(ds);
  });

  it('inflates a deflated data set', () => {
    const body = deflateRawSync(
      writeDataset(header, { explicit: true, littleEndian: true }),
    );
    const ds = parseDicom(
      writePart10(TransferSyntax.DeflatedExplicitVRLittleEndian, body),
    );
    expect(ds.transferSyntaxUid).toBe(
      TransferSyntax.DeflatedExplicitVRLittleEndian,
    );
    expectHeader(ds);
  });

  it('guesses implicit or explicit VR for a bare data set without meta', () => {
    const implicit = parseDicom(
      writeDataset(header, { explicit: false, littleEndian: true }),
    );
    expect(implicit.transferSyntaxUid).toBe(
      TransferSyntax.ImplicitVRLittleEndian,
    );
    expectHeader(implicit);

    const explicit = parseDicom(
      writeDataset(header, { explicit: true, littleEndian: true }),
    );
    expect(explicit.transferSyntaxUid).toBe(
      TransferSyntax.ExplicitVRLittleEndian,
    );
    expectHeader(explicit);
  });

  it('reads a file whose meta says explicit VR but whose data set is implicit', () => {
    const body = writeDataset(header, { explicit: false, littleEndian: true });
    const ds = parseDicom(
      writePart10(TransferSyntax.ExplicitVRLittleEndian, body),
    );
    expectHeader(ds);
  });

  it('keeps invalid dates and leading-zero UID components exactly as found', () => {
    const ds = parseDicom(
      writeDataset(header, { explicit: true, littleEndian: true }),
    );
    expect(ds.string(Tag.StudyDate)).toBe('20120000');
    expect(ds.string(Tag.StudyInstanceUID)).toBe(
      '1.2.840.99.08975550791105350405',
    );

    const sunnybrook = parseDicom(
      readFileSync(testdataPath('cardiac/sunnybrook_SCD0000101_cinesax/1.dcm')),
    );
    expect(sunnybrook.string(Tag.StudyDate)).toBe('20120000');
    expect(sunnybrook.string(Tag.PatientBirthDate)).toBe('00000000');
    expect(sunnybrook.string(Tag.SeriesInstanceUID)).toMatch(/\.0\d/);
  });

  it('reads sequences of defined and undefined length, nested', () => {
    const inner: ElementSpec[] = [
      { tag: Tag.PixelSpacing, vr: 'DS', value: '0.5\\0.25' },
    ];
    for (const explicit of [true, false]) {
      for (const undefinedLength of [true, false]) {
        const elements: ElementSpec[] = [
          ...header.slice(0, 3),
          {
            tag: Tag.SharedFunctionalGroupsSequence,
            vr: 'SQ',
            undefinedLength,
            items: [
              [
                {
                  tag: Tag.PixelMeasuresSequence,
                  vr: 'SQ',
                  undefinedLength,
                  items: [inner],
                },
              ],
            ],
          },
          {
            tag: Tag.PerFrameFunctionalGroupsSequence,
            vr: 'SQ',
            undefinedLength,
            items: [[], []],
          },
          { tag: Tag.Rows, vr: 'US', value: [4] },
        ];
        const ds = parseDicom(
          writeDataset(elements, { explicit, littleEndian: true }),
        );
        const measures = ds
          .sequence(Tag.SharedFunctionalGroupsSequence)[0]
          ?.sequence(Tag.PixelMeasuresSequence);
        expect(measures?.[0]?.numbers(Tag.PixelSpacing)).toEqual([0.5, 0.25]);
        expect(ds.sequence(Tag.PerFrameFunctionalGroupsSequence)).toHaveLength(
          2,
        );
        expect(ds.number(Tag.Rows)).toBe(4);
      }
    }
  });

  it('reads an undefined-length UN element as an implicit VR sequence', () => {
    const implicitItem = writeDataset(
      [{ tag: 'x00091001', vr: 'LO', value: 'inner' }],
      {
        explicit: false,
        littleEndian: true,
      },
    );
    const un = Uint8Array.from([
      ...[0x09, 0x00, 0x10, 0x10, 0x55, 0x4e, 0, 0, 0xff, 0xff, 0xff, 0xff],
      ...[0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff],
      ...implicitItem,
      ...[0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0],
      ...[0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0],
    ]);
    const tail = writeDataset([{ tag: Tag.Rows, vr: 'US', value: [7] }], {
      explicit: true,
      littleEndian: true,
    });
    const lead = writeDataset(header.slice(0, 3), {
      explicit: true,
      littleEndian: true,
    });
    const ds = parseDicom(Uint8Array.from([...lead, ...un, ...tail]));
    expect(ds.sequence('x00091010')[0]?.string('x00091001')).toBe('inner');
    expect(ds.number(Tag.Rows)).toBe(7);
  });

  it('takes the main image, not the Pixel Data nested in the Icon Image Sequence', () => {
    const ds = parseDicom(
      readFileSync(testdataPath('edge/MR_overlays_iconseq.dcm')),
    );
    const icon = ds.sequence(Tag.IconImageSequence)[0];
    expect(icon?.has(Tag.PixelData)).toBe(true);
    expect(icon?.number(Tag.Rows)).toBeLessThan(484);
    expect(ds.number(Tag.Rows)).toBe(484);
    expect(ds.element(Tag.PixelData)?.value.byteLength).toBe(484 * 484 * 2);
  });

  it('keeps the header of a file cut short inside Pixel Data and marks the value truncated', () => {
    const ds = parseDicom(
      readFileSync(testdataPath('edge/MR_truncated_pixeldata.dcm')),
    );
    expect(ds.number(Tag.Rows)).toBe(64);
    expect(ds.element(Tag.PixelData)).toMatchObject({
      truncated: true,
      declaredLength: 8192,
    });
    expect(ds.element(Tag.PixelData)?.value.byteLength).toBe(8130);
    expect(ds.truncation).toMatchObject({
      tag: Tag.PixelData,
      message: expect.stringContaining('declares 8192 bytes'),
    });
  });

  it('decodes text in the Specific Character Set, items inheriting it', () => {
    const elements: ElementSpec[] = [
      { tag: Tag.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 192' },
      { tag: Tag.PatientName, vr: 'PN', value: 'Müller^Zoë' },
      {
        tag: Tag.ReferencedImageSequence,
        vr: 'SQ',
        items: [[{ tag: Tag.PatientName, vr: 'PN', value: 'Jürgen' }]],
      },
    ];
    const ds = parseDicom(
      writeDataset(elements, { explicit: true, littleEndian: true }),
    );
    expect(ds.string(Tag.PatientName)).toBe('Müller^Zoë');
    expect(
      ds.sequence(Tag.ReferencedImageSequence)[0]?.string(Tag.PatientName),
    ).toBe('Jürgen');

    const latin = parseDicom(
      writeDataset(
        [
          { tag: Tag.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 100' },
          {
            tag: Tag.PatientName,
            vr: 'PN',
            value: Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
          },
        ],
        { explicit: true, littleEndian: true },
      ),
    );
    expect(latin.string(Tag.PatientName)).toBe('Müller');
  });

  it('splits multi-valued strings and leaves out empty values as undefined', () => {
    const ds = parseDicom(
      writeDataset(
        [
          ...header.slice(0, 3),
          { tag: Tag.ImageType, vr: 'CS', value: 'ORIGINAL\\PRIMARY\\M' },
          { tag: Tag.StudyDescription, vr: 'LO', value: '' },
          { tag: Tag.WindowCenter, vr: 'DS', value: '40\\-600 ' },
        ],
        { explicit: true, littleEndian: true },
      ),
    );
    expect(ds.strings(Tag.ImageType)).toEqual(['ORIGINAL', 'PRIMARY', 'M']);
    expect(ds.string(Tag.ImageType)).toBe('ORIGINAL');
    expect(ds.string(Tag.StudyDescription)).toBeUndefined();
    expect(ds.has(Tag.StudyDescription)).toBe(true);
    expect(ds.numbers(Tag.WindowCenter)).toEqual([40, -600]);
    expect(ds.string(Tag.AccessionNumber)).toBeUndefined();
    expect(ds.sequence(Tag.ReferencedImageSequence)).toEqual([]);
  });

  it('throws DCM_NOT_DICOM for bytes that are not DICOM', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
    ]);
    expect(() => parseDicom(png)).toThrow(
      expect.objectContaining({ code: 'DCM_NOT_DICOM' }),
    );
    expect(() => parseDicom(Buffer.from('hello, this is plain text'))).toThrow(
      expect.objectContaining({ code: 'DCM_NOT_DICOM' }),
    );
  });

  it('throws DCM_MALFORMED when a sequence holds something other than items', () => {
    const broken = writeDataset(
      [
        ...header.slice(0, 3),
        { tag: Tag.ReferencedImageSequence, vr: 'SQ', items: [] },
      ],
      { explicit: true, littleEndian: true },
    );
    // Give the empty sequence a length and fill it with a non-item tag.
    const tail = Uint8Array.from([
      0x08, 0x00, 0x18, 0x00, 0x55, 0x49, 0x02, 0x00, 0x31, 0x00,
    ]);
    const bytes = Uint8Array.from([...broken, ...tail]);
    const lengthAt = broken.byteLength - 4;
    bytes[lengthAt] = tail.byteLength;
    expect(() => parseDicom(bytes)).toThrow(
      expect.objectContaining({ code: 'DCM_MALFORMED' }),
    );
  });
});

describe('parseDicom on files that end too soon', () => {
  const explicitLe = { explicit: true, littleEndian: true };
  const image = writePart10(
    TransferSyntax.ExplicitVRLittleEndian,
    Uint8Array.from([
      ...writeDataset(header, explicitLe),
      ...writeDataset(
        [{ tag: Tag.PixelData, vr: 'OW', value: new Uint8Array(64) }],
        explicitLe,
      ),
    ]),
  );
  const pixelDataAt = image.byteLength - 64 - 12;

  it('reports nothing for a whole file', () => {
    expect(parseDicom(image).truncation).toBeUndefined();
  });

  it('notes a file that ends inside the tag of an element', () => {
    const cut = image.subarray(0, pixelDataAt + 2);
    const ds = parseDicom(cut);
    expect(ds.number(Tag.Rows)).toBe(256);
    expect(ds.truncation).toEqual({
      tag: undefined,
      offset: pixelDataAt,
      message: `The file ends inside an element tag at byte ${pixelDataAt}`,
    });
  });

  it('notes a file that ends inside the length field of Pixel Data', () => {
    const ds = parseDicom(image.subarray(0, pixelDataAt + 10));
    expect(ds.has(Tag.PixelData)).toBe(false);
    expect(ds.truncation).toMatchObject({
      tag: Tag.PixelData,
      message: `The file ends inside the header of (7FE0,0010) at byte ${pixelDataAt}`,
    });
  });

  it('notes an element whose declared length runs far past the end', () => {
    const bytes = image.slice(0, pixelDataAt + 20);
    new DataView(bytes.buffer).setUint32(pixelDataAt + 8, 0xfffffff0, true);
    const ds = parseDicom(bytes);
    expect(ds.element(Tag.PixelData)).toMatchObject({ truncated: true });
    expect(ds.truncation?.message).toBe(
      `(7FE0,0010) at byte ${pixelDataAt} declares 4294967280 bytes but only 8 are left in the file`,
    );
  });

  it('notes a cut inside a sequence and inside encapsulated Pixel Data', () => {
    const sequence = writeDataset(
      [
        ...header.slice(0, 3),
        {
          tag: Tag.ReferencedImageSequence,
          vr: 'SQ',
          undefinedLength: true,
          items: [[{ tag: Tag.PatientName, vr: 'PN', value: 'Doe^Jane' }]],
        },
      ],
      explicitLe,
    );
    const inSequence = parseDicom(sequence.subarray(0, -8));
    expect(inSequence.truncation?.tag).toBe(Tag.ReferencedImageSequence);

    const fragments = writeEncapsulatedPixelData([], [new Uint8Array(16)]);
    const encapsulated = Uint8Array.from([
      ...writeDataset(header, explicitLe),
      ...fragments.subarray(0, -8),
    ]);
    expect(parseDicom(encapsulated).truncation).toMatchObject({
      tag: Tag.PixelData,
      message: expect.stringContaining('before its sequence delimiter'),
    });
  });

  it('takes trailing zero bytes shorter than a header as padding', () => {
    const padded = Uint8Array.from([...image, 0, 0, 0, 0]);
    expect(parseDicom(padded).truncation).toBeUndefined();
  });

  it(`refuses sequences nested deeper than ${MAX_SEQUENCE_DEPTH} levels with DCM_MALFORMED`, () => {
    const nest = (levels: number, undefinedLength: boolean): ElementSpec[] => {
      let inner: ElementSpec[] = [
        { tag: Tag.PatientName, vr: 'PN', value: 'Deep' },
      ];
      for (let level = 0; level < levels; level += 1) {
        inner = [
          { tag: 'x0040a730', vr: 'SQ', undefinedLength, items: [inner] },
        ];
      }
      return [...header.slice(0, 3), ...inner];
    };
    for (const undefinedLength of [true, false]) {
      const allowed = parseDicom(
        writeDataset(nest(MAX_SEQUENCE_DEPTH, undefinedLength), explicitLe),
      );
      expect(allowed.sequence('x0040a730')).toHaveLength(1);
      expect(() =>
        parseDicom(
          writeDataset(
            nest(MAX_SEQUENCE_DEPTH + 1, undefinedLength),
            explicitLe,
          ),
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'DCM_MALFORMED',
          message: expect.stringMatching(
            `^Sequence nesting deeper than ${MAX_SEQUENCE_DEPTH} levels`,
          ),
        }),
      );
    }
  });
});

describe('sniffDicom', () => {
  it('recognises Part-10 files, bare data sets, and plainly foreign bytes', () => {
    const body = writeDataset(header, { explicit: true, littleEndian: true });
    expect(
      sniffDicom(writePart10(TransferSyntax.ExplicitVRLittleEndian, body)),
    ).toBe('part10');
    expect(sniffDicom(body)).toBe('raw');
    expect(
      sniffDicom(writeDataset(header, { explicit: false, littleEndian: true })),
    ).toBe('raw');
    expect(
      sniffDicom(
        readFileSync(testdataPath('edge/OT_noPreamble_noMeta_implicit.dcm')),
      ),
    ).toBe('raw');
    expect(
      sniffDicom(
        Uint8Array.from([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0,
        ]),
      ),
    ).toBeNull();
    expect(sniffDicom(Buffer.from('{"json": "not dicom at all"}'))).toBeNull();
    expect(sniffDicom(new Uint8Array(3))).toBeNull();
  });
});
