import { describe, expect, it } from 'vitest';
import { numbersSlicesFromEnd } from '../src/slice-order.js';

describe('which end of a stack is slice 1', () => {
  it('is the end holding the lowest instance number', () => {
    expect(
      numbersSlicesFromEnd([
        [21, 22],
        [11, 12],
        [1, 2],
      ]),
    ).toBe(true);
    expect(
      numbersSlicesFromEnd([
        [1, 2],
        [11, 12],
      ]),
    ).toBe(false);
  });

  it('keeps the Core Server’s order without numbers, with one slice, or when the lowest is inside', () => {
    expect(numbersSlicesFromEnd([[null], [undefined]])).toBe(false);
    expect(numbersSlicesFromEnd([[5, 1]])).toBe(false);
    expect(numbersSlicesFromEnd([[9], [1], [5]])).toBe(false);
  });
});
