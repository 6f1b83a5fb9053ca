/**
 * Where the viewer places each frame in Cornerstone's world: the plane the
 * metadata provider describes for an image id. Pure.
 */
import type { PixelFrameMeta } from '@atrium/protocol';

/** What the metadata provider knows of an image before its pixels come. */
export interface SeriesFacts {
  seriesUid: string;
  seriesNumber: number | null;
  modality: string;
  rows: number | null;
  columns: number | null;
  /** Position along the slice normal in mm, when known. */
  position: number | null;
}

/**
 * Cornerstone's imagePlaneModule of one image. The frames carry spacing
 * but not orientation, so every image is placed in its own slice plane:
 * the identity orientation, shifted along the normal by the slice
 * position. That is enough for a stack viewport, its zoom, pan and
 * distance measurements, which work within one image. A frame whose file
 * gives no pixel spacing gets none here, so Cornerstone measures it in
 * pixels rather than calling pixels millimetres.
 */
export function describePlane(
  series: SeriesFacts | undefined,
  facts: PixelFrameMeta | undefined,
) {
  const spacing = facts ? facts.pixelSpacing : DEFAULT_SPACING;
  return {
    frameOfReferenceUID: series
      ? frameOfReferenceOf(series.seriesUid)
      : undefined,
    rows: facts?.rows ?? series?.rows ?? 0,
    columns: facts?.columns ?? series?.columns ?? 0,
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    imagePositionPatient: [0, 0, series?.position ?? 0],
    ...(spacing && {
      pixelSpacing: [...spacing],
      rowPixelSpacing: spacing[0],
      columnPixelSpacing: spacing[1],
    }),
  };
}

/** Spacing (rows, columns) assumed before a frame's pixels arrive. */
const DEFAULT_SPACING: [number, number] = [1, 1];

/** The frame of reference the viewer gives every image of a series. */
export function frameOfReferenceOf(seriesUid: string): string {
  return `atrium-${seriesUid}`;
}
