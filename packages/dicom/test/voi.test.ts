import { describe, expect, it } from 'vitest';

import {
  createMinMaxTransform,
  createVoiLutTransform,
  createWindowTransform,
} from '../src/voi.js';

describe('window functions', () => {
  it('follows the DICOM LINEAR function with its half-sample offsets', () => {
    const voi = createWindowTransform(40, 400, 'LINEAR');
    // Below c - 0.5 - (w - 1) / 2 = -160 is black, above 239 is white.
    expect(voi(-160)).toBe(0);
    expect(voi(-159.9)).toBeGreaterThan(0);
    expect(voi(239)).toBeCloseTo(1, 10);
    expect(voi(240)).toBe(1);
    expect(voi(39.5)).toBeCloseTo(0.5, 10);
  });

  it('treats a width of 1 as a threshold rather than dividing by zero', () => {
    const voi = createWindowTransform(10, 1, 'LINEAR');
    expect([voi(9), voi(9.5), voi(10)]).toEqual([0, 0, 1]);
  });

  it('applies LINEAR_EXACT and SIGMOID as defined', () => {
    const exact = createWindowTransform(0.5, 1, 'LINEAR_EXACT');
    expect([exact(0), exact(0.25), exact(1)]).toEqual([0, 0.25, 1]);
    const sigmoid = createWindowTransform(100, 50, 'SIGMOID');
    expect(sigmoid(100)).toBeCloseTo(0.5, 10);
    expect(sigmoid(200)).toBeGreaterThan(0.99);
  });

  it('maps the smallest value to black and the largest to white for min-max', () => {
    const integral = createMinMaxTransform(-2000, 2402, true);
    expect(integral(-2000)).toBe(0);
    expect(integral(2402)).toBeCloseTo(1, 10);
    const real = createMinMaxTransform(0, 0.5, false);
    expect([real(0), real(0.25), real(0.5)]).toEqual([0, 0.5, 1]);
  });

  it('scales a VOI LUT by its output depth, widening a depth the data exceed', () => {
    const lut = createVoiLutTransform({
      firstMapped: 10,
      bits: 8,
      data: Uint16Array.from([0, 1000, 4095]),
    });
    expect(lut(5)).toBe(0);
    expect(lut(11)).toBeCloseTo(1000 / 4095, 10);
    expect(lut(99)).toBe(1);
  });
});
