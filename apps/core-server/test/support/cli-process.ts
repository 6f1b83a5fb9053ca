import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'cli.ts',
);

/** A running `atrium-core` command started from the TypeScript sources. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains the text. */
  waitForOutput(text: string): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * Runs the Core Server command line as its own process. The `source`
 * condition makes workspace packages load from their sources, so no build
 * is needed first.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', cli, ...args],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return watch(child);
}

function watch(child: ChildProcess): CliProcess {
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(text) {
      if (out.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ text, resolve });
        void exited.then((code) =>
          reject(new Error(`exited with ${code} before "${text}": ${err}`)),
        );
      });
    },
  };
}

/**
 * Runs the command line inside a real pseudo-terminal (util-linux `script`),
 * for prompts that read from a terminal without echo. What the test writes
 * to the returned process's stdin is typed at that terminal.
 */
export function runCliInTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
): CliProcess {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = [
    process.execPath,
    '--conditions=source',
    '--import',
    'tsx',
    cli,
    ...args,
  ]
    .map(quote)
    .join(' ');
  return watch(
    spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
