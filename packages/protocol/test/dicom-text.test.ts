import { describe, expect, it } from 'vitest';
import { formatDicomDate, formatPersonName } from '../src/dicom-text.js';

describe('DICOM values shown to people', () => {
  it('shows valid DICOM dates with dashes and anything else as found', () => {
    expect(formatDicomDate('20120304')).toBe('2012-03-04');
    expect(formatDicomDate('20120000')).toBe('2012 (invalid date 20120000)');
    expect(formatDicomDate('20120300')).toBe('2012-03 (invalid date 20120300)');
    expect(formatDicomDate('20230231')).toBe('2023-02 (invalid date 20230231)');
    expect(formatDicomDate('00000000')).toBe('invalid date 00000000');
    expect(formatDicomDate('2012')).toBe('2012 (invalid date)');
    expect(formatDicomDate(null)).toBe('');
  });

  it('shows person names family name first', () => {
    expect(formatPersonName('Doe^Jane^Q')).toBe('Doe, Jane Q');
    expect(formatPersonName('SCD0000101')).toBe('SCD0000101');
    expect(formatPersonName('Yamada^Taro=山田^太郎')).toBe('Yamada, Taro');
  });
});
