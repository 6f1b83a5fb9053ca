/**
 * Lengths as the viewer draws them and as the Core Server keeps them. A
 * drawn length is a Cornerstone annotation whose two handles have been
 * turned into image pixel points (column, row, from the top-left corner of
 * the first pixel) of the frame it lies on; a Measurement adds where that
 * frame is in the study and the length in mm. Pure: no DOM, no
 * Cornerstone.
 */
import {
  LABEL_INVISIBLE,
  MAX_MEASUREMENT_LABEL,
  type ImagePoint,
  type Measurement,
  type MeasurementUnit,
  type WebStudy,
} from '@atrium/protocol';
import { toImageId } from './image-ids';

/** Where one frame of the study is. */
export interface FramePlace {
  seriesUid: string;
  sopInstanceUid: string;
  /** Zero-based, as the image id has it. */
  frameIndex: number;
}

/** A length on one frame, in image pixel points. */
export interface DrawnLength {
  /** The annotation's UID, kept as the measurement id. */
  id: string;
  imageId: string;
  points: ImagePoint[];
  label: string;
}

/** Pixel spacing as DICOM gives it: between rows, then between columns. */
export type PixelSpacing = readonly [number, number];

/** Every frame of the study by its image id. */
export function indexStudyFrames(study: WebStudy): Map<string, FramePlace> {
  const frames = new Map<string, FramePlace>();
  for (const series of study.series) {
    for (const slice of series.slices) {
      for (const frame of slice.phases) {
        frames.set(toImageId(frame), {
          seriesUid: series.seriesUid,
          sopInstanceUid: frame.sopInstanceUid,
          frameIndex: frame.frameIndex,
        });
      }
    }
  }
  return frames;
}

/**
 * The length between two points: in mm with the frame's pixel spacing
 * (columns apart times the column spacing, rows apart times the row
 * spacing), in pixels when the frame has none. Rounded to 1/100.
 */
export function measureLength(
  points: readonly ImagePoint[],
  spacing: PixelSpacing | null,
): { value: number; unit: MeasurementUnit } {
  const [start, end] = points;
  if (!start || !end) return { value: 0, unit: spacing ? 'mm' : 'px' };
  const [rowSpacing, columnSpacing] = spacing ?? [1, 1];
  const across = (end[0] - start[0]) * columnSpacing;
  const down = (end[1] - start[1]) * rowSpacing;
  const value = Math.round(Math.hypot(across, down) * 100) / 100;
  return { value, unit: spacing ? 'mm' : 'px' };
}

/** A drawn length as the Core Server keeps it. */
export function toMeasurement(
  drawn: DrawnLength,
  place: FramePlace,
  spacing: PixelSpacing | null,
): Measurement {
  const points = drawn.points.map(roundPoint);
  return {
    id: drawn.id,
    kind: 'length',
    seriesUid: place.seriesUid,
    sopInstanceUid: place.sopInstanceUid,
    frame: place.frameIndex + 1,
    points,
    ...measureLength(points, spacing),
    label: cleanLabel(drawn.label),
  };
}

/** A saved length as the viewer draws it again, on its own frame. */
export function toDrawnLength(measurement: Measurement): DrawnLength {
  return {
    id: measurement.id,
    imageId: toImageId({
      sopInstanceUid: measurement.sopInstanceUid,
      frameIndex: measurement.frame - 1,
    }),
    points: measurement.points.map(([column, row]) => [column, row]),
    label: measurement.label,
  };
}

/** Whether a length has two points apart (a click without a drag has not). */
export function hasExtent(drawn: DrawnLength): boolean {
  const [start, end] = drawn.points;
  if (!start || !end) return false;
  return Math.hypot(end[0] - start[0], end[1] - start[1]) >= MIN_EXTENT_PX;
}

// The characters measurement-check refuses in a label, every one of them.
const EVERY_INVISIBLE = new RegExp(LABEL_INVISIBLE.source, 'gu');

/**
 * A label the Core Server accepts: text without control or invisible
 * format characters or line separators, cut to MAX_MEASUREMENT_LABEL
 * characters; anything else becomes empty.
 */
export function cleanLabel(label: unknown): string {
  if (typeof label !== 'string') return '';
  const plain = label.replace(EVERY_INVISIBLE, ' ').trim();
  // Cut between characters, never inside a surrogate pair; the limit
  // counts UTF-16 units, as the Core Server does.
  let cut = '';
  for (const character of plain) {
    if (cut.length + character.length > MAX_MEASUREMENT_LABEL) break;
    cut += character;
  }
  return cut;
}

/** Shorter than this (in pixels) is no length but a stray click. */
const MIN_EXTENT_PX = 0.01;

// A thousandth of a pixel is far below what a mouse can place, and keeps
// the saved numbers short.
function roundPoint([column, row]: ImagePoint): ImagePoint {
  return [Math.round(column * 1000) / 1000, Math.round(row * 1000) / 1000];
}
