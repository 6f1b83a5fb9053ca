import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/errors.js';

/** A fresh empty folder under the system's temporary folder. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'atrium-config-'));
}

/** Runs `action`, which must throw a ConfigError, and returns that error. */
export function catchConfigError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}
