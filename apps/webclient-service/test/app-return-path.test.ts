import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../src/lib/return-path.js';

describe('where login returns to', () => {
  it('follows paths of this site', () => {
    expect(safeReturnPath('/viewer/1.2.3')).toBe('/viewer/1.2.3');
    expect(safeReturnPath('/studies?patientName=A*')).toBe(
      '/studies?patientName=A*',
    );
  });

  it('goes to the study list for anything else', () => {
    for (const value of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil',
      '/login',
    ]) {
      expect(safeReturnPath(value)).toBe('/studies');
    }
  });
});
