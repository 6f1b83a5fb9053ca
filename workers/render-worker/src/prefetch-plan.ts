import type { FrameRef, ViewerState, WebStudy } from '@atrium/protocol';

/** How far prefetching reaches from the current slice, in slices. */
export const PREFETCH_SLICE_REACH = 2;

/**
 * The frames worth having before the viewer asks, most urgent first. For
 * each viewport: the current frame; then, step by step outwards, the next
 * phase (cine plays it) and the current phase of the slices one step up and
 * down (scrolling reaches them, keeping the phase); once the slice reach is
 * used up, the remaining phases of the current slice in play order.
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
    const slice = series?.slices[viewport.sliceIndex];
    if (!series || !slice) continue;

    const phase = viewport.phaseIndex;
    const phases = slice.phases.length;
    const phaseAt = (step: number) => slice.phases[(phase + step) % phases];
    add(slice.phases[phase]);
    for (let step = 1; step <= reach; step += 1) {
      if (step < phases) add(phaseAt(step));
      for (const index of [
        viewport.sliceIndex + step,
        viewport.sliceIndex - step,
      ]) {
        const neighbour = series.slices[index];
        add(neighbour?.phases[Math.min(phase, neighbour.phases.length - 1)]);
      }
    }
    for (let step = reach + 1; step < phases; step += 1) add(phaseAt(step));
  }
  return [...plan.values()];
}
