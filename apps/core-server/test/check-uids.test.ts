import { describe, expect, it } from 'vitest';
import { findInvalidUids, findUidProblem } from '../src/import/check-uids.js';

describe('findUidProblem', () => {
  it('accepts valid UIDs, leading zeros in a component included', () => {
    expect(findUidProblem('1.2.840.10008.5.1.4.1.1.4')).toBeUndefined();
    expect(findUidProblem('1.2.840.99.08975550791105350405')).toBeUndefined();
    expect(findUidProblem(`1.${'2'.repeat(62)}`)).toBeUndefined();
  });

  it('names what is wrong with an invalid UID', () => {
    expect(findUidProblem('')).toBe('it is empty');
    expect(findUidProblem('.')).toBe('it has an empty component');
    expect(findUidProblem('..')).toBe('it has an empty component');
    expect(findUidProblem('1.2.')).toBe('it has an empty component');
    expect(findUidProblem('1.2\0x')).toBe('it contains a NUL character');
    expect(findUidProblem('../../etc')).toBe('it contains a slash');
    expect(findUidProblem('1.2.3a')).toBe(
      'it contains characters other than digits and dots',
    );
    expect(findUidProblem(`1.${'2'.repeat(63)}`)).toBe(
      'it is 65 characters long (DICOM allows 64)',
    );
  });
});

describe('findInvalidUids', () => {
  it('lists only the invalid ones, with their attribute and value', () => {
    expect(
      findInvalidUids({ StudyInstanceUID: '1.2', SOPInstanceUID: '1.2/3' }),
    ).toEqual([
      {
        attribute: 'SOPInstanceUID',
        value: '1.2/3',
        problem: 'it contains a slash',
      },
    ]);
  });
});
