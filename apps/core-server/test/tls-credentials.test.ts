import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '@atrium/config';
import { loadTlsCredentials } from '../src/server/tls-credentials.js';
import {
  TestCertificates,
  type IssuedCertificate,
} from './support/test-certificates.js';

const NO_TLS: ServerConfig['tls'] = {
  clientTlsPort: 4390,
  adminTlsPort: 4391,
  localPacsTlsPort: 2762,
  certificate: '',
  privateKey: '',
  pfx: '',
  pfxPassword: '',
};

let dir: string;
let certs: TestCertificates;
let rsa: IssuedCertificate;
let ec: IssuedCertificate;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-tls-'));
  certs = new TestCertificates(dir);
  rsa = certs.issue({ name: 'rsa', keyType: 'rsa' });
  ec = certs.issue({ name: 'ec', keyType: 'ec' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pem(issued: IssuedCertificate): ServerConfig['tls'] {
  return { ...NO_TLS, certificate: issued.cert, privateKey: issued.key };
}

describe('the certificate of [Tls]', () => {
  it('is absent when no key of [Tls] names a file', () => {
    expect(loadTlsCredentials(NO_TLS)).toBeNull();
  });

  it('loads a PEM pair with an RSA key and with an EC key', () => {
    for (const issued of [rsa, ec]) {
      const loaded = loadTlsCredentials(pem(issued));
      expect(loaded?.certificate.subject).toBe('CN=localhost');
      expect(loaded?.source).toBe(issued.cert);
      expect(loaded?.secureContext).toHaveProperty('key');
    }
    const rsaKey = loadTlsCredentials(pem(rsa))!.certificate.publicKey;
    const ecKey = loadTlsCredentials(pem(ec))!.certificate.publicKey;
    expect(rsaKey.asymmetricKeyType).toBe('rsa');
    expect(ecKey.asymmetricKeyType).toBe('ec');
  });

  it('loads PKCS #12 with a password and without one', () => {
    const locked = certs.packPfx(rsa, 'locked', 'Pfx-Secret-1');
    const open = certs.packPfx(ec, 'open', '');

    const withPassword = loadTlsCredentials({
      ...NO_TLS,
      pfx: locked,
      pfxPassword: 'Pfx-Secret-1',
    });
    expect(withPassword?.certificate.subject).toBe('CN=localhost');
    expect(withPassword?.certificate.publicKey.asymmetricKeyType).toBe('rsa');

    const withoutPassword = loadTlsCredentials({ ...NO_TLS, pfx: open });
    expect(withoutPassword?.certificate.publicKey.asymmetricKeyType).toBe('ec');
  });

  it('refuses a PKCS #12 file with the wrong password, naming the key', () => {
    const locked = certs.packPfx(rsa, 'wrong', 'Pfx-Secret-2');
    expect(() =>
      loadTlsCredentials({ ...NO_TLS, pfx: locked, pfxPassword: 'nope' }),
    ).toThrow(
      expect.objectContaining({
        code: 'CORE_TLS_NOT_READABLE',
        message: `[Tls] Pfx ${locked} could not be opened (wrong PfxPassword)`,
      }),
    );
  });

  it('refuses a key that does not belong to the certificate', () => {
    expect(() =>
      loadTlsCredentials({
        ...NO_TLS,
        certificate: rsa.cert,
        privateKey: ec.key,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'CORE_TLS_KEY_MISMATCH',
        message: `[Tls] PrivateKey ${ec.key} does not belong to Certificate ${rsa.cert}`,
      }),
    );
  });

  it('refuses an expired certificate and one not valid yet', () => {
    const expired = certs.issue({
      name: 'expired',
      keyType: 'ec',
      fromDays: -60,
      toDays: -2,
    });
    expect(() => loadTlsCredentials(pem(expired))).toThrow(
      expect.objectContaining({
        code: 'CORE_TLS_CERTIFICATE_EXPIRED',
        message: expect.stringMatching(
          /^The TLS certificate .*expired\.pem expired on \d{4}-\d\d-\d\dT.*: install a new one in \[Tls\]$/,
        ),
      }),
    );

    const future = certs.issue({
      name: 'future',
      keyType: 'ec',
      fromDays: 5,
      toDays: 50,
    });
    expect(() => loadTlsCredentials(pem(future))).toThrow(/not valid before/);
  });

  it('says what is wrong with the settings themselves', () => {
    expect(() =>
      loadTlsCredentials({ ...NO_TLS, certificate: rsa.cert }),
    ).toThrow(
      '[Tls] PrivateKey is empty: Certificate and PrivateKey go together',
    );
    expect(() =>
      loadTlsCredentials({ ...pem(rsa), pfx: join(dir, 'any.pfx') }),
    ).toThrow(/both Certificate\/PrivateKey and Pfx/);
    expect(() =>
      loadTlsCredentials({ ...pem(rsa), certificate: join(dir, 'none.pem') }),
    ).toThrow(
      `[Tls] Certificate ${join(dir, 'none.pem')} cannot be read: no such file`,
    );

    const notPem = join(dir, 'not-a-key.pem');
    writeFileSync(notPem, 'hello\n');
    expect(() =>
      loadTlsCredentials({ ...pem(rsa), privateKey: notPem }),
    ).toThrow(/holds no unencrypted PEM private key/);
  });
});
