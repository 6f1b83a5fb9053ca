/**
 * Window presets offered for a frame: the ones its file carries first, then
 * the usual ones for its modality, then the frame's full range. Windows are
 * in modality units (HU for CT). Pure.
 */
import type { WindowPreset } from '@atrium/protocol';

/** A window the toolbar and the number keys can apply. */
export interface NamedWindow {
  label: string;
  centre: number;
  width: number;
}

const MODALITY_PRESETS: Readonly<Record<string, readonly NamedWindow[]>> = {
  CT: [
    { label: 'Soft tissue', centre: 40, width: 400 },
    { label: 'Lung', centre: -600, width: 1500 },
    { label: 'Bone', centre: 400, width: 1800 },
    { label: 'Angio', centre: 300, width: 600 },
  ],
};

/** The presets of one frame, in the order the keys 1–9 pick them. */
export function listWindowPresets(
  modality: string,
  filePresets: readonly WindowPreset[],
  range: { min: number; max: number } | null,
): NamedWindow[] {
  const out: NamedWindow[] = filePresets
    .filter((p) => p.width > 0)
    .map((p, i) => ({
      label: p.explanation || (i === 0 ? 'File' : `File ${i + 1}`),
      centre: p.centre,
      width: p.width,
    }));
  out.push(...(MODALITY_PRESETS[modality] ?? []));
  if (range && range.max > range.min) {
    out.push({
      label: 'Full range',
      centre: (range.min + range.max) / 2,
      width: range.max - range.min,
    });
  }
  return out;
}

/**
 * The low and high ends of a window (what Cornerstone calls a VOI range),
 * by the DICOM linear VOI function: values up to centre - 0.5 - (width -
 * 1) / 2 are black, values from centre - 0.5 + (width - 1) / 2 white.
 */
export function toVoiRange(
  centre: number,
  width: number,
): { lower: number; upper: number } {
  return {
    lower: centre - 0.5 - (width - 1) / 2,
    upper: centre - 0.5 + (width - 1) / 2,
  };
}

/** The centre and width of a VOI range (the inverse of toVoiRange). */
export function fromVoiRange(range: { lower: number; upper: number }): {
  centre: number;
  width: number;
} {
  return {
    centre: (range.lower + range.upper + 1) / 2,
    width: range.upper - range.lower + 1,
  };
}
