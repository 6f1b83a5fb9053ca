import { spawn } from 'node:child_process';

/** What an openssl run printed and how it ended. */
export interface OpenSslRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's openssl as a child process without blocking this one (the
 * server under test shares its event loop), with standard input closed so
 * `s_client` ends after the handshake.
 */
export function runOpenSsl(args: string[]): Promise<OpenSslRun> {
  const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Tries a TLS handshake with `openssl s_client` limited to one protocol
 * version, checking the server's certificate against `caFile`.
 */
export function tryHandshake(
  host: string,
  port: number,
  version: '-tls1_2' | '-tls1_3',
  caFile: string,
): Promise<OpenSslRun> {
  return runOpenSsl([
    's_client',
    '-connect',
    `${host}:${port}`,
    version,
    '-brief',
    '-CAfile',
    caFile,
    '-verify_return_error',
    '-verify_ip',
    host,
  ]);
}
