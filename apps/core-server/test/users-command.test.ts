import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCredentials } from '../src/auth/check-credentials.js';
import { openCoreContext } from '../src/context.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { runUsersCommand } from '../src/users/users-command.js';
import { runCli } from './support/cli-process.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atrium-users-cmd-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `users ...` in this process and captures what it prints. */
async function users(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; stdinText?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  if (options.stdinText !== undefined) stdin.end(options.stdinText);
  else stdin.end();
  const code = await runUsersCommand(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin,
    env: { ATRIUM_DATA: dataDir, ...options.env },
  });
  return { code, stdout, stderr };
}

/** Checks a password the way a login would. */
async function canLogIn(userId: string, password: string) {
  const context = openCoreContext({ dataDir, processName: 'test-check' });
  try {
    const lock = { failedLoginsBeforeLock: 0, lockSeconds: 60 };
    const result = await checkCredentials(
      context.db,
      userId,
      password,
      lock,
      RELAXED_PASSWORD_RULES,
    );
    return result.ok ? 'ok' : result.reason;
  } finally {
    context.close();
  }
}

function usersLog(): Record<string, unknown>[] {
  const dir = join(dataDir, 'ServerLogs');
  return readdirSync(dir)
    .filter((name) => name.startsWith('core-users'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm run users', () => {
  it('adds a user with the password from ATRIUM_USER_PASSWORD and logs AddUser without it', async () => {
    const added = await users(
      [
        'add',
        'jdoe',
        '--roles',
        'Analyst,Viewer',
        '--first',
        'Jane',
        '--last',
        'Doe',
        '--physician-id',
        'P7',
      ],
      { env: { ATRIUM_USER_PASSWORD: 'Env-User-Pw1' } },
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Added jdoe with roles Viewer, Analyst');
    expect(await canLogIn('jdoe', 'Env-User-Pw1')).toBe('ok');

    const listed = await users(['list']);
    expect(listed.stdout).toMatch(
      /jdoe\s+Jane Doe\s+Viewer, Analyst\s+active\s+0/,
    );

    const entry = usersLog().find((e) => e.op === 'AddUser');
    expect(entry).toMatchObject({
      type: 'AccessLog',
      status: 'Success',
      client: 'cli',
      target: 'jdoe',
      user: expect.stringMatching(/^local:/),
    });
    const text = readdirSync(join(dataDir, 'ServerLogs'))
      .map((n) => readFileSync(join(dataDir, 'ServerLogs', n), 'utf8'))
      .join('');
    expect(text).not.toContain('Env-User-Pw1');
  });

  it('reads the password from standard input when it is not a terminal', async () => {
    const added = await users(['add', 'ann', '--roles', 'Viewer'], {
      stdinText: 'Stdin-Pw1\nignored\n',
    });
    expect(added.code).toBe(0);
    expect(await canLogIn('ann', 'Stdin-Pw1')).toBe('ok');
  });

  it('never takes a password from the command line', async () => {
    const refused = await users([
      'add',
      'ann',
      '--roles',
      'Viewer',
      '--password',
      'x',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('never taken from the command line');
  });

  it('changes a password, suspends, unsuspends and unlocks', async () => {
    const env = { ATRIUM_USER_PASSWORD: 'First-Pw1' };
    await users(['add', 'jdoe', '--roles', 'Viewer'], { env });

    expect(
      (await users(['passwd', 'jdoe'], { stdinText: 'Second-Pw1\n' })).code,
    ).toBe(0);
    expect(await canLogIn('jdoe', 'Second-Pw1')).toBe('ok');

    expect((await users(['suspend', 'jdoe'])).code).toBe(0);
    expect((await users(['list'])).stdout).toMatch(/jdoe\s+Viewer\s+suspended/);
    expect(await canLogIn('jdoe', 'Second-Pw1')).toBe('suspended');
    expect((await users(['unsuspend', 'jdoe'])).code).toBe(0);

    // Lock the account with real failed logins, then unlock it.
    const context = openCoreContext({ dataDir, processName: 'test-check' });
    const lock = { failedLoginsBeforeLock: -1, lockSeconds: 60 };
    for (const pw of ['a', 'b', 'c']) {
      await checkCredentials(
        context.db,
        'jdoe',
        pw,
        lock,
        RELAXED_PASSWORD_RULES,
      );
    }
    context.close();
    expect((await users(['list'])).stdout).toMatch(
      /jdoe\s+Viewer\s+locked until unlocked\s+3/,
    );
    expect((await users(['unlock', 'jdoe'])).code).toBe(0);
    expect(await canLogIn('jdoe', 'Second-Pw1')).toBe('ok');

    const ops = usersLog().map((e) => e.op);
    expect(ops).toEqual(
      expect.arrayContaining([
        'AddUser',
        'SetPassword',
        'SuspendUser',
        'UnsuspendUser',
        'UnlockUser',
      ]),
    );
  });

  it('lists the default roles with their permissions', async () => {
    const { code, stdout } = await users(['roles']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Data Administrator\s+ViewStudy, CleanDatabase, UnlockUsers\s+default/,
    );
    expect(stdout.trim().split('\n')).toHaveLength(9);
  });

  it('says what is wrong for an unknown user or role and exits 1', async () => {
    const unknownUser = await users(['unlock', 'ghost']);
    expect(unknownUser).toMatchObject({ code: 1 });
    expect(unknownUser.stderr).toContain('No user has the ID "ghost"');

    const unknownRole = await users(['add', 'x', '--roles', 'Pilot'], {
      env: { ATRIUM_USER_PASSWORD: 'Pw' },
    });
    expect(unknownRole.code).toBe(1);
    expect(unknownRole.stderr).toContain('No role is named "Pilot"');
    expect(usersLog().find((e) => e.op === 'AddUser')).toMatchObject({
      status: 'Fail',
      code: 'CORE_ROLE_NOT_FOUND',
    });
  });

  it('runs from the command line entry, reading a piped password', async () => {
    const run = runCli(['users', 'add', 'piped', '--roles', 'Reporter'], {
      ATRIUM_DATA: dataDir,
      ATRIUM_USER_PASSWORD: '',
    });
    run.child.stdin!.end('Piped-Pw1\n');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Added piped with roles Reporter');
    expect(await canLogIn('piped', 'Piped-Pw1')).toBe('ok');
  });
});
