import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import {
  findFreePort,
  runCli,
  type CliProcess,
} from './support/cli-process.js';

let dataDir: string;
let clientPort: number;
let adminPort: number;
const processes: CliProcess[] = [];

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-serve-'));
  clientPort = await findFreePort();
  adminPort = await findFreePort();
  // The DICOM port too: the default (104) would be shared by parallel runs.
  const pacsPort = await findFreePort();
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${clientPort}\nAdminPort=${adminPort}\n` +
      `[DicomNetwork]\nLocalPacsPort=${pacsPort}\n` +
      `[Network]\nBindAddress=127.0.0.1\n`,
  );
});

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function serve(env: NodeJS.ProcessEnv = {}): CliProcess {
  const run = runCli(['serve'], { ATRIUM_DATA: dataDir, ...env });
  processes.push(run);
  return run;
}

function logText(): string {
  const dir = join(dataDir, 'ServerLogs');
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

describe('atrium-core serve', () => {
  it('prints where it listens, serves both ports and stops cleanly on SIGTERM', async () => {
    const run = serve({ ATRIUM_ADMIN_PASSWORD: 'Env-Admin-Pw1' });
    await run.waitForOutput('ATRIUM_ADMIN_PASSWORD');
    expect(run.stdout()).toContain(
      `ws://127.0.0.1:${clientPort}  (ClientPort)`,
    );
    expect(run.stdout()).toContain(`ws://127.0.0.1:${adminPort}  (AdminPort)`);
    expect(run.stdout()).toContain(
      'password: the value of ATRIUM_ADMIN_PASSWORD',
    );
    expect(run.stdout()).not.toContain('Env-Admin-Pw1');

    const admin = await CoreClient.connect(`ws://127.0.0.1:${adminPort}`);
    const login = await admin.authenticate('admin', 'Env-Admin-Pw1');
    expect(login.user.roles).toHaveLength(8);
    const closed = new Promise((resolve) => admin.once('close', resolve));

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(await closed).toBe(1001);
    expect(logText()).toContain('"msg":"Core Server stopping"');
    expect(logText()).not.toContain('Env-Admin-Pw1');
  });

  it('shows a generated admin password once, on the console only', async () => {
    const run = serve();
    await run.waitForOutput('admin RPC');
    await run.waitForOutput('generated');
    const password = /password: (\S+)/.exec(run.stdout())?.[1];
    expect(password).toBeDefined();

    const admin = await CoreClient.connect(`ws://127.0.0.1:${adminPort}`);
    const login = await admin.authenticate('admin', password!);
    expect(login.mustChangePassword).toBe(true);
    await admin.close();
    expect(logText()).not.toContain(password!);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);

    // A second start keeps the account and prints no password.
    const again = serve();
    await again.waitForOutput('admin RPC');
    expect(again.stdout()).not.toContain('First run');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('stops with one line naming the key and the port when a port is taken', async () => {
    const first = serve({ ATRIUM_ADMIN_PASSWORD: 'Env-Admin-Pw1' });
    await first.waitForOutput('admin RPC');

    const second = serve();
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toBe(
      `atrium-core: ClientPort ${clientPort} cannot be bound on 127.0.0.1: another process is listening on it\n`,
    );
  });
});
