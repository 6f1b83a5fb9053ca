import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import {
  createSecureContext,
  TLSSocket,
  type SecureContextOptions,
} from 'node:tls';
import type { ServerConfig } from '@atrium/config';
import { coreError } from '../errors.js';

/** The certificate the TLS ports present, checked and ready to serve. */
export interface TlsCredentials {
  /** Passed to the TLS servers as they are. */
  secureContext: SecureContextOptions;
  /** The server's own certificate (the first of a chain). */
  certificate: X509Certificate;
  /** Where it came from, for log lines: the PEM or PKCS #12 file. */
  source: string;
}

/**
 * Reads the certificate of [Tls]: Certificate and PrivateKey as PEM, or Pfx
 * (PKCS #12) with PfxPassword. Returns null when none is installed. Stops
 * with one line naming the key at fault when a file cannot be read, the
 * key does not belong to the certificate, or the certificate has expired
 * (or is not valid yet).
 */
export function loadTlsCredentials(
  tls: ServerConfig['tls'],
  now = new Date(),
): TlsCredentials | null {
  const hasPem = tls.certificate !== '' || tls.privateKey !== '';
  if (hasPem && tls.pfx !== '') {
    throw unreadable(
      '[Tls] sets both Certificate/PrivateKey and Pfx: choose one',
    );
  }
  if (hasPem) return checkDates(loadPem(tls), now);
  if (tls.pfx !== '') return checkDates(loadPfx(tls), now);
  return null;
}

function loadPem(tls: ServerConfig['tls']): TlsCredentials {
  if (tls.certificate === '' || tls.privateKey === '') {
    const missing = tls.certificate === '' ? 'Certificate' : 'PrivateKey';
    throw unreadable(
      `[Tls] ${missing} is empty: Certificate and PrivateKey go together`,
    );
  }
  const certText = readSetting('Certificate', tls.certificate);
  const keyText = readSetting('PrivateKey', tls.privateKey);

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certText);
  } catch {
    throw unreadable(
      `[Tls] Certificate ${tls.certificate} holds no PEM certificate`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyText);
  } catch {
    throw unreadable(
      `[Tls] PrivateKey ${tls.privateKey} holds no unencrypted PEM private key (an encrypted key goes in a Pfx file with PfxPassword)`,
    );
  }
  if (!certificate.checkPrivateKey(key)) {
    throw coreError(
      'CORE_TLS_KEY_MISMATCH',
      `[Tls] PrivateKey ${tls.privateKey} does not belong to Certificate ${tls.certificate}`,
    );
  }
  return {
    secureContext: { cert: certText, key: keyText },
    certificate,
    source: tls.certificate,
  };
}

function loadPfx(tls: ServerConfig['tls']): TlsCredentials {
  const pfx = readSetting('Pfx', tls.pfx);
  const secureContext: SecureContextOptions = {
    pfx,
    ...(tls.pfxPassword !== '' && { passphrase: tls.pfxPassword }),
  };

  // Node reads PKCS #12 only into a TLS context; a server-side socket that
  // is never connected hands the certificate back out of it.
  let certificate: X509Certificate | undefined;
  try {
    const context = createSecureContext(secureContext);
    const probe = new TLSSocket(null as never, {
      isServer: true,
      secureContext: context,
    });
    certificate = probe.getX509Certificate();
    probe.destroy();
  } catch (err) {
    throw unreadable(
      `[Tls] Pfx ${tls.pfx} could not be opened (${describePfxError(err)})`,
    );
  }
  if (!certificate) {
    throw unreadable(`[Tls] Pfx ${tls.pfx} holds no certificate`);
  }
  return { secureContext, certificate, source: tls.pfx };
}

function checkDates(credentials: TlsCredentials, now: Date): TlsCredentials {
  const { certificate, source } = credentials;
  if (Date.parse(certificate.validTo) <= now.getTime()) {
    throw coreError(
      'CORE_TLS_CERTIFICATE_EXPIRED',
      `The TLS certificate ${source} expired on ${isoDate(certificate.validTo)}: install a new one in [Tls]`,
    );
  }
  if (Date.parse(certificate.validFrom) > now.getTime()) {
    throw coreError(
      'CORE_TLS_CERTIFICATE_EXPIRED',
      `The TLS certificate ${source} is not valid before ${isoDate(certificate.validFrom)}: check the clock or the certificate`,
    );
  }
  return credentials;
}

function readSetting(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable');
    throw unreadable(`[Tls] ${key} ${path} cannot be read: ${reason}`);
  }
}

function describePfxError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/mac verify|password/i.test(message)) return 'wrong PfxPassword';
  return message;
}

function unreadable(message: string) {
  return coreError('CORE_TLS_NOT_READABLE', message);
}

/** A certificate date (`Jan  1 00:00:00 2030 GMT`) as ISO 8601. */
export function isoDate(certificateDate: string): string {
  return new Date(Date.parse(certificateDate)).toISOString();
}
