/** What a secret is written as, in place of its value. */
export const NOT_DISPLAYED = '***not displayed***';

// Field names are compared lower-cased with separators removed, so
// `PfxPassword`, `pfx_password` and `pfx-password` all match.
const SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'jwt',
  'apikey',
  'privatekey',
  'credential',
  'authorization',
  'cookie',
  'ticket',
];

const JWT = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*/g;
const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const BEARER = /\bBearer\s+[\w.~+/=-]+/g;
const MAX_DEPTH = 8;

/**
 * True when a field name looks like it holds a secret: a password, secret,
 * token, ticket, cookie or key material (a name ending in `key`, except a
 * public key).
 */
export function isSecretName(name: string): boolean {
  const word = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_WORDS.some((secret) => word.includes(secret))) return true;
  if (word === 'pwd') return true;

  const keyMaterial = word.endsWith('key') || word.endsWith('keys');
  return keyMaterial && !/(publickey|pubkey)s?$/.test(word);
}

export interface RedactOptions {
  /** Keep stack traces of Error objects (only when DEBUG is on). */
  stack?: boolean;
}

/**
 * Returns a copy of `value` fit for a log line: fields with secret names
 * (at any depth) become `***not displayed***`, tokens, bearer credentials
 * and PEM private keys inside strings are masked, Error objects become
 * `{ name, code, message }`, and buffers, cycles and deep nesting are
 * summarised.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return redactValue(value, options, new WeakSet<object>(), 0);
}

/** Masks tokens and private keys inside free text. */
export function redactText(text: string): string {
  if (!/eyJ|PRIVATE KEY|Bearer/.test(text)) return text;

  return text
    .replace(JWT, NOT_DISPLAYED)
    .replace(PEM_PRIVATE_KEY, NOT_DISPLAYED)
    .replace(BEARER, `Bearer ${NOT_DISPLAYED}`);
}

function redactValue(
  value: unknown,
  options: RedactOptions,
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol')
    return undefined;
  if (value === null || typeof value !== 'object') return value;

  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) {
    return `[${value.constructor.name} ${value.byteLength} bytes]`;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Nested too deep]';

  seen.add(value);
  const result = redactObject(value, options, seen, depth);
  seen.delete(value);
  return result;
}

function redactObject(
  value: object,
  options: RedactOptions,
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (value instanceof Error)
    return serializeError(value, options, seen, depth);
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, options, seen, depth + 1));
  }
  if (value instanceof Set) {
    return [...value].map((item) =>
      redactValue(item, options, seen, depth + 1),
    );
  }

  const entries =
    value instanceof Map ? [...value.entries()] : Object.entries(value);
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const name = String(key);
    result[name] = isSecretName(name)
      ? NOT_DISPLAYED
      : redactValue(item, options, seen, depth + 1);
  }
  return result;
}

function serializeError(
  error: Error,
  options: RedactOptions,
  seen: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  const result: Record<string, unknown> = { name: error.name };
  if (code !== undefined)
    result.code = redactValue(code, options, seen, depth + 1);
  result.message = redactText(error.message);
  if (options.stack && error.stack) result.stack = redactText(error.stack);
  if (error.cause !== undefined) {
    result.cause = redactValue(error.cause, options, seen, depth + 1);
  }
  return result;
}
