import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerProcesses, workerEnvironment } from '../src/worker-processes.js';

// A stand-in worker program (a real process): asks for its ticket the way
// render-worker does, writes what it got, then waits to be stopped.
const FAKE_WORKER = `
const { writeFileSync } = require('node:fs');
process.once('message', (message) => {
  writeFileSync(process.env.ATRIUM_DATA + '/ticket', JSON.stringify(message));
});
process.send({ want: 'ticket' });
setInterval(() => undefined, 1000);
`;

let cleanup: () => Promise<void> = async () => undefined;
afterEach(() => cleanup());

async function waitForFile(path: string): Promise<string> {
  for (;;) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('render worker processes', () => {
  it('start with neither a password, a secret nor the ticket in their environment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atrium-wp-'));
    const saved = { ...process.env };
    process.env.ATRIUM_ADMIN_PASSWORD = 'Admin-Pw-Never-Passed1';
    process.env.ATRIUM_RECRUITER_SECRET = 'never-passed-secret';
    process.env.NODE_OPTIONS = '--require /nonexistent-hook.js';
    const processes = new WorkerProcesses({
      capacity: 1,
      workerId: 'env-test',
      command: {
        executable: process.execPath,
        args: ['-e', FAKE_WORKER, '--'],
      },
      env: { ATRIUM_DATA: dataDir },
    });
    cleanup = async () => {
      await processes.stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const ticket = 'one-time-ticket-4f9a2c';
    let pid: number;
    try {
      pid = await processes.start('session-1', ticket, 'ws://127.0.0.1:1/w');
    } finally {
      process.env = saved;
    }

    const received = JSON.parse(await waitForFile(join(dataDir, 'ticket')));
    expect(received).toEqual({ ticket });
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    const names = environ
      .split('\0')
      .filter(Boolean)
      .map((entry) => entry.slice(0, entry.indexOf('=')));
    expect(environ).not.toContain(ticket);
    expect(environ).not.toContain('Admin-Pw-Never-Passed1');
    expect(
      names.filter((name) => /PASSWORD|SECRET|TICKET/i.test(name)),
    ).toEqual([]);
    expect(names).not.toContain('NODE_OPTIONS');
    expect(names).toContain('ATRIUM_DATA');
  });

  it('keep only allow-listed, non-credential names', () => {
    expect(
      workerEnvironment({
        PATH: '/bin',
        LC_ALL: 'C',
        TZ: 'UTC',
        ATRIUM_DATA: '/d',
        ATRIUM_ADMIN_PASSWORD: 'x',
        AWS_SECRET_ACCESS_KEY: 'y',
        NODE_OPTIONS: '--inspect',
        RANDOM: 'z',
      }),
    ).toEqual({ PATH: '/bin', LC_ALL: 'C', TZ: 'UTC', ATRIUM_DATA: '/d' });
  });
});
