import { describe, expect, it } from 'vitest';
import {
  launchPathOf,
  loginPathFor,
  readLaunchRequest,
} from '../src/lib/launch-request.js';

describe('reading a study-request link', () => {
  it('reads a study by accession number with a user name', () => {
    expect(
      readLaunchRequest({ accession: 'ATR-0101', username: 'clinician' }),
    ).toEqual({
      kind: 'open',
      study: { accessionNumber: 'ATR-0101' },
      username: 'clinician',
    });
  });

  it('reads a study by UID, with parameter names in any case', () => {
    expect(readLaunchRequest({ StudyUID: '1.2.840.1' })).toEqual({
      kind: 'open',
      study: { studyUid: '1.2.840.1' },
      username: null,
    });
  });

  it('refuses a link that carries a password, whatever else it names', () => {
    const request = readLaunchRequest({
      accession: 'A1',
      username: 'clinician',
      password: 'secret',
    });
    expect(request.kind).toBe('refused');
    expect(request.kind === 'refused' && request.message).toMatch(
      /never accepts in a link/,
    );
  });

  it('refuses a link naming no study, two studies, or a wildcard accession', () => {
    expect(readLaunchRequest({}).kind).toBe('refused');
    expect(readLaunchRequest({ accession: 'A1', studyuid: '1.2' }).kind).toBe(
      'refused',
    );
    expect(readLaunchRequest({ accession: 'A*' }).kind).toBe('refused');
    expect(readLaunchRequest({ studyuid: '1.2.x' }).kind).toBe('refused');
  });

  it('reads unload-study as closing the study', () => {
    expect(readLaunchRequest({ 'unload-study': '1' })).toEqual({
      kind: 'unload',
      username: null,
    });
  });

  it('builds the way back after login without the user name', () => {
    const back = launchPathOf({ accessionNumber: 'A 1&2' });
    expect(back).toBe('/launch?accession=A%201%262');
    expect(loginPathFor('clinician', back)).toBe(
      '/login?callbackUrl=%2Flaunch%3Faccession%3DA%25201%25262&username=clinician',
    );
  });
});
