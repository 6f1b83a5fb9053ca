import { spawn } from 'node:child_process';
import { chmodSync, chownSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'cli.ts',
);

/** User and group ids a child process runs under. */
export interface UserIds {
  uid: number;
  gid: number;
}

/**
 * The ids to run a command under so that file permissions apply as they
 * do to an ordinary user: `nobody` when the tests run as root (root reads
 * every folder whatever its mode), else undefined, meaning the tests' own.
 */
export function findOrdinaryUser(): UserIds | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

/**
 * Lets that user reach a folder made by the tests: sources become readable
 * by everyone, and a folder the command writes in is handed to the user.
 */
export function shareFolder(
  dir: string,
  user: UserIds | undefined,
  writable: boolean,
): void {
  chmodSync(dir, 0o755);
  if (writable && user) chownSync(dir, user.uid, user.gid);
}

/** What a finished command printed and returned. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the Core Server command line from its sources as `user`. */
export function runCliAs(
  args: string[],
  env: NodeJS.ProcessEnv,
  user: UserIds | undefined,
): Promise<CommandResult> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', cli, ...args],
    { env: { ...process.env, ...env }, ...user },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
