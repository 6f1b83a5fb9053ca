import { describe, expect, it } from 'vitest';
import {
  isSecretName,
  NOT_DISPLAYED,
  redact,
  redactText,
} from '../src/redact.js';

describe('isSecretName', () => {
  it.each([
    'password',
    'PfxPassword',
    'webtlspfxpassword',
    'new_password',
    'passwd',
    'recruitersecret',
    'clientSecret',
    'token',
    'accessToken',
    'refresh-token',
    'apiKey',
    'privateKey',
    'webtlskey',
    'sessionKey',
    'signingKeys',
    'authorization',
    'Cookie',
    'ticket',
    'credentials',
  ])('treats %s as a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'user',
    'op',
    'studyInstanceUid',
    'publicKey',
    'pubkey',
    'keyboard',
    'status',
  ])('leaves %s alone', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('redact', () => {
  it('replaces secret fields at any depth, in objects, arrays and maps', () => {
    const value = {
      user: 'ana',
      password: 'hunter2',
      nested: { deeper: { recruiterSecret: 's', keep: 1 } },
      list: [{ token: 't' }, 'plain'],
      map: new Map<string, unknown>([
        ['apiKey', 'k'],
        ['name', 'n'],
      ]),
    };
    expect(redact(value)).toEqual({
      user: 'ana',
      password: NOT_DISPLAYED,
      nested: { deeper: { recruiterSecret: NOT_DISPLAYED, keep: 1 } },
      list: [{ token: NOT_DISPLAYED }, 'plain'],
      map: { apiKey: NOT_DISPLAYED, name: 'n' },
    });
  });

  it('replaces a secret field whole, even when it holds an object', () => {
    expect(redact({ credentials: { user: 'a', pass: 'b' } })).toEqual({
      credentials: NOT_DISPLAYED,
    });
  });

  it('does not change the object it was given', () => {
    const value = { password: 'p' };
    redact(value);
    expect(value.password).toBe('p');
  });

  it('masks tokens, bearer credentials and private keys inside text', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJl';
    expect(redact({ note: `got ${jwt} from client` })).toEqual({
      note: `got ${NOT_DISPLAYED} from client`,
    });
    expect(redactText('Authorization: Bearer abc.def-ghi')).toBe(
      `Authorization: Bearer ${NOT_DISPLAYED}`,
    );
    expect(
      redactText(
        'x -----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY----- y',
      ),
    ).toBe(`x ${NOT_DISPLAYED} y`);
  });

  it('writes errors as name, code and message, with the stack only on request', () => {
    const error = Object.assign(new Error('Disk full'), { code: 'ENOSPC' });
    expect(redact({ err: error })).toEqual({
      err: { name: 'Error', code: 'ENOSPC', message: 'Disk full' },
    });
    const withStack = redact(error, { stack: true }) as { stack: string };
    expect(withStack.stack).toContain('Disk full');
  });

  it('follows an error cause', () => {
    const error = new Error('Import failed', { cause: new Error('EACCES') });
    expect(redact(error)).toEqual({
      name: 'Error',
      message: 'Import failed',
      cause: { name: 'Error', message: 'EACCES' },
    });
  });

  it('summarises buffers, cycles, deep nesting and values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 12; i++) deep = { next: deep };

    expect(redact({ pixels: new Uint16Array(4) })).toEqual({
      pixels: '[Uint16Array 8 bytes]',
    });
    expect(redact(cyclic)).toEqual({ a: 1, self: '[Circular]' });
    expect(JSON.stringify(redact(deep))).toContain('[Nested too deep]');
    expect(redact({ n: 10n, when: new Date(0), f: () => 1 })).toEqual({
      n: '10',
      when: '1970-01-01T00:00:00.000Z',
      f: undefined,
    });
  });

  it('keeps the same object appearing twice (not a cycle)', () => {
    const shared = { id: 1 };
    expect(redact({ a: shared, b: shared })).toEqual({
      a: { id: 1 },
      b: { id: 1 },
    });
  });
});
