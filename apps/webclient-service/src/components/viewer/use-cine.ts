'use client';

import { useEffect } from 'react';
import {
  startCineClock,
  tickCineClock,
  type CineClock,
} from '../../lib/viewer/cine-clock';
import {
  countViewports,
  type ViewerAction,
  type ViewerModel,
} from '../../lib/viewer/viewer-model';

/**
 * Plays cine in every viewport whose cine is on, each at its own rate, on
 * one animation-frame loop. Phases advance by the clock, not by frames
 * drawn, so the set rate holds on any display.
 */
export function useCine(
  model: ViewerModel | null,
  dispatch: (action: ViewerAction) => void,
): void {
  const shown = model ? countViewports(model.layout) : 0;
  const playing = (model?.panes ?? [])
    .slice(0, shown)
    .map((pane, i) => (pane.playing ? `${i}@${pane.fps}` : ''))
    .filter(Boolean)
    .join(' ');

  useEffect(() => {
    if (!playing) return;
    const clocks = new Map<number, CineClock>();
    const now = performance.now();
    for (const entry of playing.split(' ')) {
      const [pane, fps] = entry.split('@').map(Number);
      clocks.set(pane!, startCineClock(fps!, now));
    }

    let frame = requestAnimationFrame(function tick(time) {
      for (const [pane, clock] of clocks) {
        const { steps, clock: next } = tickCineClock(clock, time);
        clocks.set(pane, next);
        if (steps > 0) dispatch({ type: 'step-phase', delta: steps, pane });
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, dispatch]);
}
