import {
  spawn,
  type ChildProcess,
  type SpawnOptions,
} from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';

/** What a finished command printed, and how it ended. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs inside the namespace: connects to a port there and relays the
// connection over its standard input and output.
const BRIDGE = `
const socket = require('node:net').connect(Number(process.argv[1]), '127.0.0.1');
socket.setNoDelay(true);
process.stdin.pipe(socket).pipe(process.stdout);
socket.on('error', () => process.exit(1));
socket.on('close', () => process.exit(0));
process.stdin.on('end', () => socket.end());
`;

/**
 * A private network namespace with only loopback up, for tests that need
 * DICOM peers which cannot be told which address to listen on (dcmtk's
 * storescp, Orthanc): inside it, "every interface" is loopback alone, so
 * nothing a test starts is reachable from anywhere else.
 *
 * The namespace is held by a `cat` started with `unshare -n` that reads
 * the test's pipe, so it ends with the test process. Every command run in
 * it (`nsenter --net`) is given a parent-death signal (`setpriv`), so
 * nothing outlives the test either, even when the runner is killed. The
 * test itself stays outside and reaches a port inside with `forward`.
 */
export class NetNamespace {
  readonly #holder: ChildProcess;
  readonly #netPath: string;
  readonly #children = new Set<ChildProcess>();
  readonly #forwards = new Set<Server>();

  private constructor(holder: ChildProcess) {
    this.#holder = holder;
    this.#netPath = `/proc/${holder.pid}/ns/net`;
  }

  /** Makes the namespace and brings loopback up in it. */
  static open(): Promise<NetNamespace> {
    const holder = spawn(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && echo ready && exec cat'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    return new Promise((resolve, reject) => {
      let err = '';
      holder.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      holder.stdout!.once('data', () => resolve(new NetNamespace(holder)));
      holder.once('exit', (code) =>
        reject(new Error(`unshare -n failed (${code}): ${err}`)),
      );
    });
  }

  /** Starts a long-running command inside the namespace. */
  spawn(
    command: string,
    args: string[],
    options: SpawnOptions = {},
  ): ChildProcess {
    const child = spawn(
      'nsenter',
      [
        `--net=${this.#netPath}`,
        '--',
        'setpriv',
        '--pdeathsig',
        'KILL',
        '--',
        command,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...options },
    );
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** Runs a command inside the namespace to its end (killed at `timeoutMs`). */
  run(
    command: string,
    args: string[],
    options: SpawnOptions & { timeoutMs?: number } = {},
  ): Promise<RunResult> {
    const { timeoutMs = 60_000, ...spawnOptions } = options;
    const child = this.spawn(command, args, spawnOptions);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) => {
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /**
   * A port on 127.0.0.1 outside that leads to `port` on loopback inside:
   * each connection is relayed by a small process in the namespace.
   */
  forward(port: number): Promise<number> {
    const server = createServer((socket) => this.#relay(socket, port));
    this.#forwards.add(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  /** Stops every command and forward, then the namespace itself. */
  async close(): Promise<void> {
    for (const server of this.#forwards) server.close();
    const exits = [...this.#children].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve(undefined);
            return;
          }
          child.once('exit', resolve);
          child.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    this.#holder.stdin!.end();
    if (this.#holder.exitCode === null) {
      await new Promise((resolve) => this.#holder.once('exit', resolve));
    }
  }

  #relay(socket: Socket, port: number): void {
    const bridge = this.spawn(process.execPath, ['-e', BRIDGE, String(port)], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    socket.setNoDelay(true);
    socket.pipe(bridge.stdin!);
    bridge.stdout!.pipe(socket);
    socket.on('error', () => bridge.kill('SIGKILL'));
    socket.on('close', () => bridge.stdin!.end());
    bridge.once('exit', () => socket.destroy());
  }
}
