import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/**
 * Password hashing with scrypt, a memory-hard function. The stored form
 * names its parameters, so they can be raised later without breaking
 * existing hashes:
 *
 *   scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>
 */

/** Cost parameters: N = 2^15, r = 8 needs 32 MiB per hash. */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, cost, HASH_BYTES);
  return [
    'scrypt',
    cost.log2N,
    cost.r,
    cost.p,
    salt.toString('base64'),
    hash.toString('base64'),
  ].join('$');
}

/**
 * Tells whether a password matches a stored hash. The comparison takes the
 * same time wherever the first difference is; an unreadable stored hash
 * never matches.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;

  const candidate = await deriveKey(
    password,
    parsed.salt,
    parsed.cost,
    parsed.hash.length,
  );
  return timingSafeEqual(candidate, parsed.hash);
}

/**
 * Spends the time of one verification without a stored hash, so a login
 * for an unknown user takes as long as one with a wrong password.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  await deriveKey(password, DUMMY_SALT, DEFAULT_SCRYPT_COST, HASH_BYTES);
}

const DUMMY_SALT = randomBytes(SALT_BYTES);

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function parseStoredHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;

  const [log2N, r, p] = parts.slice(1, 4).map(Number) as [
    number,
    number,
    number,
  ];
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  const sane =
    Number.isInteger(log2N) &&
    log2N >= 10 &&
    log2N <= 20 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= 16 &&
    salt.length >= 8 &&
    hash.length >= 16;
  return sane ? { cost: { log2N, r, p }, salt, hash } : null;
}

function deriveKey(
  password: string,
  salt: Buffer,
  cost: ScryptCost,
  length: number,
): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options: ScryptOptions = {
    N,
    r: cost.r,
    p: cost.p,
    // scrypt needs 128 * N * r bytes; leave headroom above that.
    maxmem: 256 * N * cost.r,
  };
  return new Promise((resolve, reject) => {
    scryptCallback(
      password.normalize('NFC'),
      salt,
      length,
      options,
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}
