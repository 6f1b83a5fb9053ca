import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import type { ServerConfig } from '@atrium/config';
import type { CorePort } from '@atrium/protocol';
import {
  loadTlsCredentials,
  type TlsCredentials,
} from '../src/server/tls-credentials.js';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import { tryHandshake } from './support/run-openssl.js';
import { TestCertificates } from './support/test-certificates.js';

// The TLS ports listen on a second loopback address, so that "the plain
// ports stay on loopback" is something a test can tell apart.
const TLS_HOST = '127.0.0.2';
const PORTS: CorePort[] = ['client', 'admin'];

const NO_TLS: ServerConfig['tls'] = {
  clientTlsPort: 0,
  adminTlsPort: 0,
  localPacsTlsPort: 0,
  certificate: '',
  privateKey: '',
  pfx: '',
  pfxPassword: '',
};

let dir: string;
let certs: TestCertificates;
/** The CA certificate's PEM text, as a client is given it. */
let caPem: string;
const installs: Record<string, () => TlsCredentials> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atrium-rpc-tls-'));
  certs = new TestCertificates(dir);
  caPem = readFileSync(certs.caCert, 'utf8');
  const rsa = certs.issue({ name: 'rsa', keyType: 'rsa' });
  const ec = certs.issue({ name: 'ec', keyType: 'ec' });
  const pem = (issued: typeof rsa) => () =>
    loadTlsCredentials({
      ...NO_TLS,
      certificate: issued.cert,
      privateKey: issued.key,
    })!;
  installs['an RSA key in PEM'] = pem(rsa);
  installs['an EC key in PEM'] = pem(ec);
  installs['PKCS #12 with a password'] = () =>
    loadTlsCredentials({
      ...NO_TLS,
      pfx: certs.packPfx(rsa, 'with-password', 'Pfx-Pw-42'),
      pfxPassword: 'Pfx-Pw-42',
    })!;
  installs['PKCS #12 without a password'] = () =>
    loadTlsCredentials({
      ...NO_TLS,
      pfx: certs.packPfx(ec, 'without-password', ''),
    })!;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let harness: CoreServerHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function tlsPortOf(h: CoreServerHarness, port: CorePort): number {
  const bound =
    port === 'client' ? h.server.clientTlsPort : h.server.adminTlsPort;
  if (bound === null) throw new Error('no TLS port');
  return bound;
}

describe.each([
  'an RSA key in PEM',
  'an EC key in PEM',
  'PKCS #12 with a password',
  'PKCS #12 without a password',
])('the TLS ports with %s', (install) => {
  it('complete a TLS 1.3 handshake and refuse TLS 1.2, on both ports', async () => {
    harness = await startHarness({
      tls: installs[install]!(),
      bindAddress: TLS_HOST,
    });
    for (const port of PORTS) {
      const tlsPort = tlsPortOf(harness, port);
      const old = await tryHandshake(
        TLS_HOST,
        tlsPort,
        '-tls1_2',
        certs.caCert,
      );
      expect(old.code).not.toBe(0);
      expect(old.stderr).toMatch(/alert protocol version/);

      const current = await tryHandshake(
        TLS_HOST,
        tlsPort,
        '-tls1_3',
        certs.caCert,
      );
      expect(current.stderr + current.stdout).toMatch(
        /Protocol version: TLSv1\.3/,
      );
      expect(current.stderr + current.stdout).toMatch(/Verification: OK/);
      expect(current.code).toBe(0);
    }

    // Each refused TLS 1.2 handshake is in the security log.
    const refusals = await waitForEntries(
      harness,
      (e) => e.op === 'AcceptConnection' && e.status === 'Fail',
      2,
    );
    expect(refusals).toEqual(
      PORTS.map((port) =>
        expect.objectContaining({
          type: 'AccessLog',
          level: 'WARNING',
          client: '127.0.0.1',
          port,
          tls: true,
          reason: 'unsupported protocol',
        }),
      ),
    );
  });

  it('serve the RPC to a client that trusts the CA', async () => {
    harness = await startHarness({
      tls: installs[install]!(),
      bindAddress: TLS_HOST,
    });
    const admin = await harness.connectTls('admin', caPem);
    await admin.authenticate('admin', ADMIN_PASSWORD);
    const { users } = await admin.call('ListUsers', {});
    expect(users.map((u) => u.userId)).toContain('admin');

    await harness.addUser('jdoe', ['Viewer']);
    const client = await harness.connectTls('client', caPem);
    await client.authenticate('jdoe', 'jdoe-Pw1');
    await expect(client.listStudies()).resolves.toMatchObject({ studies: [] });
  });
});

describe('a Core Server with a certificate installed', () => {
  it('keeps its plain ports on loopback and its TLS ports on BindAddress', async () => {
    harness = await startHarness({
      tls: installs['an EC key in PEM']!(),
      bindAddress: TLS_HOST,
    });
    const { server } = harness;
    expect(server.plainAddress).toBe('127.0.0.1');
    expect(server.bindAddress).toBe(TLS_HOST);

    for (const port of [server.clientPort, server.adminPort]) {
      await expect(openSocket(`ws://127.0.0.1:${port}`)).resolves.toBe('open');
      await expect(openSocket(`ws://${TLS_HOST}:${port}`)).resolves.toBe(
        'ECONNREFUSED',
      );
    }
    for (const port of PORTS) {
      const tlsPort = tlsPortOf(harness, port);
      await expect(
        openSocket(`wss://127.0.0.1:${tlsPort}`, caPem),
      ).resolves.toBe('ECONNREFUSED');
    }
  });

  it('is refused by a client that does not trust its certificate', async () => {
    harness = await startHarness({
      tls: installs['an RSA key in PEM']!(),
      bindAddress: TLS_HOST,
    });
    await expect(
      CoreClient.connect(harness.tlsUrlOf('client')),
    ).rejects.toMatchObject({ code: 'CCL_CONNECT_FAILED' });

    // The server learns of the refusal from the client's alert, which may
    // arrive after the client has given up.
    const refused = await waitForEntry(
      harness,
      (e) => e.op === 'AcceptConnection' && e.status === 'Fail',
    );
    expect(refused).toMatchObject({
      type: 'AccessLog',
      level: 'WARNING',
      port: 'client',
      tls: true,
      reason: expect.any(String),
    });
  });

  it('logs each accepted connection with whether it came over TLS', async () => {
    harness = await startHarness({
      tls: installs['an EC key in PEM']!(),
      bindAddress: TLS_HOST,
    });
    const secure = await harness.connectTls('client', caPem);
    const plain = await harness.connect('client');
    await secure.close();
    await plain.close();

    const accepted = harness
      .logEntries()
      .filter((e) => e.op === 'AcceptConnection' && e.status === 'Success');
    expect(accepted).toEqual([
      expect.objectContaining({ type: 'AccessLog', port: 'client', tls: true }),
      expect.objectContaining({
        type: 'AccessLog',
        port: 'client',
        tls: false,
      }),
    ]);
  });
});

describe('a Core Server without a certificate', () => {
  it('serves only the plain ports, on BindAddress', async () => {
    harness = await startHarness({ bindAddress: TLS_HOST });
    expect(harness.server).toMatchObject({
      plainAddress: TLS_HOST,
      clientTlsPort: null,
      adminTlsPort: null,
    });
    await expect(
      openSocket(`ws://${TLS_HOST}:${harness.server.clientPort}`),
    ).resolves.toBe('open');
  });
});

/**
 * Resolves with the log entries that match once there are `count` of them,
 * or with those there are after 5 s.
 */
async function waitForEntries(
  h: CoreServerHarness,
  match: (entry: Record<string, unknown>) => boolean,
  count: number,
): Promise<Record<string, unknown>[]> {
  let found: Record<string, unknown>[] = [];
  for (let i = 0; i < 100 && found.length < count; i += 1) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    found = h.logEntries().filter(match);
  }
  return found;
}

async function waitForEntry(
  h: CoreServerHarness,
  match: (entry: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown> | undefined> {
  return (await waitForEntries(h, match, 1))[0];
}

/** Opens a WebSocket; resolves 'open' or the error code that stopped it. */
function openSocket(url: string, ca?: string): Promise<string> {
  const socket = new WebSocket(url, ca ? { ca } : {});
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code ?? err.message),
    );
  });
}
