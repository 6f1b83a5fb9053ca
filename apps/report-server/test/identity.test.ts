import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken } from '@atrium/tokens';
import { verifyIdentity } from '../src/identity.js';

const core = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const CLAIMS = {
  userId: 'cardio',
  roles: ['Viewer'],
  permissions: ['ViewStudy'],
  sessionId: 'session-1',
};

function headerWith(token: string) {
  return { 'x-atrium-core-token': token };
}

describe('the identity a report request carries', () => {
  it('is the user of a token the Core Server signed', async () => {
    const { token } = await signToken(CLAIMS, core.privateKey);
    const identity = await verifyIdentity(headerWith(token), core.publicKey);
    expect(identity.token).toBe(token);
    expect(identity.claims).toMatchObject({
      userId: 'cardio',
      sessionId: 'session-1',
    });
  });

  it('is missing without the header', async () => {
    await expect(verifyIdentity({}, core.publicKey)).rejects.toMatchObject({
      code: 'REPORT_NO_IDENTITY',
      status: 401,
    });
  });

  it('is refused when signed by another key, altered, expired or not a token', async () => {
    const other = await signToken(CLAIMS, stranger.privateKey);
    const good = await signToken(CLAIMS, core.privateKey);
    const [head, body, sig] = good.token.split('.');
    const swapped = JSON.parse(Buffer.from(body!, 'base64url').toString());
    swapped.sub = 'admin';
    const altered = `${head}.${Buffer.from(JSON.stringify(swapped)).toString('base64url')}.${sig}`;
    const expired = await signToken(CLAIMS, core.privateKey, {
      now: new Date(Date.now() - 24 * 3_600_000),
    });
    for (const token of [
      other.token,
      altered,
      expired.token,
      'cardio',
      `${good.token}, ${good.token}`,
      'a.b.c'.repeat(3000),
    ]) {
      await expect(
        verifyIdentity(headerWith(token), core.publicKey),
        token.slice(0, 16),
      ).rejects.toMatchObject({ code: 'REPORT_IDENTITY_REFUSED', status: 401 });
    }
  });

  it('says a run-out token needs a reload', async () => {
    const expired = await signToken(CLAIMS, core.privateKey, {
      now: new Date(Date.now() - 24 * 3_600_000),
    });
    await expect(
      verifyIdentity(headerWith(expired.token), core.publicKey),
    ).rejects.toThrow('Your login token has run out; reload the page');
  });
});
