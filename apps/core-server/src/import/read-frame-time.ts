import { Tag, type DicomDataset } from '@atrium/dicom';

/**
 * The time between the frames of a multi-frame object as the file means
 * them to be played, in ms per frame, or null when the file does not say.
 * The attributes are read in the order viewers usually honour them: Cine
 * Rate and Recommended Display Frame Rate (frames per second, what the
 * modality asks the display to use), then Frame Time (ms per frame), then
 * the mean of the Frame Time Vector's increments (its first entry is the
 * first frame's own 0). A value that is zero, negative or not a number is
 * skipped in favour of the next attribute.
 *
 * Known limit: enhanced multi-frame objects time their frames in per-frame
 * functional groups (Frame Content), which are not read here.
 */
export function readFrameTimeMs(ds: DicomDataset): number | null {
  for (const tag of [Tag.CineRate, Tag.RecommendedDisplayFrameRate]) {
    const rate = ds.number(tag);
    if (rate !== undefined && rate > 0) return roundMs(1000 / rate);
  }

  const frameTime = ds.number(Tag.FrameTime);
  if (frameTime !== undefined && frameTime > 0) return roundMs(frameTime);

  const increments = ds
    .numbers(Tag.FrameTimeVector)
    .slice(1)
    .filter((value) => value > 0);
  if (increments.length === 0) return null;
  const total = increments.reduce((sum, value) => sum + value, 0);
  return roundMs(total / increments.length);
}

function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}
