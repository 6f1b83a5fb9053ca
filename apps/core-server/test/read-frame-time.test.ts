import { readFileSync } from 'node:fs';
import { parseDicom } from '@atrium/dicom';
import { testdataPath } from '@atrium/testdata';
import { describe, expect, it } from 'vitest';
import { readFrameTimeMs } from '../src/import/read-frame-time.js';
import {
  makePart10,
  type SyntheticElement,
} from './support/synthetic-dicom.js';

const CINE_RATE = 0x00180040;
const RECOMMENDED_RATE = 0x00082144;
const FRAME_TIME = 0x00181063;
const FRAME_TIME_VECTOR = 0x00181065;

function readTiming(timing: SyntheticElement[]): number | null {
  const identity: SyntheticElement = [0x00080018, 'UI', '1.2.3.4'];
  const elements = [identity, ...timing].sort((a, b) => a[0] - b[0]);
  return readFrameTimeMs(parseDicom(makePart10(elements, '1.2.3.4')));
}

describe('readFrameTimeMs', () => {
  it('reads the 33 ms Frame Time of the X-ray angiography cine', () => {
    const ds = parseDicom(
      readFileSync(
        testdataPath('cardiac/XA_cardio_96frames_jpeg_baseline.dcm'),
      ),
    );
    expect(readFrameTimeMs(ds)).toBe(33);
  });

  it('reads the Frame Time of the 16-frame cardiac MR', () => {
    const ds = parseDicom(
      readFileSync(testdataPath('cardiac/MR-MONO2-8-16x-heart.dcm')),
    );
    expect(readFrameTimeMs(ds)).toBeCloseTo(69.47, 3);
  });

  it('prefers Cine Rate, then Recommended Display Frame Rate, to Frame Time', () => {
    expect(
      readTiming([
        [CINE_RATE, 'IS', '50'],
        [RECOMMENDED_RATE, 'IS', '10'],
        [FRAME_TIME, 'DS', '33'],
      ]),
    ).toBe(20);
    expect(
      readTiming([
        [RECOMMENDED_RATE, 'IS', '10'],
        [FRAME_TIME, 'DS', '33'],
      ]),
    ).toBe(100);
  });

  it('averages the Frame Time Vector increments after the first frame', () => {
    expect(readTiming([[FRAME_TIME_VECTOR, 'DS', '0\\30\\40\\50']])).toBe(40);
  });

  it('skips a rate of zero and goes on to the next attribute', () => {
    expect(
      readTiming([
        [CINE_RATE, 'IS', '0'],
        [FRAME_TIME, 'DS', '40'],
      ]),
    ).toBe(40);
  });

  it('says nothing when the file gives no timing', () => {
    expect(readTiming([])).toBeNull();
    expect(readTiming([[FRAME_TIME_VECTOR, 'DS', '0']])).toBeNull();
  });
});
