import { describe, expect, it } from 'vitest';
import { AtriumError } from '@atrium/protocol';
import { translateCoreError } from '../src/core-reader.js';
import { checkStudyUid } from '../src/request-facts.js';

describe('a study UID in a report address', () => {
  it('is taken as the image index keeps it, spaces and accents included', () => {
    for (const uid of ['1.2.840.1', '1.2.3 4', '1.2.3.é', 'x'.repeat(256)]) {
      expect(checkStudyUid(uid)).toBe(uid);
    }
  });

  it('is refused when empty, too long, or holding a slash or control character', () => {
    for (const uid of ['', 'x'.repeat(257), '1/2', '1.2\n3', '1.2\u00003']) {
      expect(() => checkStudyUid(uid)).toThrow(
        'The address does not name a study',
      );
    }
  });
});

describe('a Core Server refusal', () => {
  it('is told to the report reader in its own words', () => {
    const cases: [string, string, number][] = [
      ['CORE_STUDY_NOT_FOUND', 'REPORT_STUDY_NOT_FOUND', 404],
      ['CORE_PERMISSION_DENIED', 'REPORT_NOT_PERMITTED', 403],
      ['CORE_PASSWORD_CHANGE_REQUIRED', 'REPORT_PASSWORD_CHANGE_REQUIRED', 403],
      ['CORE_SESSION_ENDED', 'REPORT_SESSION_ENDED', 401],
      ['CORE_TOKEN_EXPIRED', 'REPORT_SESSION_ENDED', 401],
      ['CORE_SOMETHING_ELSE', 'REPORT_CORE_UNAVAILABLE', 502],
    ];
    for (const [core, report, status] of cases) {
      expect(translateCoreError(new AtriumError(core, 'x'))).toMatchObject({
        code: report,
        status,
      });
    }
    expect(translateCoreError(new Error('socket hang up')).code).toBe(
      'REPORT_CORE_UNAVAILABLE',
    );
  });
});
