import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { signToken } from '../src/sign-token.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const claims = {
  userId: 'jdoe',
  roles: ['Analyst'],
  permissions: ['ViewStudy', 'SaveWorkspace'],
  sessionId: 's-1',
};

describe('signToken', () => {
  it('signs with ES256 and writes the claims of DESIGN.md', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const { token, expiresAt } = await signToken(claims, privateKey, {
      lifetimeMinutes: 10,
      now,
    });

    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({
      sub: 'jdoe',
      roles: ['Analyst'],
      perms: ['ViewStudy', 'SaveWorkspace'],
      sid: 's-1',
      iss: 'atrium-core',
      aud: 'atrium',
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(expiresAt.toISOString()).toBe('2030-01-01T00:10:00.000Z');
  });

  it('refuses a lifetime that is not positive', async () => {
    await expect(
      signToken(claims, privateKey, { lifetimeMinutes: 0 }),
    ).rejects.toMatchObject({ code: 'TOK_CLAIMS_INVALID' });
  });

  it('refuses claims without a session', async () => {
    await expect(
      signToken({ ...claims, sessionId: '' }, privateKey),
    ).rejects.toMatchObject({ code: 'TOK_CLAIMS_INVALID' });
  });
});
