/**
 * Pixel frames read straight from test files with @atrium/dicom, shaped as
 * the Core Server's GetFrame answers them, so the worker's pipeline can be
 * tested on real pixels without a server.
 */
import { readFile } from 'node:fs/promises';
import { decodeFrame, parseDicom } from '@atrium/dicom';
import type { FrameFacts, PixelFrame } from '@atrium/protocol';
import { testdataPath } from '@atrium/testdata';

export const SUNNYBROOK = 'cardiac/sunnybrook_SCD0000101_cinesax';

/** Decodes one frame of a test file as a PixelFrame. */
export async function readPixelFrame(
  relativePath: string,
  frameIndex = 0,
): Promise<PixelFrame> {
  const dataset = parseDicom(await readFile(testdataPath(relativePath)));
  const frame = await decodeFrame(dataset, frameIndex);
  const facts: FrameFacts = {
    studyUid: '1.2.3',
    seriesUid: '1.2.3.4',
    sopInstanceUid: relativePath,
    frameIndex,
    frames: frame.numberOfFrames,
    rows: frame.rows,
    columns: frame.columns,
    samplesPerPixel: frame.samplesPerPixel,
    photometricInterpretation: frame.photometricInterpretation,
    colorSpace: frame.colorSpace,
    bitsAllocated: frame.bitsAllocated,
    bitsStored: frame.bitsStored,
    signed: frame.signed,
    floatingPoint: frame.floatingPoint,
    min: frame.min,
    max: frame.max,
    pixelSpacing: frame.pixelSpacing ?? null,
    rescaleSlope: frame.rescaleSlope,
    rescaleIntercept: frame.rescaleIntercept,
    rescaleType: frame.rescaleType ?? null,
    windowPresets: frame.windows.map((w) => ({
      centre: w.center,
      width: w.width,
      explanation: w.explanation ?? '',
    })),
    voiFunction: frame.voiFunction,
  };
  return { facts, samples: frame.pixels };
}

/** A pixel source over test files: the UID asked for is the file path. */
export function filePixelSource() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getFrame(sopInstanceUid: string, frameIndex: number) {
      calls += 1;
      return readPixelFrame(sopInstanceUid, frameIndex);
    },
  };
}
