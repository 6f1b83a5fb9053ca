import { describe, expect, it } from 'vitest';
import { normaliseDicomDate } from '../src/studies/dicom-date.js';

describe('normaliseDicomDate', () => {
  it('keeps a valid DA date as YYYYMMDD', () => {
    expect(normaliseDicomDate('20120315')).toBe('20120315');
  });

  it('accepts the ACR-NEMA and ISO spellings', () => {
    expect(normaliseDicomDate('2012.03.15')).toBe('20120315');
    expect(normaliseDicomDate('2012-03-15')).toBe('20120315');
  });

  it('gives null for the invalid dates found in real files', () => {
    expect(normaliseDicomDate('20120000')).toBeNull();
    expect(normaliseDicomDate('00000000')).toBeNull();
    expect(normaliseDicomDate('20120231')).toBeNull();
    expect(normaliseDicomDate('2012')).toBeNull();
    expect(normaliseDicomDate('')).toBeNull();
    expect(normaliseDicomDate(undefined)).toBeNull();
  });

  it('knows leap days', () => {
    expect(normaliseDicomDate('20240229')).toBe('20240229');
    expect(normaliseDicomDate('20230229')).toBeNull();
  });
});
