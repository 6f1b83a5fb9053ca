import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenError } from './errors.js';

/** Where the token keys and the next-auth secret live. */
export interface TokenKeyPaths {
  keysDir: string;
  /** PKCS #8 PEM, mode 0600; only the Core Server reads it. */
  privateKeyPath: string;
  /** SPKI PEM; `cvtokenpubkey` points here by default. */
  publicKeyPath: string;
  /** Random secret for next-auth in the WebClient Service, mode 0600. */
  nextAuthSecretPath: string;
}

/** The key file paths under `<data>/keys/`. */
export function tokenKeyPaths(dataDir: string): TokenKeyPaths {
  const keysDir = join(dataDir, 'keys');
  return {
    keysDir,
    privateKeyPath: join(keysDir, 'token-private.pem'),
    publicKeyPath: join(keysDir, 'token-public.pem'),
    nextAuthSecretPath: join(keysDir, 'nextauth-secret'),
  };
}

/** What ensureTokenKeys found or made. */
export interface EnsuredKeys extends TokenKeyPaths {
  /** A new key pair was made by this call (first run). */
  created: boolean;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * Makes the ES256 key pair and the next-auth secret on first run and loads
 * them on every run. Files are created exclusively, so two processes that
 * start at once (server and users command) end up with one key pair: the
 * loser of the race reads the winner's key.
 */
export async function ensureTokenKeys(dataDir: string): Promise<EnsuredKeys> {
  const paths = tokenKeyPaths(dataDir);
  await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });

  const { privateKey: fresh } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const pem = fresh.export({ type: 'pkcs8', format: 'pem' }) as string;
  const created = await writeExclusive(paths.privateKeyPath, pem, 0o600);

  const privateKey = await loadPrivateKey(paths.privateKeyPath);
  // The public key is always derived from the private one, so a missing
  // public file (or a crash between the two writes) heals itself.
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  await writeExclusive(paths.publicKeyPath, publicPem as string, 0o644);

  const secret = randomBytes(32).toString('base64url');
  await writeExclusive(paths.nextAuthSecretPath, `${secret}\n`, 0o600);
  return { ...paths, created, privateKey, publicKey };
}

/** Reads the PEM private signing key. */
export async function loadPrivateKey(path: string): Promise<KeyObject> {
  const pem = await readKeyFile(path);
  try {
    return createPrivateKey(pem);
  } catch {
    throw tokenError(
      'TOK_KEY_UNREADABLE',
      `The token signing key ${path} is not a PEM private key`,
    );
  }
}

/**
 * Reads a PEM public key (the file `cvtokenpubkey` names); services that
 * only check tokens need nothing else.
 */
export async function loadPublicKey(path: string): Promise<KeyObject> {
  const pem = await readKeyFile(path);
  try {
    return createPublicKey(pem);
  } catch {
    throw tokenError(
      'TOK_KEY_UNREADABLE',
      `The token public key ${path} is not a PEM public key`,
    );
  }
}

/** Reads the next-auth secret generated on first run. */
export async function readNextAuthSecret(dataDir: string): Promise<string> {
  const text = await readKeyFile(tokenKeyPaths(dataDir).nextAuthSecretPath);
  return text.trim();
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw tokenError(
      'TOK_KEY_UNREADABLE',
      `The key file ${path} could not be read (${reason})`,
    );
  }
}

/**
 * Writes a file only if it does not exist yet. The text goes to a private
 * temporary file first and is then hard-linked into place, so another
 * process never reads a half-written key.
 */
async function writeExclusive(
  path: string,
  text: string,
  mode: number,
): Promise<boolean> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, text, { flag: 'wx', mode });
  try {
    await link(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temporary);
  }
}
