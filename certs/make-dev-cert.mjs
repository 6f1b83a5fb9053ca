#!/usr/bin/env node
// Makes a development certificate authority and a server certificate signed
// by it, with Debian's `openssl`, for the WebClient Service's HTTPS port.
// The files go to <data>/certs/ (ATRIUM_DATA, else data/ at the repository
// root) and are never committed. An existing set is kept unless --force is
// given, so `npm start` can run this on every start.
//
//   node certs/make-dev-cert.mjs [--dir <folder>] [--host <name>]... [--force]
//
// A browser trusts the server certificate once `ca.pem` is imported as an
// authority. The CA key stays beside it, mode 0600, only to sign again.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CA_DAYS = 3650;
// Browsers refuse server certificates valid for more than 398 days.
const SERVER_DAYS = 397;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const options = readArguments(process.argv.slice(2));
const files = {
  caCert: join(options.dir, 'ca.pem'),
  caKey: join(options.dir, 'ca-key.pem'),
  cert: join(options.dir, 'server.pem'),
  key: join(options.dir, 'server-key.pem'),
};

if (!options.force && Object.values(files).every((file) => existsSync(file))) {
  console.log(`certs: keeping the development certificate in ${options.dir}`);
  process.exit(0);
}

mkdirSync(options.dir, { recursive: true, mode: 0o700 });
const scratch = mkdtempSync(join(tmpdir(), 'atrium-certs-'));
try {
  makeAuthority();
  makeServerCertificate();
} catch (error) {
  console.error(`certs: openssl failed: ${error.message}`);
  process.exit(1);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
for (const key of [files.caKey, files.key]) chmodSync(key, 0o600);

console.log(`certs: development CA        ${files.caCert}`);
console.log(`certs: server certificate    ${files.cert}`);
console.log(`certs: server private key    ${files.key}`);
console.log(`certs: names                 ${options.hosts.join(', ')}`);

function makeAuthority() {
  openssl(
    'ecparam',
    '-name',
    'prime256v1',
    '-genkey',
    '-noout',
    '-out',
    files.caKey,
  );
  openssl(
    'req',
    '-x509',
    '-new',
    '-sha256',
    '-key',
    files.caKey,
    '-days',
    String(CA_DAYS),
    '-subj',
    `/O=Atrium development/CN=Atrium development CA (${hostname()})`,
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
    '-out',
    files.caCert,
  );
}

function makeServerCertificate() {
  const request = join(scratch, 'server.csr');
  const extensions = join(scratch, 'server.ext');
  openssl(
    'ecparam',
    '-name',
    'prime256v1',
    '-genkey',
    '-noout',
    '-out',
    files.key,
  );
  openssl(
    'req',
    '-new',
    '-sha256',
    '-key',
    files.key,
    '-subj',
    `/O=Atrium development/CN=${options.hosts[0]}`,
    '-out',
    request,
  );
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'authorityKeyIdentifier=keyid',
      `subjectAltName=${options.hosts.map(toAltName).join(',')}`,
      '',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-sha256',
    '-in',
    request,
    '-CA',
    files.caCert,
    '-CAkey',
    files.caKey,
    '-CAcreateserial',
    '-CAserial',
    join(scratch, 'ca.srl'),
    '-days',
    String(SERVER_DAYS),
    '-extfile',
    extensions,
    '-out',
    files.cert,
  );
}

function openssl(...args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function toAltName(host) {
  const isAddress = /^[\d.]+$/.test(host) || host.includes(':');
  return `${isAddress ? 'IP' : 'DNS'}:${host}`;
}

function readArguments(args) {
  const hosts = [];
  let dir = null;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--force') force = true;
    else if (arg === '--dir') dir = args[++i];
    else if (arg === '--host') hosts.push(args[++i]);
    else {
      console.error(
        `certs: unknown argument ${arg} (expected --dir, --host or --force)`,
      );
      process.exit(2);
    }
  }
  const dataDir = process.env.ATRIUM_DATA
    ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env.ATRIUM_DATA)
    : join(root, 'data');
  const defaults = ['localhost', hostname(), '127.0.0.1', '::1'];
  return {
    dir: dir
      ? resolve(process.env.INIT_CWD ?? process.cwd(), dir)
      : join(dataDir, 'certs'),
    hosts: [...new Set([...hosts, ...defaults])].filter(Boolean),
    force,
  };
}
