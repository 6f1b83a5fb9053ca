import type { FrameRef, ViewerState, WebStudy } from '@atrium/protocol';

/** How far prefetching reaches from the current slice, in slices. */
export const PREFETCH_SLICE_REACH = 2;

/**
 * The frames worth having before the viewer asks, nearest first: for each
 * viewport, the current frame, then every phase of the current slice (cine
 * plays them), then the current phase of the neighbouring slices, one step
 * out at a time in both directions (scrolling reaches them).
 */
export function planPrefetch(
  study: WebStudy,
  state: ViewerState,
  reach = PREFETCH_SLICE_REACH,
): FrameRef[] {
  const plan = new Map<string, FrameRef>();
  const add = (ref: FrameRef | undefined) => {
    if (ref) plan.set(`${ref.sopInstanceUid}/${ref.frameIndex}`, ref);
  };

  for (const viewport of state.viewports) {
    const series = study.series.find((s) => s.seriesUid === viewport.seriesUid);
    if (!series) continue;
    const slice = series.slices[viewport.sliceIndex];
    if (!slice) continue;

    const phase = viewport.phaseIndex;
    add(slice.phases[phase]);
    for (let step = 1; step < slice.phases.length; step += 1) {
      add(slice.phases[(phase + step) % slice.phases.length]);
    }
    for (let step = 1; step <= reach; step += 1) {
      for (const index of [
        viewport.sliceIndex + step,
        viewport.sliceIndex - step,
      ]) {
        const neighbour = series.slices[index];
        add(neighbour?.phases[Math.min(phase, neighbour.phases.length - 1)]);
      }
    }
  }
  return [...plan.values()];
}
