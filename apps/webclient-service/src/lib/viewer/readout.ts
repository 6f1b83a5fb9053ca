/**
 * What a viewport reports about how it shows its image (window, zoom, and
 * which image), and the one rule for writing window numbers, so the
 * overlay and the preset list agree. Pure.
 */

/** Window and zoom as the viewport reports them, and the image on show. */
export interface PaneReadout {
  centre: number | null;
  width: number | null;
  zoom: number | null;
  /** The Cornerstone image id drawn last; presets follow it. */
  imageId: string | null;
}

/** A viewport that has drawn nothing yet. */
export const NO_READOUT: PaneReadout = {
  centre: null,
  width: null,
  zoom: null,
  imageId: null,
};

/**
 * Whether two readouts show the same. A new image with the same window
 * is a change: its presets (the file's own window) may differ.
 */
export function sameReadout(a: PaneReadout, b: PaneReadout): boolean {
  return (
    a.centre === b.centre &&
    a.width === b.width &&
    a.zoom === b.zoom &&
    a.imageId === b.imageId
  );
}

/**
 * A window centre or width as the overlay and the preset list write it:
 * to one decimal, without a trailing ".0" (255, 127.5, -600).
 */
export function formatWindowValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** "width/centre" by formatWindowValue. */
export function formatWindow(width: number | null, centre: number | null) {
  return `${formatWindowValue(width)}/${formatWindowValue(centre)}`;
}
