import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh empty folder under the system's temporary folder. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'atrium-log-'));
}

/** Every line of a log file, parsed back from JSON. */
export function readEntries(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A clock the test moves by hand. */
export function makeClock(start: Date): {
  now: () => Date;
  set(d: Date): void;
} {
  let current = start;
  return {
    now: () => current,
    set(d: Date) {
      current = d;
    },
  };
}
