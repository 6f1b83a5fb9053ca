import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

// A separate process, because better-sqlite3 blocks its own thread while
// it waits for a lock: only another process can hold one and let it go.
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
db.exec('COMMIT');
db.close();
`;

/**
 * Starts a process that takes the database's write lock, holds it for
 * `holdMs` and then lets it go. Resolves once the lock is held; the child
 * is returned so the caller can wait for its exit.
 */
export async function holdWriteLock(
  databasePath: string,
  holdMs: number,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-e', HOLDER, databasePath, String(holdMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  while (!output.includes('locked')) {
    const [chunk] = (await Promise.race([
      once(child.stdout, 'data'),
      once(child, 'exit').then(() => {
        throw new Error('the lock holder exited before taking the lock');
      }),
    ])) as [string];
    output += chunk;
  }
  return child;
}
