import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate and its private key, as PEM files. */
export interface IssuedCertificate {
  cert: string;
  key: string;
}

/** What a throwaway server certificate should look like. */
export interface CertificateRequest {
  /** File name stem, unique within the folder. */
  name: string;
  keyType: 'rsa' | 'ec';
  /** Days from now the certificate starts and ends; negative is the past. */
  fromDays?: number;
  toDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A throwaway certificate authority in a temporary folder, made with
 * Debian's openssl at test time (keys are never committed). It issues
 * server certificates for 127.0.0.1, 127.0.0.2 and localhost with any
 * validity dates, past ones included, and packs them as PKCS #12.
 */
export class TestCertificates {
  readonly dir: string;
  /** The CA certificate (PEM) that clients trust. */
  readonly caCert: string;
  readonly #caKey: string;
  readonly #config: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(join(dir, 'issued'), { recursive: true });
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '01\n');
    this.#config = join(dir, 'ca.cnf');
    writeFileSync(
      this.#config,
      [
        '[ca]',
        'default_ca = atrium_test',
        '[atrium_test]',
        `database = ${join(dir, 'index.txt')}`,
        `new_certs_dir = ${join(dir, 'issued')}`,
        `serial = ${join(dir, 'serial')}`,
        'default_md = sha256',
        'policy = any_name',
        'copy_extensions = copy',
        'unique_subject = no',
        '[any_name]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    this.caCert = join(dir, 'ca.pem');
    this.#caKey = join(dir, 'ca.key');
    openssl([
      'req',
      '-x509',
      ...newKeyArgs('ec'),
      '-keyout',
      this.#caKey,
      '-out',
      this.caCert,
      '-days',
      '30',
      '-nodes',
      '-subj',
      '/CN=Atrium test CA',
    ]);
  }

  /** Issues a server certificate signed by the CA. */
  issue(request: CertificateRequest): IssuedCertificate {
    const key = join(this.dir, `${request.name}.key`);
    const csr = join(this.dir, `${request.name}.csr`);
    const cert = join(this.dir, `${request.name}.pem`);
    openssl([
      'req',
      '-new',
      ...newKeyArgs(request.keyType),
      '-keyout',
      key,
      '-out',
      csr,
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost',
    ]);
    const now = Date.now();
    openssl([
      'ca',
      '-batch',
      '-notext',
      '-config',
      this.#config,
      '-cert',
      this.caCert,
      '-keyfile',
      this.#caKey,
      '-in',
      csr,
      '-out',
      cert,
      '-startdate',
      asn1Time(new Date(now + (request.fromDays ?? -1) * DAY_MS)),
      '-enddate',
      asn1Time(new Date(now + (request.toDays ?? 365) * DAY_MS)),
    ]);
    return { cert, key };
  }

  /** Packs a certificate and key (and the CA) as PKCS #12. */
  packPfx(issued: IssuedCertificate, name: string, password: string): string {
    const pfx = join(this.dir, `${name}.pfx`);
    openssl([
      'pkcs12',
      '-export',
      '-in',
      issued.cert,
      '-inkey',
      issued.key,
      '-certfile',
      this.caCert,
      '-out',
      pfx,
      '-passout',
      `pass:${password}`,
    ]);
    return pfx;
  }
}

/** Runs openssl and returns what it printed; throws when it fails. */
export function openssl(args: string[], input = ''): string {
  return execFileSync('openssl', args, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function newKeyArgs(keyType: 'rsa' | 'ec'): string[] {
  return keyType === 'rsa'
    ? ['-newkey', 'rsa:2048']
    : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** YYYYMMDDHHMMSSZ, as openssl ca takes dates. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
