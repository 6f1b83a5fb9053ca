import { describe, expect, it } from 'vitest';

import { Tag, TransferSyntax } from '../src/index.js';
import { extractEncapsulatedFrame } from '../src/frames.js';
import { createImage } from './support/image.js';
import { writeEncapsulatedPixelData } from './support/write-dicom.js';

function encapsulated(
  offsetTable: number[],
  fragments: number[][],
  frames: number,
) {
  const ds = createImage({
    rows: 1,
    columns: 1,
    bitsAllocated: 8,
    frames,
    transferSyntaxUid: TransferSyntax.JPEGBaseline8Bit,
    encapsulated: writeEncapsulatedPixelData(
      offsetTable,
      fragments.map((f) => Uint8Array.from(f)),
    ),
  });
  const element = ds.element(Tag.PixelData);
  if (!element) throw new Error('no pixel data');
  return (index: number) =>
    Array.from(
      extractEncapsulatedFrame(ds, element, index, frames, 'jpeg-baseline'),
    );
}

describe('extractEncapsulatedFrame', () => {
  it('concatenates every fragment of a single frame', () => {
    const frame = encapsulated(
      [],
      [
        [0xff, 0xd8, 1],
        [2, 3],
      ],
      1,
    );
    expect(frame(0)).toEqual([0xff, 0xd8, 1, 2, 3]);
  });

  it('follows the Basic Offset Table when a frame spans fragments', () => {
    // Offsets count item headers: fragment 1 at 0, 2 at 12, 3 at 22.
    const frame = encapsulated(
      [0, 22],
      [
        [0xff, 0xd8, 1, 2],
        [3, 4],
        [0xff, 0xd8, 9, 9],
      ],
      2,
    );
    expect(frame(0)).toEqual([0xff, 0xd8, 1, 2, 3, 4]);
    expect(frame(1)).toEqual([0xff, 0xd8, 9, 9]);
  });

  it('takes one fragment per frame when there is no offset table', () => {
    const frame = encapsulated(
      [],
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      3,
    );
    expect(frame(2)).toEqual([3, 3]);
  });

  it('groups fragments by JPEG start marker when neither table nor count helps', () => {
    const frame = encapsulated(
      [],
      [
        [0xff, 0xd8, 1, 1],
        [2, 2],
        [0xff, 0xd8, 3, 3],
      ],
      2,
    );
    expect(frame(0)).toEqual([0xff, 0xd8, 1, 1, 2, 2]);
    expect(frame(1)).toEqual([0xff, 0xd8, 3, 3]);
  });

  it('refuses with DCM_MALFORMED when frames cannot be told apart', () => {
    const frame = encapsulated(
      [],
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      2,
    );
    expect(() => frame(0)).toThrow(
      expect.objectContaining({ code: 'DCM_MALFORMED' }),
    );
  });
});
