import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureTokenKeys,
  loadPublicKey,
  readNextAuthSecret,
  tokenKeyPaths,
} from '../src/key-files.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'atrium-tokens-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('token keys', () => {
  it('are made on first run under <data>/keys with a private key only its owner can read', async () => {
    const keys = await ensureTokenKeys(dataDir);

    expect(keys.created).toBe(true);
    expect(keys.keysDir).toBe(join(dataDir, 'keys'));
    expect((await stat(keys.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(keys.nextAuthSecretPath)).mode & 0o777).toBe(0o600);
    const publicPem = await readFile(keys.publicKeyPath, 'utf8');
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(publicPem).not.toMatch(/PRIVATE/);
  });

  it('are kept on later runs', async () => {
    const first = await ensureTokenKeys(dataDir);
    const secret = await readNextAuthSecret(dataDir);
    const second = await ensureTokenKeys(dataDir);

    expect(second.created).toBe(false);
    expect(second.publicKey.equals(first.publicKey)).toBe(true);
    expect(await readNextAuthSecret(dataDir)).toBe(secret);
    expect(secret.length).toBeGreaterThanOrEqual(40);
  });

  it('end up as one key pair when two callers race on first run', async () => {
    const [a, b] = await Promise.all([
      ensureTokenKeys(dataDir),
      ensureTokenKeys(dataDir),
    ]);
    expect(a.publicKey.equals(b.publicKey)).toBe(true);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
  });

  it('rebuild a lost public key from the private key', async () => {
    const first = await ensureTokenKeys(dataDir);
    await unlink(first.publicKeyPath);
    await ensureTokenKeys(dataDir);
    const reloaded = await loadPublicKey(tokenKeyPaths(dataDir).publicKeyPath);
    expect(reloaded.equals(first.publicKey)).toBe(true);
  });

  it('report a missing key file with its path', async () => {
    const path = join(dataDir, 'nope.pem');
    await expect(loadPublicKey(path)).rejects.toMatchObject({
      code: 'TOK_KEY_UNREADABLE',
      message: expect.stringContaining(path),
    });
  });
});
