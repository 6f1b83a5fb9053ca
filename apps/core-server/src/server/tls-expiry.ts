import type { Logger } from '@atrium/log';
import { isoDate, type TlsCredentials } from './tls-credentials.js';

/** A certificate this close to its end is logged as a WARNING. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Logs a WARNING when the certificate ends within 30 days, and an ERROR
 * once it has ended (a server that keeps running past that date). Returns
 * whether anything was logged.
 */
export function logCertificateExpiry(
  credentials: TlsCredentials,
  log: Logger,
  now = new Date(),
): boolean {
  const { certificate, source } = credentials;
  const endsAt = Date.parse(certificate.validTo);
  const daysLeft = Math.floor((endsAt - now.getTime()) / DAY_MS);
  const fields = {
    certificate: source,
    subject: certificate.subject,
    validTo: isoDate(certificate.validTo),
    daysLeft,
  };

  if (endsAt <= now.getTime()) {
    log.system('ERROR', 'TLS certificate has expired', fields);
    return true;
  }
  if (daysLeft >= EXPIRY_WARNING_DAYS) return false;
  log.warn('TLS certificate expires soon', fields);
  return true;
}

/**
 * Checks the certificate now and then once a day for as long as the
 * server runs. Returns the function that stops the checks.
 */
export function watchCertificateExpiry(
  credentials: TlsCredentials,
  log: Logger,
  clock: () => Date = () => new Date(),
): () => void {
  logCertificateExpiry(credentials, log, clock());
  const timer = setInterval(
    () => logCertificateExpiry(credentials, log, clock()),
    DAY_MS,
  );
  // The daily check must never be what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}
