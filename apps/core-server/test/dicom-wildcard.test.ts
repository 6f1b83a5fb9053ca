import { describe, expect, it } from 'vitest';
import {
  compileWildcard,
  hasWildcard,
  matchPersonName,
} from '../src/studies/dicom-wildcard.js';

describe('compileWildcard', () => {
  it('matches * as any run of characters and ? as one', () => {
    expect(compileWildcard('SCD*').test('SCD0000101')).toBe(true);
    expect(compileWildcard('SCD000010?').test('SCD0000101')).toBe(true);
    expect(compileWildcard('SCD?').test('SCD0000101')).toBe(false);
    expect(compileWildcard('*').test('')).toBe(true);
  });

  it('ignores case', () => {
    expect(compileWildcard('mister*').test('MISTER^CT')).toBe(true);
  });

  it('takes regular-expression characters literally', () => {
    expect(compileWildcard('a.b').test('axb')).toBe(false);
    expect(compileWildcard('(x)+[y]').test('(x)+[y]')).toBe(true);
    expect(compileWildcard('^$').test('^$')).toBe(true);
  });
});

describe('hasWildcard', () => {
  it('finds either wildcard character', () => {
    expect(hasWildcard('AB*')).toBe(true);
    expect(hasWildcard('A?')).toBe(true);
    expect(hasWildcard('ABC')).toBe(false);
  });
});

describe('matchPersonName', () => {
  const match = (pattern: string, name: string) =>
    matchPersonName(compileWildcard(pattern), name);

  it('matches the whole name', () => {
    expect(match('doe^john', 'Doe^John')).toBe(true);
    expect(match('doe^j*', 'Doe^John^^^')).toBe(true);
  });

  it('matches any single component', () => {
    expect(match('john', 'Doe^John')).toBe(true);
    expect(match('jo*', 'Doe^John')).toBe(true);
    expect(match('smith', 'Doe^John')).toBe(false);
  });

  it('matches the components of every component group', () => {
    expect(match('yamada', 'Yamada^Tarou=山田^太郎')).toBe(true);
    expect(match('太郎', 'Yamada^Tarou=山田^太郎')).toBe(true);
  });

  it('does not let a pattern without wildcards match part of a component', () => {
    expect(match('do', 'Doe^John')).toBe(false);
  });
});
