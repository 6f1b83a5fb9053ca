import { describe, expect, it } from 'vitest';
import {
  formatWindow,
  formatWindowValue,
  NO_READOUT,
  sameReadout,
} from '../src/lib/viewer/readout.js';
import { listWindowPresets } from '../src/lib/viewer/window-presets.js';

describe('viewport readout', () => {
  it('counts a new image with the same window as a change, so the presets follow it', () => {
    const phase1 = { centre: 300, width: 800, zoom: 1, imageId: 'atrium:a' };
    const phase2 = { ...phase1, imageId: 'atrium:b' };
    expect(sameReadout(phase1, { ...phase1 })).toBe(true);
    expect(sameReadout(phase1, phase2)).toBe(false);
    expect(sameReadout(NO_READOUT, phase1)).toBe(false);
  });

  it('writes window numbers to one decimal without a trailing zero', () => {
    expect(formatWindowValue(255)).toBe('255');
    expect(formatWindowValue(127.5)).toBe('127.5');
    expect(formatWindowValue(127.54)).toBe('127.5');
    expect(formatWindowValue(-600)).toBe('-600');
    expect(formatWindowValue(-0.01)).toBe('0');
    expect(formatWindowValue(null)).toBe('–');
    expect(formatWindow(255, 127.5)).toBe('255/127.5');
  });

  it('writes a full-range preset exactly as the overlay writes the window it sets', () => {
    const [full] = listWindowPresets('XA', [], { min: 0, max: 255 });
    expect(full!.label).toBe('Full range');
    // The overlay shows the window read back from the viewport, rounded
    // the same way: both read 255/127.5.
    expect(formatWindow(full!.width, full!.centre)).toBe('255/127.5');
  });
});
