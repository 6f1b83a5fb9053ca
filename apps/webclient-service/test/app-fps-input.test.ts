import { describe, expect, it } from 'vitest';
import { readFpsInput } from '../src/lib/viewer/fps-input.js';

describe('the fps box', () => {
  it('takes a rate within 1 to 120 as it is, rounded to a tenth', () => {
    expect(readFpsInput('30')).toEqual({ fps: 30, hint: null });
    expect(readFpsInput(' 14.44 ')).toEqual({ fps: 14.4, hint: null });
    expect(readFpsInput('1')).toEqual({ fps: 1, hint: null });
    expect(readFpsInput('120')).toEqual({ fps: 120, hint: null });
  });

  it('clamps both ends the same way and says so', () => {
    const low = readFpsInput('0');
    expect(low.fps).toBe(1);
    expect(low.hint).toMatch(/slowest/);
    expect(readFpsInput('-5').fps).toBe(1);
    const high = readFpsInput('500');
    expect(high.fps).toBe(120);
    expect(high.hint).toMatch(/fastest/);
  });

  it('keeps the current rate for text that is no number and says what is expected', () => {
    for (const text of ['', 'abc', '2x', 'Infinity']) {
      const reading = readFpsInput(text);
      expect(reading.fps).toBeNull();
      expect(reading.hint).toMatch(/1 to 120 fps/);
    }
  });
});
