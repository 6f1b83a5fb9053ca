import type { DecodedFrame } from '@atrium/dicom';
import type { FrameFacts, LookupTable, SampleArray } from '@atrium/protocol';

type ColorSpace = DecodedFrame['colorSpace'];
type Lut = NonNullable<DecodedFrame['modalityLut']>;

/**
 * Rebuilds the decoded frame @atrium/dicom renders from what the Core
 * Server sends with GetFrame (facts and samples). Known limit: overlay
 * planes are not part of the facts, so rendered frames carry none.
 */
export function toDecodedFrame(
  facts: FrameFacts,
  samples: SampleArray,
): DecodedFrame {
  const range =
    facts.min !== undefined && facts.max !== undefined
      ? { min: facts.min, max: facts.max }
      : findRange(samples);
  const palette = facts.palette;
  return {
    frameIndex: 0,
    numberOfFrames: 1,
    rows: facts.rows,
    columns: facts.columns,
    samplesPerPixel: facts.samplesPerPixel,
    pixels: samples,
    colorSpace: (facts.colorSpace ??
      facts.photometricInterpretation) as ColorSpace,
    photometricInterpretation: facts.photometricInterpretation,
    bitsAllocated: facts.bitsAllocated,
    bitsStored: facts.bitsStored,
    signed: facts.signed,
    floatingPoint: facts.floatingPoint ?? false,
    rescaleSlope: facts.rescaleSlope,
    rescaleIntercept: facts.rescaleIntercept,
    rescaleType: facts.rescaleType ?? undefined,
    modalityLut: toLut(facts.modalityLut),
    windows: facts.windowPresets.map((preset) => ({
      center: preset.centre,
      width: preset.width,
      explanation: preset.explanation,
    })),
    voiFunction: facts.voiFunction ?? 'LINEAR',
    voiLut: toLut(facts.voiLut),
    palette: palette
      ? {
          red: toLut(palette.red)!,
          green: toLut(palette.green)!,
          blue: toLut(palette.blue)!,
        }
      : undefined,
    pixelSpacing: facts.pixelSpacing ?? undefined,
    min: range.min,
    max: range.max,
    overlays: [],
    transferSyntaxUid: '',
  };
}

function toLut(table: LookupTable | undefined): Lut | undefined {
  if (!table) return undefined;
  return {
    firstMapped: table.firstMapped,
    bits: table.bits,
    data: Uint16Array.from(table.data),
  };
}

function findRange(samples: SampleArray): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of samples) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return samples.length > 0 ? { min, max } : { min: 0, max: 0 };
}
