import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import { openDatabase } from '../src/db/open-database.js';
import {
  findFreePort,
  runCli,
  type CliProcess,
} from './support/cli-process.js';

let dataDir: string;
const processes: CliProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-first-run-'));
});

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function writeConfig(clientPort: number, adminPort: number, pacsPort: number) {
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${clientPort}\nAdminPort=${adminPort}\n` +
      `[DicomNetwork]\nLocalPacsPort=${pacsPort}\n` +
      `[Network]\nBindAddress=127.0.0.1\n`,
  );
}

function serve(): CliProcess {
  const run = runCli(['serve'], {
    ATRIUM_DATA: dataDir,
    ATRIUM_ADMIN_PASSWORD: '',
  });
  processes.push(run);
  return run;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function adminRows(): number {
  const db = openDatabase(join(dataDir, 'sqldb', 'atrium.sqlite'));
  try {
    const row = db
      .prepare("SELECT COUNT(*) AS n FROM users WHERE user_id = 'admin'")
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

describe('the first start of atrium-core serve', () => {
  it('makes the admin account only once its ports are bound, so a failed start loses no password', async () => {
    const clientPort = await findFreePort();
    const adminPort = await findFreePort();
    writeConfig(clientPort, adminPort, await findFreePort());
    const squatter = await listen(clientPort);

    const failed = serve();
    expect(await failed.exited).toBe(1);
    expect(failed.stderr()).toContain(
      `ClientPort ${clientPort} cannot be bound`,
    );
    expect(failed.stdout()).not.toContain('First run');
    expect(adminRows()).toBe(0);

    await new Promise((resolve) => squatter.close(resolve));
    const run = serve();
    await run.waitForOutput('admin RPC');
    await run.waitForOutput('generated');
    expect(run.stdout()).toContain('First run');
    const password = /password: (\S+)/.exec(run.stdout())?.[1];

    const admin = await CoreClient.connect(`ws://127.0.0.1:${adminPort}`);
    const login = await admin.authenticate('admin', password!);
    expect(login.mustChangePassword).toBe(true);
    await admin.close();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('names both keys when ClientPort and AdminPort are the same', async () => {
    const port = await findFreePort();
    writeConfig(port, port, await findFreePort());

    const run = serve();
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(
      `atrium-core: serverconfig.ini: [General] ClientPort and [General] AdminPort are both ${port}: expected a port of its own for each\n`,
    );
    expect(adminRows()).toBe(0);
  });
});
