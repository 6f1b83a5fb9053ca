import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import {
  findFreePort,
  runCli,
  type CliProcess,
} from './support/cli-process.js';
import { tryHandshake } from './support/run-openssl.js';
import {
  TestCertificates,
  type IssuedCertificate,
} from './support/test-certificates.js';

// The TLS ports listen on a second loopback address so the test can tell
// them from the plain ports, which a certificate confines to 127.0.0.1.
const TLS_HOST = '127.0.0.2';

let certDir: string;
let certs: TestCertificates;
let expiresSoon: IssuedCertificate;
let other: IssuedCertificate;

beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'atrium-serve-tls-certs-'));
  certs = new TestCertificates(certDir);
  expiresSoon = certs.issue({ name: 'soon', keyType: 'ec', toDays: 12 });
  other = certs.issue({ name: 'other', keyType: 'rsa' });
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

let dataDir: string;
const processes: CliProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

interface Ports {
  client: number;
  admin: number;
  clientTls: number;
  adminTls: number;
}

async function writeConfig(tlsLines: string): Promise<Ports> {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-serve-tls-'));
  const ports: Ports = {
    client: await findFreePort(),
    admin: await findFreePort(),
    clientTls: await findFreePort(),
    adminTls: await findFreePort(),
  };
  // The DICOM port too: the default (104) would be shared by parallel runs.
  const pacsPort = await findFreePort();
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${ports.client}\nAdminPort=${ports.admin}\n` +
      `[Tls]\nClientTlsPort=${ports.clientTls}\nAdminTlsPort=${ports.adminTls}\n` +
      tlsLines +
      `[DicomNetwork]\nLocalPacsPort=${pacsPort}\n` +
      `[Network]\nBindAddress=${TLS_HOST}\n`,
  );
  return ports;
}

function serve(): CliProcess {
  const run = runCli(['serve'], {
    ATRIUM_DATA: dataDir,
    ATRIUM_ADMIN_PASSWORD: 'Env-Admin-Pw1',
  });
  processes.push(run);
  return run;
}

function logEntries(): Record<string, unknown>[] {
  const dir = join(dataDir, 'ServerLogs');
  return readdirSync(dir)
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('atrium-core serve with a certificate in [Tls]', () => {
  it('serves TLS 1.3 on the TLS ports, keeps the plain ports on loopback and warns of a near expiry', async () => {
    const ports = await writeConfig(
      `Certificate=${expiresSoon.cert}\nPrivateKey=${expiresSoon.key}\n`,
    );
    const run = serve();
    await run.waitForOutput('(AdminPort)');

    expect(run.stdout()).toContain(
      `wss://${TLS_HOST}:${ports.clientTls}  (ClientTlsPort, TLS 1.3)`,
    );
    expect(run.stdout()).toContain(
      `wss://${TLS_HOST}:${ports.adminTls}  (AdminTlsPort, TLS 1.3)`,
    );
    expect(run.stdout()).toContain(
      `ws://127.0.0.1:${ports.client}  (ClientPort)`,
    );
    expect(run.stdout()).toContain(
      `ws://127.0.0.1:${ports.admin}  (AdminPort)`,
    );

    const warning = logEntries().find(
      (e) => e.msg === 'TLS certificate expires soon',
    );
    expect(warning).toMatchObject({
      type: 'SystemLog',
      level: 'WARNING',
      certificate: expiresSoon.cert,
      daysLeft: 11,
    });

    for (const port of [ports.clientTls, ports.adminTls]) {
      const old = await tryHandshake(TLS_HOST, port, '-tls1_2', certs.caCert);
      expect(old.code).not.toBe(0);
      const current = await tryHandshake(
        TLS_HOST,
        port,
        '-tls1_3',
        certs.caCert,
      );
      expect(current.code).toBe(0);
      expect(current.stderr + current.stdout).toContain('TLSv1.3');
    }

    // An administrator on the machine still reaches the plain admin port.
    const admin = await CoreClient.connect(`ws://127.0.0.1:${ports.admin}`);
    await admin.authenticate('admin', 'Env-Admin-Pw1');
    await admin.close();
    await expect(
      CoreClient.connect(`ws://${TLS_HOST}:${ports.admin}`),
    ).rejects.toMatchObject({ code: 'CCL_CONNECT_FAILED' });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('stops with one line when the certificate has expired', async () => {
    const expired = certs.issue({
      name: 'expired',
      keyType: 'rsa',
      fromDays: -400,
      toDays: -1,
    });
    await writeConfig(
      `Certificate=${expired.cert}\nPrivateKey=${expired.key}\n`,
    );
    const run = serve();

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(
      /^atrium-core: The TLS certificate \S+expired\.pem expired on \S+: install a new one in \[Tls\]\n$/,
    );
  });

  it('stops with one line when the key does not belong to the certificate', async () => {
    await writeConfig(
      `Certificate=${expiresSoon.cert}\nPrivateKey=${other.key}\n`,
    );
    const run = serve();

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `atrium-core: [Tls] PrivateKey ${other.key} does not belong to Certificate ${expiresSoon.cert}\n`,
    );
  });

  it('serves a PKCS #12 file and stops with one line on a wrong PfxPassword', async () => {
    const pfx = certs.packPfx(other, 'serve', 'Serve-Pfx-7');
    const ports = await writeConfig(`Pfx=${pfx}\nPfxPassword=Serve-Pfx-7\n`);
    const run = serve();
    await run.waitForOutput('(AdminPort)');
    const ok = await tryHandshake(
      TLS_HOST,
      ports.clientTls,
      '-tls1_3',
      certs.caCert,
    );
    expect(ok.code).toBe(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(JSON.stringify(logEntries())).not.toContain('Serve-Pfx-7');

    rmSync(dataDir, { recursive: true, force: true });
    await writeConfig(`Pfx=${pfx}\nPfxPassword=Not-It\n`);
    const wrong = serve();
    expect(await wrong.exited).toBe(1);
    expect(wrong.stderr()).toBe(
      `atrium-core: [Tls] Pfx ${pfx} could not be opened (wrong PfxPassword)\n`,
    );
  });
});
