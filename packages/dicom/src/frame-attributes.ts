import type { DicomDataset } from './dataset.js';
import { readLutItem, type Lut } from './lut.js';
import { Tag } from './tags.js';

/** One window centre/width preset. */
export interface Window {
  readonly center: number;
  readonly width: number;
  readonly explanation?: string;
}

/** The VOI LUT Function that shapes a window. */
export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/**
 * The functional-group macro item for a frame: the frame's own item in the
 * Per-frame Functional Groups Sequence first, then the shared one.
 */
export function findFunctionalGroup(
  ds: DicomDataset,
  frameIndex: number,
  sequenceTag: string,
): DicomDataset | undefined {
  const perFrame = ds.sequence(Tag.PerFrameFunctionalGroupsSequence)[
    frameIndex
  ];
  const own = perFrame?.sequence(sequenceTag)[0];
  if (own) return own;
  return ds
    .sequence(Tag.SharedFunctionalGroupsSequence)[0]
    ?.sequence(sequenceTag)[0];
}

/** Window presets of a frame: functional groups first, then the top level. */
export function readWindows(
  ds: DicomDataset,
  frameIndex: number,
): { windows: Window[]; voiFunction: VoiFunction } {
  const group = findFunctionalGroup(ds, frameIndex, Tag.FrameVOILUTSequence);
  const fromGroup = group ? windowsOf(group) : [];
  const source = fromGroup.length > 0 && group ? group : ds;
  const windows = fromGroup.length > 0 ? fromGroup : windowsOf(ds);

  const named = source.string(Tag.VOILUTFunction)?.toUpperCase();
  const voiFunction: VoiFunction =
    named === 'SIGMOID' || named === 'LINEAR_EXACT' ? named : 'LINEAR';
  return { windows, voiFunction };
}

function windowsOf(item: DicomDataset): Window[] {
  const centers = item.strings(Tag.WindowCenter).map(Number);
  const widths = item.strings(Tag.WindowWidth).map(Number);
  const explanations = item.strings(Tag.WindowCenterWidthExplanation);
  const windows: Window[] = [];

  centers.forEach((center, index) => {
    const width = widths[index];
    if (!Number.isFinite(center) || width === undefined || !(width > 0)) return;
    const explanation = explanations[index];
    windows.push(
      explanation ? { center, width, explanation } : { center, width },
    );
  });
  return windows;
}

/** Rescale slope and intercept of a frame (functional groups first). */
export function readRescale(
  ds: DicomDataset,
  frameIndex: number,
): { slope: number; intercept: number; type: string | undefined } {
  const group = findFunctionalGroup(
    ds,
    frameIndex,
    Tag.PixelValueTransformationSequence,
  );
  const source =
    group?.has(Tag.RescaleSlope) || group?.has(Tag.RescaleIntercept)
      ? group
      : ds;
  const slope = source.number(Tag.RescaleSlope);
  return {
    slope: slope === undefined || slope === 0 ? 1 : slope,
    intercept: source.number(Tag.RescaleIntercept) ?? 0,
    type: source.string(Tag.RescaleType),
  };
}

/** Pixel Spacing (row spacing, column spacing) in mm, functional groups first. */
export function readPixelSpacing(
  ds: DicomDataset,
  frameIndex: number,
): [number, number] | undefined {
  const group = findFunctionalGroup(ds, frameIndex, Tag.PixelMeasuresSequence);
  const spacing = (group?.has(Tag.PixelSpacing) ? group : ds).numbers(
    Tag.PixelSpacing,
  );
  const [row, column] = spacing;
  if (row === undefined || column === undefined) return undefined;
  return [row, column];
}

/** The first Modality LUT Sequence item, when the file uses one instead of rescale. */
export function readModalityLut(
  ds: DicomDataset,
  signed: boolean,
): Lut | undefined {
  const item = ds.sequence(Tag.ModalityLUTSequence)[0];
  return item ? readLutItem(item, signed) : undefined;
}

/** The first VOI LUT Sequence item (functional groups first). */
export function readVoiLut(
  ds: DicomDataset,
  frameIndex: number,
  signed: boolean,
): Lut | undefined {
  const group = findFunctionalGroup(ds, frameIndex, Tag.FrameVOILUTSequence);
  const item =
    group?.sequence(Tag.VOILUTSequence)[0] ??
    ds.sequence(Tag.VOILUTSequence)[0];
  return item ? readLutItem(item, signed) : undefined;
}
