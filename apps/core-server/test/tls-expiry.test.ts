import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { createLogger, type Logger } from '@atrium/log';
import {
  loadTlsCredentials,
  type TlsCredentials,
} from '../src/server/tls-credentials.js';
import {
  logCertificateExpiry,
  watchCertificateExpiry,
} from '../src/server/tls-expiry.js';
import { TestCertificates } from './support/test-certificates.js';

const DAY_MS = 24 * 60 * 60 * 1000;

let dir: string;
let soon: TlsCredentials;
let later: TlsCredentials;
let log: Logger;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-expiry-'));
  const certs = new TestCertificates(dir);
  const load = (name: string, toDays: number) => {
    const issued = certs.issue({ name, keyType: 'ec', toDays });
    return loadTlsCredentials({
      clientTlsPort: 4390,
      adminTlsPort: 4391,
      localPacsTlsPort: 2762,
      certificate: issued.cert,
      privateKey: issued.key,
      pfx: '',
      pfxPassword: '',
    })!;
  };
  soon = load('soon', 10);
  later = load('later', 45);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let logDir: string;
function openLog(): Logger {
  logDir = mkdtempSync(join(dir, 'logs-'));
  log = createLogger({ processName: 'core-server', dir: logDir });
  return log;
}

function entries(): Record<string, unknown>[] {
  return readFileSync(join(logDir, 'core-server.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

afterEach(() => {
  vi.useRealTimers();
  log?.close();
});

describe('the certificate expiry check', () => {
  it('writes a WARNING naming the certificate when it ends within 30 days', () => {
    openLog();
    expect(logCertificateExpiry(soon, log)).toBe(true);

    const [entry] = entries();
    expect(entry).toMatchObject({
      type: 'SystemLog',
      level: 'WARNING',
      msg: 'TLS certificate expires soon',
      certificate: soon.source,
      subject: 'CN=localhost',
      daysLeft: 9,
    });
    expect(Date.parse(entry!.validTo as string)).toBe(
      Date.parse(soon.certificate.validTo),
    );
  });

  it('stays quiet while more than 30 days are left', () => {
    openLog();
    expect(logCertificateExpiry(later, log)).toBe(false);
    expect(
      logCertificateExpiry(later, log, new Date(Date.now() + 16 * DAY_MS)),
    ).toBe(true);
    expect(entries().map((e) => e.level)).toEqual(['WARNING']);
  });

  it('writes an ERROR once a running server passes the end date', () => {
    openLog();
    logCertificateExpiry(soon, log, new Date(Date.now() + 11 * DAY_MS));
    expect(entries()[0]).toMatchObject({
      level: 'ERROR',
      msg: 'TLS certificate has expired',
    });
  });

  it('checks at start and then once a day', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    openLog();
    let now = Date.now();
    const stop = watchCertificateExpiry(soon, log, () => new Date(now));
    expect(entries()).toHaveLength(1);

    now += DAY_MS;
    vi.advanceTimersByTime(DAY_MS - 1);
    expect(entries()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(entries()).toHaveLength(2);
    expect(entries()[1]).toMatchObject({ level: 'WARNING', daysLeft: 8 });

    stop();
    vi.advanceTimersByTime(5 * DAY_MS);
    expect(entries()).toHaveLength(2);
  });
});
