/**
 * The Next app's server side against a real Core Server process (the built
 * `atrium-core serve`) over a temporary data folder: logging in through
 * next-auth's options, the Core Server's own refusals, token renewal,
 * the study list with the user's token, and logout.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, testdataPath } from '@atrium/testdata';
import type { AuthOptions, User } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const PASSWORD = 'App-clinician-Pw1';
const dataDir = mkdtempSync(join(tmpdir(), 'atrium-app-'));
let core: ChildProcess;

// The modules read ATRIUM_DATA on first use, so they load after it is set.
process.env.ATRIUM_DATA = dataDir;
const { getAuthOptions } = await import('../src/lib/server/auth');
const { decodeLoginError } = await import('../src/lib/login-error');
const coreSession = await import('../src/lib/server/core-session');

beforeAll(async () => {
  const root = repositoryRoot();
  execFileSync(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--filter=@atrium/core-server',
      '--output-logs=errors-only',
    ],
    {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  const [client, admin, pacs] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  writeFileSync(
    join(dataDir, 'serverconfig.ini'),
    `[General]\nClientPort=${client}\nAdminPort=${admin}\nFailedLoginsBeforeTempLock=2\n` +
      `[DicomNetwork]\nLocalPacsPort=${pacs}\n[Network]\nBindAddress=127.0.0.1\n`,
  );
  writeFileSync(
    join(dataDir, 'webclient_service.ini'),
    `[webclient_service]\ncoreserverhost=127.0.0.1\ncoreserverport=${client}\n`,
  );

  const cli = join(root, 'apps', 'core-server', 'dist', 'cli.js');
  const env = {
    ...process.env,
    ATRIUM_DATA: dataDir,
    ATRIUM_ADMIN_PASSWORD: 'App-admin-Pw1',
  };
  execFileSync(
    process.execPath,
    [cli, 'import', testdataPath('cardiac/sunnybrook_SCD0000101_cinesax')],
    {
      env,
      stdio: 'ignore',
    },
  );
  // One user per test: the Core Server allows one session per user.
  const users = [
    'clinician',
    'lockable',
    'leaver',
    'suspended',
    'renewer',
    'lister',
    'twice',
    'keeper',
    'dropped',
    'forwarded',
  ];
  for (const user of users) {
    execFileSync(
      process.execPath,
      [cli, 'users', 'add', user, '--roles', 'Viewer'],
      {
        env: { ...env, ATRIUM_USER_PASSWORD: PASSWORD },
        stdio: 'ignore',
      },
    );
  }
  execFileSync(
    process.execPath,
    [cli, 'users', 'add', 'resetme', '--roles', 'Viewer', '--must-change'],
    { env: { ...env, ATRIUM_USER_PASSWORD: PASSWORD }, stdio: 'ignore' },
  );
  execFileSync(process.execPath, [cli, 'users', 'suspend', 'suspended'], {
    env,
    stdio: 'ignore',
  });
  core = spawn(process.execPath, [cli, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(core, /listening/);
}, 120_000);

afterAll(async () => {
  if (core && core.exitCode === null) {
    await new Promise((resolve) => {
      core.once('exit', resolve);
      core.kill('SIGTERM');
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('logging in through next-auth', () => {
  it('keeps the Core Server token, session and user in the JWT, and shows only names and roles', async () => {
    const options = await getAuthOptions();
    const user = await authorize(options, 'clinician', PASSWORD);
    const jwt = await options.callbacks!.jwt!({ token: {}, user } as never);

    expect(jwt).toMatchObject({
      userId: 'clinician',
      roles: ['Viewer'],
      coreSessionId: expect.any(String),
      coreToken: expect.stringMatching(/^ey/),
    });
    const session = await options.callbacks!.session!({
      session: { expires: 'soon', user: {} },
      token: jwt,
    } as never);
    expect(session).toMatchObject({
      atrium: { userId: 'clinician', roles: ['Viewer'] },
    });
    expect(JSON.stringify(session)).not.toContain(jwt.coreToken as string);
  });

  it('refuses a wrong password in the Core Server words, then its lock-out', async () => {
    const options = await getAuthOptions();
    await expect(authorize(options, 'lockable', 'wrong-1')).rejects.toThrow(
      'The user name or password is not correct',
    );
    await expect(authorize(options, 'lockable', 'wrong-2')).rejects.toThrow(
      /locked/,
    );
    const refusal = await authorize(options, 'lockable', PASSWORD).catch(
      (e: Error) => e,
    );
    // The form gets when the lock ends, to word in the browser's time.
    const locked = decodeLoginError((refusal as Error).message);
    expect(locked).toMatchObject({
      code: 'CORE_ACCOUNT_LOCKED',
      details: { lockedUntil: expect.any(String) },
    });
    const until = Date.parse(locked.details!.lockedUntil as string);
    expect(until).toBeGreaterThan(Date.now());
  });

  it('names the browser to the Core Server, whose log keeps the service beside it', async () => {
    const options = await getAuthOptions();
    const provider = options.providers[0] as unknown as {
      options: { authorize: (c: object, r: object) => Promise<User> };
    };
    // The custom server writes X-Forwarded-For from the browser's socket.
    await provider.options.authorize(
      { username: 'forwarded', password: PASSWORD },
      { headers: { 'x-forwarded-for': '192.0.2.44' } },
    );

    // The Core Server writes a call's line just after answering it.
    const logDir = join(dataDir, 'ServerLogs');
    const readLogin = () =>
      readdirSync(logDir)
        .flatMap((name) => readFileSync(join(logDir, name), 'utf8').split('\n'))
        .filter((line) => line.includes('"Authenticate"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry.user === 'forwarded');
    await vi.waitFor(() =>
      expect(readLogin()).toMatchObject({
        type: 'AccessLog',
        status: 'Success',
        client: '192.0.2.44',
        via: '127.0.0.1',
      }),
    );
  });

  it('refuses a suspended account in the Core Server words', async () => {
    const options = await getAuthOptions();
    await expect(authorize(options, 'suspended', PASSWORD)).rejects.toThrow(
      'The account is suspended; ask an administrator',
    );
  });

  it('refuses a second login of the same user unless asked to end the first', async () => {
    const options = await getAuthOptions();
    const first = await authorize(options, 'twice', PASSWORD);
    const refusal = await authorize(options, 'twice', PASSWORD).catch(
      (e: Error) => e,
    );
    expect(decodeLoginError((refusal as Error).message)).toEqual({
      code: 'CORE_ALREADY_LOGGED_IN',
      message: expect.stringMatching(
        /^twice is already logged in from .+; end that session or cancel$/,
      ),
    });

    const second = await authorize(options, 'twice', PASSWORD, {
      closeOtherSessions: 'true',
    });
    expect(second.coreSessionId).not.toBe(first.coreSessionId);
    const error = await coreSession
      .renewAtCore(first.coreToken as string)
      .catch((e: unknown) => e);
    expect(coreSession.isSessionOver(error)).toBe(true);
  });

  it('asks for both fields before calling the Core Server', async () => {
    const options = await getAuthOptions();
    await expect(authorize(options, '', PASSWORD)).rejects.toThrow(
      'Enter your user name and password',
    );
  });
});

describe('a session that lives', () => {
  it('renews the Core Server token when it is due, and keeps it otherwise', async () => {
    const options = await getAuthOptions();
    const jwt = await options.callbacks!.jwt!({
      token: {},
      user: await authorize(options, 'renewer', PASSWORD),
    } as never);

    const fresh = await options.callbacks!.jwt!({ token: jwt } as never);
    expect(fresh.coreToken).toBe(jwt.coreToken);

    const due = {
      ...jwt,
      coreTokenExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    const renewed = await options.callbacks!.jwt!({ token: due } as never);
    expect(renewed.coreToken).not.toBe(jwt.coreToken);
    expect(Date.parse(renewed.coreTokenExpiresAt as string)).toBeGreaterThan(
      Date.now() + 5 * 60_000,
    );
    expect(renewed.coreSessionId).toBe(jwt.coreSessionId);
  });

  it('lists studies with the user token', async () => {
    const login = await coreSession.authenticateAtCore('lister', PASSWORD);
    const page = await coreSession.listStudiesAtCore(login.token, {
      patientName: 'scd*',
    });
    expect(page.studies.map((s) => s.patientId)).toEqual(['SCD0000101']);
  });

  it('ends at logout: the token renews no more and the JWT is dropped', async () => {
    const options = await getAuthOptions();
    const jwt = await options.callbacks!.jwt!({
      token: {},
      user: await authorize(options, 'leaver', PASSWORD),
    } as never);
    await options.events!.signOut!({ token: jwt, session: null as never });

    const error = await coreSession
      .renewAtCore(jwt.coreToken as string)
      .catch((e: unknown) => e);
    expect(coreSession.isSessionOver(error)).toBe(true);
    const due = { ...jwt, coreTokenExpiresAt: new Date().toISOString() };
    await expect(
      options.callbacks!.jwt!({ token: due } as never),
    ).rejects.toThrow();
  });
});

describe('a session that has ended', () => {
  it('shows no session for a copy of the cookie kept after logout', async () => {
    const options = await getAuthOptions();
    const jwt = await options.callbacks!.jwt!({
      token: {},
      user: await authorize(options, 'keeper', PASSWORD),
    } as never);
    expect(await options.callbacks!.jwt!({ token: jwt } as never)).toBe(jwt);

    await options.events!.signOut!({ token: jwt, session: null as never });

    await expect(
      options.callbacks!.jwt!({ token: jwt } as never),
    ).rejects.toThrow('The Core Server session has ended');
  });

  it('shows no session once the Core Server has ended it elsewhere', async () => {
    const options = await getAuthOptions();
    const jwt = await options.callbacks!.jwt!({
      token: {},
      user: await authorize(options, 'dropped', PASSWORD),
    } as never);

    await coreSession.logoutAtCore(jwt.coreToken as string);

    await expect(
      options.callbacks!.jwt!({ token: jwt } as never),
    ).rejects.toThrow('The Core Server session has ended');
  });
});

describe('a password that must change', () => {
  it('holds the session to the change, which the Core Server confirms', async () => {
    const options = await getAuthOptions();
    const jwt = await options.callbacks!.jwt!({
      token: {},
      user: await authorize(options, 'resetme', PASSWORD),
    } as never);
    expect(jwt.mustChangePassword).toBe(true);

    // Asking for an update before the change changes nothing.
    const early = await options.callbacks!.jwt!({
      token: jwt,
      trigger: 'update',
    } as never);
    expect(early.mustChangePassword).toBe(true);
    const list = coreSession.listStudiesAtCore(jwt.coreToken as string, {});
    await expect(list).rejects.toMatchObject({
      code: 'CORE_PASSWORD_CHANGE_REQUIRED',
    });

    const wrong = coreSession.changePasswordAtCore(
      jwt.coreToken as string,
      'nope',
      'Newer-Pw-42x',
    );
    await expect(wrong).rejects.toHaveProperty('code');
    await coreSession.changePasswordAtCore(
      jwt.coreToken as string,
      PASSWORD,
      'Newer-Pw-42x',
    );

    const updated = await options.callbacks!.jwt!({
      token: jwt,
      trigger: 'update',
    } as never);
    expect(updated.mustChangePassword).toBe(false);
    const page = await coreSession.listStudiesAtCore(
      updated.coreToken as string,
      {},
    );
    expect(page.total).toBeGreaterThan(0);
  });
});

describe('when the Core Server cannot be reached', () => {
  it('says so in a sentence and answers 502', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'CCL_CONNECT_FAILED',
    });
    expect(coreSession.describeCoreFailure(error)).toBe(
      'The Core Server cannot be reached; try again in a moment',
    );
    expect(coreSession.statusOfCoreFailure(error)).toBe(502);
    expect(coreSession.isSessionOver(error)).toBe(false);
  });
});

async function authorize(
  options: AuthOptions,
  username: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<User & Record<string, unknown>> {
  const provider = options.providers[0] as unknown as {
    options: {
      authorize: (credentials: Record<string, string>) => Promise<User>;
    };
  };
  const user = await provider.options.authorize({
    username,
    password,
    ...extra,
  });
  return user as User & Record<string, unknown>;
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`core server exited (${code}): ${text}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}
