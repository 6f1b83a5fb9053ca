import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signToken } from '../src/sign-token.js';
import { verifyToken } from '../src/verify-token.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const claims = {
  userId: 'jdoe',
  roles: ['Viewer'],
  permissions: ['ViewStudy'],
  sessionId: 's-2',
};
const signedAt = new Date('2030-01-01T00:00:00Z');

async function makeToken(minutes = 5): Promise<string> {
  const signed = await signToken(claims, pair.privateKey, {
    lifetimeMinutes: minutes,
    now: signedAt,
  });
  return signed.token;
}

describe('verifyToken', () => {
  it('returns the typed claims of a valid token', async () => {
    const token = await makeToken();
    const verified = await verifyToken(token, pair.publicKey, {
      now: new Date('2030-01-01T00:04:59Z'),
    });
    expect(verified).toEqual({
      ...claims,
      issuedAt: signedAt,
      expiresAt: new Date('2030-01-01T00:05:00Z'),
    });
  });

  it('says expired once the lifetime has passed', async () => {
    const token = await makeToken();
    await expect(
      verifyToken(token, pair.publicKey, {
        now: new Date('2030-01-01T00:05:01Z'),
      }),
    ).rejects.toMatchObject({ code: 'TOK_EXPIRED', status: 401 });
  });

  it('says invalid for a token signed by another key', async () => {
    const token = await makeToken();
    await expect(
      verifyToken(token, other.publicKey, { now: signedAt }),
    ).rejects.toMatchObject({ code: 'TOK_INVALID' });
  });

  it('says invalid for a token whose payload was changed', async () => {
    const [header, , signature] = (await makeToken()).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'admin', sid: 's-2', roles: [], perms: [] }),
    ).toString('base64url');
    await expect(
      verifyToken(`${header}.${forged}.${signature}`, pair.publicKey, {
        now: signedAt,
      }),
    ).rejects.toMatchObject({ code: 'TOK_INVALID' });
  });

  it('says invalid for text that is not a token', async () => {
    await expect(verifyToken('hello', pair.publicKey)).rejects.toMatchObject({
      code: 'TOK_INVALID',
    });
  });

  it('says invalid for a correctly signed token from another issuer', async () => {
    const token = await new SignJWT({ sid: 's', roles: [], perms: [] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('jdoe')
      .setIssuer('someone-else')
      .setAudience('atrium')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(pair.privateKey);
    await expect(verifyToken(token, pair.publicKey)).rejects.toMatchObject({
      code: 'TOK_INVALID',
    });
  });
});
