import { describe, expect, it } from 'vitest';
import {
  startCineClock,
  tickCineClock,
  type CineClock,
} from '../src/lib/viewer/cine-clock.js';

function advance(clock: CineClock, times: number[]): number {
  let steps = 0;
  for (const time of times) {
    const tick = tickCineClock(clock, time);
    clock = tick.clock;
    steps += tick.steps;
  }
  return steps;
}

describe('cine timing', () => {
  it('advances at the set rate whatever the display refresh rate', () => {
    const at60Hz = Array.from(
      { length: 60 * 2 },
      (_, i) => (i + 1) * (1000 / 60),
    );
    const at144Hz = Array.from(
      { length: 144 * 2 },
      (_, i) => (i + 1) * (1000 / 144),
    );
    expect(advance(startCineClock(20, 0), at60Hz)).toBe(40);
    expect(advance(startCineClock(20, 0), at144Hz)).toBe(40);
  });

  it('waits a full period before the first step', () => {
    const clock = startCineClock(10, 1000);
    expect(tickCineClock(clock, 1099).steps).toBe(0);
    expect(tickCineClock(clock, 1100).steps).toBe(1);
  });

  it('catches up on a late frame by skipping phases', () => {
    const clock = startCineClock(10, 0);
    expect(tickCineClock(clock, 350).steps).toBe(3);
  });

  it('restarts rather than racing after a long pause', () => {
    const clock = startCineClock(25, 0);
    const { steps, clock: next } = tickCineClock(clock, 60_000);
    expect(steps).toBe(1);
    expect(next.nextDueMs).toBe(60_040);
  });
});
