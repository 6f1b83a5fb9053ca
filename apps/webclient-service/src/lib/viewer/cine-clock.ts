/**
 * Timing of cine playback: how many phases to advance at a given moment so
 * that, over time, the phases advance at exactly the set rate whatever the
 * display's refresh rate. A late frame catches up by skipping phases rather
 * than slowing the loop down. Pure: the caller passes the clock.
 */

/** A running cine clock of one viewport. */
export interface CineClock {
  fps: number;
  /** When the next phase is due, in the caller's milliseconds. */
  nextDueMs: number;
}

/** Starts a clock at `nowMs`; the first phase advances one period later. */
export function startCineClock(fps: number, nowMs: number): CineClock {
  return { fps, nextDueMs: nowMs + 1000 / fps };
}

/**
 * Phases to advance now, and the clock after advancing them. Falling more
 * than a second behind (a background tab) resets the clock instead of
 * racing through the missed phases.
 */
export function tickCineClock(
  clock: CineClock,
  nowMs: number,
): { steps: number; clock: CineClock } {
  const period = 1000 / clock.fps;
  if (nowMs < clock.nextDueMs) return { steps: 0, clock };
  if (nowMs - clock.nextDueMs > 1000) {
    return { steps: 1, clock: { ...clock, nextDueMs: nowMs + period } };
  }

  const steps = 1 + Math.floor((nowMs - clock.nextDueMs) / period);
  return {
    steps,
    clock: { ...clock, nextDueMs: clock.nextDueMs + steps * period },
  };
}
