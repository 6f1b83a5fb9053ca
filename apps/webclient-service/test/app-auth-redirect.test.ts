import { describe, expect, it } from 'vitest';
import { keepRedirectOnSite } from '../src/lib/server/auth-redirect';

const baseUrl = 'https://viewer.hospital.example:4443';

describe('where next-auth may send a browser', () => {
  it('follows a path of the site on the site origin', () => {
    expect(keepRedirectOnSite({ url: '/viewer/1.2.3?x=1', baseUrl })).toBe(
      `${baseUrl}/viewer/1.2.3?x=1`,
    );
    expect(keepRedirectOnSite({ url: `${baseUrl}/login`, baseUrl })).toBe(
      `${baseUrl}/login`,
    );
  });

  it('sends a foreign, protocol-relative or backslash target to the study list', () => {
    for (const url of [
      'https://evil.example/steal',
      '//evil.example/steal',
      '/\\evil.example/steal',
      'http://viewer.hospital.example:4443/login',
      'https://viewer.hospital.example:4443.evil.example/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(keepRedirectOnSite({ url, baseUrl }), url).toBe(
        `${baseUrl}/studies`,
      );
    }
  });
});
