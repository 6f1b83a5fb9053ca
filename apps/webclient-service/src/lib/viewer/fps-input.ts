/**
 * Reading the cine rate a user types into the fps box. Every value out of
 * range is clamped the same way (0 gives 1, 500 gives 120) and says so;
 * text that is no number changes nothing and says what is expected. Pure.
 */
import { MAX_CINE_FPS, MIN_CINE_FPS } from './frame-stack';

/** What a typed rate means. */
export interface FpsReading {
  /** The rate to apply, or null to keep the current one. */
  fps: number | null;
  /** Why the typed text was not taken as it is, or null when it was. */
  hint: string | null;
}

const RANGE = `${MIN_CINE_FPS} to ${MAX_CINE_FPS} fps`;

/** Reads the fps box's text. */
export function readFpsInput(text: string): FpsReading {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value)) {
    return { fps: null, hint: `Type a number, ${RANGE}` };
  }
  if (value < MIN_CINE_FPS) {
    return {
      fps: MIN_CINE_FPS,
      hint: `${MIN_CINE_FPS} fps is the slowest (allowed: ${RANGE})`,
    };
  }
  if (value > MAX_CINE_FPS) {
    return {
      fps: MAX_CINE_FPS,
      hint: `${MAX_CINE_FPS} fps is the fastest (allowed: ${RANGE})`,
    };
  }
  return { fps: Math.round(value * 10) / 10, hint: null };
}
