import { AtriumError } from '@atrium/protocol';
import { describe, expect, it } from 'vitest';

import { dicomError, dicomErrors } from '../src/index.js';

describe('the DCM_ error registry', () => {
  it('gives every code the DCM_ prefix, a message and an HTTP status', () => {
    for (const [code, spec] of Object.entries(dicomErrors)) {
      expect(code).toMatch(/^DCM_[A-Z_]+$/);
      expect(spec.message.length).toBeGreaterThan(10);
      expect(spec.status).toBeGreaterThanOrEqual(400);
    }
  });

  it('builds AtriumErrors that keep their code across the wire', () => {
    const error = dicomError(
      'DCM_PIXEL_DATA_TRUNCATED',
      'Pixel data truncated: 1 of 2 bytes present',
    );
    expect(error).toBeInstanceOf(AtriumError);
    expect(error.toWire()).toEqual({
      code: 'DCM_PIXEL_DATA_TRUNCATED',
      message: 'Pixel data truncated: 1 of 2 bytes present',
    });
    expect(error.status).toBe(422);
    expect(dicomError('DCM_NOT_DICOM').message).toBe(
      dicomErrors.DCM_NOT_DICOM.message,
    );
  });
});
