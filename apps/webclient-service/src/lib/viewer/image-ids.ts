/**
 * Cornerstone image ids for frames served by the session's worker:
 * `atrium:<SOP Instance UID>/<frame index>`. UIDs hold only digits and
 * dots, so the id needs no escaping.
 */
import type { FrameRef } from '@atrium/protocol';

/** The image loader scheme the viewer registers with Cornerstone. */
export const IMAGE_SCHEME = 'atrium';

/** The image id of one frame. */
export function toImageId(
  ref: Pick<FrameRef, 'sopInstanceUid' | 'frameIndex'>,
): string {
  return `${IMAGE_SCHEME}:${ref.sopInstanceUid}/${ref.frameIndex}`;
}

/** The frame an image id names, or null when it is not one of ours. */
export function parseImageId(
  imageId: string,
): { sopInstanceUid: string; frameIndex: number } | null {
  const match = /^atrium:([0-9.]+)\/(\d+)$/.exec(imageId);
  if (!match) return null;
  return { sopInstanceUid: match[1]!, frameIndex: Number(match[2]) };
}
