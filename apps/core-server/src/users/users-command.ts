import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Logger } from '@atrium/log';
import { AtriumError } from '@atrium/protocol';
import { securitySettingsOf } from '../auth/security-settings.js';
import { endSessionsOfUser } from '../auth/session-store.js';
import { openCoreContext, type CoreContext } from '../context.js';
import { listRoles } from './role-store.js';
import { formatRoles, formatUsers } from './users-table.js';
import {
  PasswordInputError,
  readNewPassword,
  type PasswordInput,
} from './read-password.js';
import {
  addUser,
  resetPassword,
  suspendUser,
  unlockUser,
  unsuspendUser,
} from './user-admin.js';
import { listUsers } from './user-store.js';

/** The console and environment of the users command (tests pass their own). */
export interface UsersCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: PasswordInput;
  env: NodeJS.ProcessEnv;
}

const USAGE = `Usage: npm run users -- <command>

  add <userid> --roles Analyst,Viewer [--first NAME] [--last NAME]
      [--physician-id ID] [--must-change]
  list
  passwd <userid>
  suspend <userid>
  unsuspend <userid>
  unlock <userid>
  roles

Passwords come from ATRIUM_USER_PASSWORD, or are typed without echo, or are
read from the first line of standard input; never from the command line.
`;

/**
 * `users`: administers local accounts by writing the SQLite database
 * directly (safe while the server runs). Each change is an AccessLog entry
 * in `<LogFilePath>/core-users.log`.
 */
export async function runUsersCommand(
  argv: string[],
  io: UsersCommandIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  },
): Promise<number> {
  let parsed;
  try {
    parsed = parseUsersArgs(argv);
  } catch (err) {
    io.stderr.write(`atrium-core users: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help || !parsed.command) {
    io.stdout.write(USAGE);
    return parsed.help ? 0 : 2;
  }

  let context: CoreContext;
  try {
    context = openCoreContext({
      processName: 'core-users',
      ...(io.env.ATRIUM_DATA && { dataDir: io.env.ATRIUM_DATA }),
    });
  } catch (err) {
    io.stderr.write(`atrium-core users: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    return await runSubcommand(parsed, context, io);
  } finally {
    context.close();
  }
}

interface UsersArgs {
  command: string | undefined;
  userId: string | undefined;
  help: boolean;
  roles: string | undefined;
  first: string | undefined;
  last: string | undefined;
  physicianId: string | undefined;
  mustChange: boolean;
}

function parseUsersArgs(argv: string[]): UsersArgs {
  if (argv.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new Error(
      'passwords are never taken from the command line; set ATRIUM_USER_PASSWORD or type it when asked',
    );
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      roles: { type: 'string' },
      first: { type: 'string' },
      last: { type: 'string' },
      'physician-id': { type: 'string' },
      'must-change': { type: 'boolean' },
    },
  });
  if (positionals.length > 2) {
    throw new Error(`unexpected argument "${positionals[2]}"`);
  }
  return {
    command: positionals[0],
    userId: positionals[1],
    help: values.help ?? false,
    roles: values.roles,
    first: values.first,
    last: values.last,
    physicianId: values['physician-id'],
    mustChange: values['must-change'] ?? false,
  };
}

async function runSubcommand(
  args: UsersArgs,
  context: CoreContext,
  io: UsersCommandIo,
): Promise<number> {
  const { db, log } = context;
  const settings = securitySettingsOf(context.config);
  const audit = auditOf(log);
  const op = OPS[args.command ?? ''];
  if (!op) {
    io.stderr.write(
      `atrium-core users: unknown command "${args.command}"\n\n${USAGE}`,
    );
    return 2;
  }
  if (op.needsUser && !args.userId) {
    io.stderr.write(`atrium-core users: ${args.command} needs a user ID\n`);
    return 2;
  }
  const userId = args.userId ?? '';

  try {
    switch (args.command) {
      case 'list':
        io.stdout.write(formatUsers(listUsers(db)));
        return 0;
      case 'roles':
        io.stdout.write(formatRoles(listRoles(db)));
        return 0;
      case 'add': {
        if (!args.roles)
          throw new PasswordInputError(
            'add needs --roles, e.g. --roles Analyst,Viewer',
          );
        const password = await readNewPassword(io.env, io.stdin, io.stderr);
        const roles = args.roles
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        const user = await addUser(
          db,
          {
            userId,
            password,
            roles,
            firstName: args.first,
            lastName: args.last,
            physicianId: args.physicianId,
            mustChangePassword: args.mustChange,
          },
          settings.passwords,
        );
        audit('AddUser', user.userId, { roles: user.roles });
        io.stdout.write(
          `Added ${user.userId} with roles ${user.roles.join(', ') || '(none)'}\n`,
        );
        return 0;
      }
      case 'passwd': {
        const password = await readNewPassword(io.env, io.stdin, io.stderr);
        await resetPassword(db, userId, password, settings.passwords);
        audit('SetPassword', userId);
        io.stdout.write(`Password of ${userId} changed\n`);
        return 0;
      }
      case 'suspend': {
        const user = suspendUser(db, userId, null);
        endSessionsOfUser(db, user.userId, 'suspended');
        audit('SuspendUser', user.userId);
        io.stdout.write(
          `${user.userId} is suspended; their sessions have ended\n`,
        );
        return 0;
      }
      case 'unsuspend': {
        const user = unsuspendUser(db, userId);
        audit('UnsuspendUser', user.userId);
        io.stdout.write(`${user.userId} may log in again\n`);
        return 0;
      }
      case 'unlock': {
        const user = unlockUser(db, userId);
        audit('UnlockUser', user.userId);
        io.stdout.write(`${user.userId} is unlocked\n`);
        return 0;
      }
    }
    return 2;
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof AtriumError) {
      audit(op.name, userId, { code: err.code }, 'Fail');
    }
    if (!(err instanceof AtriumError) && !(err instanceof PasswordInputError)) {
      log.error('users command failed', err, { op: op.name });
    }
    io.stderr.write(`atrium-core users: ${message}\n`);
    return 1;
  }
}

const OPS: Record<string, { name: string; needsUser: boolean }> = {
  list: { name: 'ListUsers', needsUser: false },
  roles: { name: 'ListRoles', needsUser: false },
  add: { name: 'AddUser', needsUser: true },
  passwd: { name: 'SetPassword', needsUser: true },
  suspend: { name: 'SuspendUser', needsUser: true },
  unsuspend: { name: 'UnsuspendUser', needsUser: true },
  unlock: { name: 'UnlockUser', needsUser: true },
};

/** AccessLog entries of the command: the actor is the local OS account. */
function auditOf(log: Logger) {
  const actor = `local:${safeUserName()}`;
  return (
    op: string,
    target: string,
    fields: Record<string, unknown> = {},
    status = 'Success',
  ) => {
    log.access({
      op,
      status,
      client: 'cli',
      user: actor,
      target,
      ...(status !== 'Success' && { level: 'WARNING' as const }),
      ...fields,
    });
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
