import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_UID_LENGTH } from '../src/import/check-uids.js';
import { readDicomFile } from '../src/import/read-dicom-file.js';
import { sunnybrookDir } from './support/temp-core.js';
import {
  makePart10,
  makeSyntheticInstance,
  type SyntheticElement,
} from './support/synthetic-dicom.js';

const text = new TextEncoder().encode('plain text, nothing more');

describe('readDicomFile', () => {
  it('reads a real image into an instance record', () => {
    const path = join(sunnybrookDir(), '1.dcm');
    const verdict = readDicomFile(path, readFileSync(path));
    expect(verdict.kind).toBe('instance');
  });

  it('skips a PNG and a text file as not DICOM', () => {
    const png = join(sunnybrookDir(), '1.ref.png');
    expect(readDicomFile(png, readFileSync(png)).kind).toBe('not-dicom');
    expect(readDicomFile('/x/notes.txt', text).kind).toBe('not-dicom');
  });

  it('sends a file named like DICOM that is not DICOM to quarantine', () => {
    const verdict = readDicomFile('/x/scan.dcm', text);
    expect(verdict).toMatchObject({
      kind: 'unreadable',
      reason: { code: 'DCM_NOT_DICOM' },
    });
  });

  it('sends an object without a SOP Instance UID to quarantine', () => {
    const bytes = makePart10([[0x00100010, 'PN', 'Nobody']]);
    expect(readDicomFile('/x/a.dcm', bytes)).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_MISSING_ATTRIBUTE',
        message: 'SOPInstanceUID is missing',
      },
    });
  });

  it('skips a DICOMDIR, which indexes files rather than being an object', () => {
    const bytes = makePart10(
      [[0x00041130, 'CS', 'FILESET']],
      '1.2.3.4',
      '1.2.840.10008.1.3.10',
    );
    expect(readDicomFile('/x/DICOMDIR', bytes).kind).toBe('not-dicom');
  });

  it('indexes an object without pixel data as a non-image instance', () => {
    const bytes = makeSyntheticInstance({
      sopInstanceUid: '1.2.3.4',
      studyUid: '1.2.3',
      seriesUid: '1.2.3.1',
      withoutPixels: true,
    });
    const verdict = readDicomFile('/x/a.dcm', bytes);
    expect(
      verdict.kind === 'instance' && verdict.record.instance,
    ).toMatchObject({
      hasPixelData: false,
      pixelStatus: 'none',
      frames: 0,
    });
  });
});

/** Where the first element with this tag starts in explicit VR LE bytes. */
function findTag(bytes: Uint8Array, tag: number): number {
  const pattern = [
    (tag >>> 16) & 0xff,
    tag >>> 24,
    tag & 0xff,
    (tag >>> 8) & 0xff,
  ];
  for (let at = 132; at < bytes.byteLength - 4; at += 1) {
    if (pattern.every((byte, index) => bytes[at + index] === byte)) return at;
  }
  throw new Error(`tag ${tag.toString(16)} not found`);
}

const image = makeSyntheticInstance({
  sopInstanceUid: '1.2.3.4',
  studyUid: '1.2.3',
  seriesUid: '1.2.3.1',
});
const identity: SyntheticElement[] = [
  [0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
  [0x00080018, 'UI', '1.2.3.4'],
  [0x0020000d, 'UI', '1.2.3'],
  [0x0020000e, 'UI', '1.2.3.1'],
];

describe('readDicomFile on files cut short or malformed', () => {
  it('quarantines a file cut in its header before the Study Instance UID', () => {
    const cut = image.subarray(0, findTag(image, 0x0020000d) + 3);
    expect(readDicomFile('/x/a.dcm', cut)).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_MALFORMED',
        message: expect.stringMatching(
          /^The header is unreadable: StudyInstanceUID is missing\. The file ends inside an element tag at byte \d+$/,
        ),
      },
    });
  });

  it('quarantines a small file with an element claiming 0xFFFFFFF0 bytes', () => {
    const bytes = makePart10(
      [
        identity[0]!,
        identity[1]!,
        [0x00091010, 'UN', new Uint8Array([1, 2, 3, 4])],
        identity[2]!,
        identity[3]!,
      ],
      '1.2.3.4',
    );
    const lengthAt = findTag(bytes, 0x00091010) + 8;
    new DataView(bytes.buffer).setUint32(lengthAt, 0xfffffff0, true);
    const verdict = readDicomFile('/x/a.dcm', bytes);
    expect(verdict).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_MALFORMED',
        message: expect.stringContaining('declares 4294967280 bytes'),
      },
    });
  });

  it('indexes and flags an image cut inside the header of its Pixel Data', () => {
    const cut = image.subarray(0, findTag(image, 0x7fe00010) + 10);
    const verdict = readDicomFile('/x/a.dcm', cut);
    expect(verdict.kind).toBe('instance');
    const record = verdict.kind === 'instance' ? verdict.record : undefined;
    expect(record?.instance).toMatchObject({
      rows: 2,
      hasPixelData: false,
      pixelStatus: 'flagged',
      frames: 0,
      pixelStatusReason: expect.stringMatching(
        /^DCM_PIXEL_DATA_TRUNCATED: .*ends inside the header of \(7FE0,0010\)/,
      ),
    });
    expect(record?.truncation).toMatch(/^The file ends inside the header/);
  });

  it('flags an image whose Rows and Columns promise Pixel Data it lacks', () => {
    const bytes = makePart10(
      [...identity, [0x00280010, 'US', 2], [0x00280011, 'US', 2]],
      '1.2.3.4',
    );
    const verdict = readDicomFile('/x/a.dcm', bytes);
    expect(
      verdict.kind === 'instance' && verdict.record.instance,
    ).toMatchObject({
      hasPixelData: false,
      pixelStatus: 'flagged',
      pixelStatusReason: expect.stringMatching(/^DCM_NO_PIXEL_DATA: Rows/),
    });
  });

  it('quarantines a deeply nested sequence with a DCM_MALFORMED reason', () => {
    const level = [
      ...[0x40, 0x00, 0x30, 0xa7, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff],
      ...[0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff],
    ];
    const nested = Array.from({ length: 5000 }, () => level).flat();
    const bytes = Uint8Array.from([
      ...makePart10(identity, '1.2.3.4'),
      ...nested,
    ]);
    expect(readDicomFile('/x/deep.dcm', bytes)).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_MALFORMED',
        message: expect.stringMatching(
          /^Sequence nesting deeper than 128 levels/,
        ),
      },
    });
  });
});

describe('readDicomFile on objects with invalid UIDs', () => {
  it('keeps invalid UIDs as found and lists what is wrong with each', () => {
    const long = `2.25.${'1'.repeat(120)}`;
    const bytes = makeSyntheticInstance({
      sopInstanceUid: long,
      studyUid: '..',
      seriesUid: '2.25.888/9',
    });
    const verdict = readDicomFile('/x/a.dcm', bytes);
    const record = verdict.kind === 'instance' ? verdict.record : undefined;
    expect(record?.study.studyUid).toBe('..');
    expect(record?.series.seriesUid).toBe('2.25.888/9');
    expect(record?.instance.sopInstanceUid).toBe(long);
    expect(record?.invalidUids).toEqual([
      {
        attribute: 'StudyInstanceUID',
        value: '..',
        problem: 'it has an empty component',
      },
      {
        attribute: 'SeriesInstanceUID',
        value: '2.25.888/9',
        problem: 'it contains a slash',
      },
      {
        attribute: 'SOPInstanceUID',
        value: long,
        problem: 'it is 125 characters long (DICOM allows 64)',
      },
    ]);
  });

  it(`quarantines an object whose UID is longer than ${MAX_UID_LENGTH} characters`, () => {
    const bytes = makeSyntheticInstance({
      sopInstanceUid: '1.2.3.4',
      studyUid: `1.${'2'.repeat(MAX_UID_LENGTH)}`,
      seriesUid: '1.2.3.1',
    });
    expect(readDicomFile('/x/a.dcm', bytes)).toMatchObject({
      kind: 'unreadable',
      reason: {
        code: 'DCM_BAD_ATTRIBUTE',
        message: `StudyInstanceUID is ${MAX_UID_LENGTH + 2} characters long; the image index keeps UIDs of up to ${MAX_UID_LENGTH} characters (DICOM allows 64)`,
      },
    });
  });
});
