import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/auth/check-credentials.js';
import { openCoreContext } from '../src/context.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { readNewPassword } from '../src/users/read-password.js';
import { runCli, runCliInTerminal } from './support/cli-process.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-pw-'));
  const add = runCli(['users', 'add', 'jdoe', '--roles', 'Viewer'], {
    ATRIUM_DATA: dataDir,
    ATRIUM_USER_PASSWORD: 'Old-Pw1',
  });
  expect(await add.exited).toBe(0);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function loginResult(password: string) {
  const context = openCoreContext({ dataDir, processName: 'test-check' });
  try {
    const lock = { failedLoginsBeforeLock: 0, lockSeconds: 60 };
    const result = await checkCredentials(
      context.db,
      'jdoe',
      password,
      lock,
      RELAXED_PASSWORD_RULES,
    );
    return result.ok ? 'ok' : result.reason;
  } finally {
    context.close();
  }
}

describe('reading a new password at a terminal', () => {
  it('asks twice without echo, keeping keys typed ahead', async () => {
    const run = runCliInTerminal(['users', 'passwd', 'jdoe'], {
      ATRIUM_DATA: dataDir,
      ATRIUM_USER_PASSWORD: '',
    });
    await run.waitForOutput('New password:');
    // Both answers at once, as a paste would send them; a typo corrected
    // with backspace in the first.
    run.child.stdin!.write('Tty-Pwx\u007f1\rTty-Pw1\r');
    await run.waitForOutput('changed');
    run.child.stdin!.end();
    await run.exited;

    expect(run.stdout()).toContain('Repeat the password:');
    expect(run.stdout()).not.toContain('Tty-Pw');
    expect(await loginResult('Tty-Pw1')).toBe('ok');
  });

  it('changes nothing when the two entries differ', async () => {
    const run = runCliInTerminal(['users', 'passwd', 'jdoe'], {
      ATRIUM_DATA: dataDir,
      ATRIUM_USER_PASSWORD: '',
    });
    await run.waitForOutput('New password:');
    run.child.stdin!.write('One-Pw1\rTwo-Pw1\r');
    await run.waitForOutput('differ');
    run.child.stdin!.end();
    await run.exited;
    expect(await loginResult('Old-Pw1')).toBe('ok');
  });
});

describe('reading a new password elsewhere', () => {
  it('prefers ATRIUM_USER_PASSWORD over standard input', async () => {
    const stdin = new PassThrough();
    stdin.end('from-stdin\n');
    const password = await readNewPassword(
      { ATRIUM_USER_PASSWORD: 'from-env' },
      stdin,
      { write: () => true },
    );
    expect(password).toBe('from-env');
  });

  it('fails clearly when standard input is empty', async () => {
    const stdin = new PassThrough();
    stdin.end();
    await expect(
      readNewPassword({}, stdin, { write: () => true }),
    ).rejects.toThrow(/ATRIUM_USER_PASSWORD/);
  });
});
