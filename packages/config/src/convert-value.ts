import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './errors.js';
import type { FieldSchema } from './schema.js';
import { quoteText } from './show-text.js';

/** Where a value came from, for error messages. */
export interface ValuePlace {
  /** Absolute path of the file, which every message starts with. */
  file: string;
  /** Section name as the schema spells it. */
  section: string;
  /** Key as the schema spells it (`RemoteDicomNodes\2\Port` for lists). */
  key: string;
  line?: number;
  dataDir: string;
}

type Value = string | number | boolean;

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/**
 * Turns one raw string from a file into the field's typed value, or throws a
 * ConfigError naming file, key, what was expected and what was found.
 */
export function convertValue(
  field: FieldSchema,
  raw: string,
  place: ValuePlace,
): Value {
  switch (field.type) {
    case 'string':
      if (field.required && raw === '') fail(field, raw, place, 'a value');
      return raw;
    case 'int':
      return convertInt(field, raw, place, field.min, field.max);
    case 'port':
      return convertInt(field, raw, place, 1, 65535);
    case 'bool':
      return convertBool(field, raw, place);
    case 'enum':
      return convertEnum(field, raw, place);
    case 'path':
      return convertPath(field, raw, place);
    case 'aetitle':
      return convertAeTitle(field, raw, place);
    case 'host':
      if (raw === '' && !field.required) return raw;
      if (isIP(raw) === 0 && !HOST_NAME.test(raw)) {
        fail(field, raw, place, 'a host name or IP address');
      }
      return raw;
    case 'ip':
      if (isIP(raw) === 0) {
        fail(field, raw, place, 'an IP address such as 0.0.0.0 or ::');
      }
      return raw;
  }
}

/** Words what a field accepts, for errors and the first-run file. */
export function describeExpected(field: FieldSchema): string {
  switch (field.type) {
    case 'string':
      return field.required ? 'a value' : 'any text';
    case 'int':
      return field.max === Number.MAX_SAFE_INTEGER
        ? `a whole number of at least ${field.min}`
        : `a whole number from ${field.min} to ${field.max}`;
    case 'port':
      return 'a port 1-65535';
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${field.values.join(', ')}`;
    case 'path':
      return 'a file or folder path';
    case 'aetitle':
      return 'an AE title of 1-16 characters without a backslash';
    case 'host':
      return 'a host name or IP address';
    case 'ip':
      return 'an IP address such as 0.0.0.0 or ::';
  }
}

function convertInt(
  field: FieldSchema,
  raw: string,
  place: ValuePlace,
  min: number,
  max: number,
): number {
  const value = /^[+-]?\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(value) || value < min || value > max) {
    fail(field, raw, place, describeExpected(field));
  }
  return value;
}

function convertBool(
  field: FieldSchema,
  raw: string,
  place: ValuePlace,
): boolean {
  const word = raw.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  return fail(field, raw, place, 'true or false');
}

function convertEnum(
  field: FieldSchema & { type: 'enum' },
  raw: string,
  place: ValuePlace,
): string | number {
  const match = field.values.find(
    (value) => String(value).toLowerCase() === raw.toLowerCase(),
  );
  if (match === undefined) fail(field, raw, place, describeExpected(field));
  return match;
}

function convertPath(
  field: FieldSchema & { type: 'path' },
  raw: string,
  place: ValuePlace,
): string {
  const given = raw === '' ? field.default : raw;
  if (given === '') {
    if (field.required) fail(field, raw, place, 'a file or folder path');
    return '';
  }
  return isAbsolute(given) ? resolve(given) : resolve(place.dataDir, given);
}

function convertAeTitle(
  field: FieldSchema & { type: 'aetitle' },
  raw: string,
  place: ValuePlace,
): string {
  if (raw === '' && field.optional) return '';
  // PS3.5: up to 16 characters of the default repertoire, no backslash, and
  // leading/trailing spaces are not significant.
  const valid =
    raw.length >= 1 &&
    raw.length <= 16 &&
    [...raw].every((char) => char >= ' ' && char <= '~' && char !== '\\') &&
    raw.trim() !== '';
  if (!valid) fail(field, raw, place, describeExpected(field));
  return raw.trim();
}

function fail(
  field: FieldSchema,
  raw: string,
  place: ValuePlace,
  expected: string,
): never {
  const line = place.line === undefined ? '' : ` (line ${place.line})`;
  throw new ConfigError(
    'CFG_INVALID_VALUE',
    `${place.file}: [${place.section}] ${place.key}: expected ${expected}, found ${describeFound(field, raw)}${line}`,
    {
      file: place.file,
      key: `${place.section}.${place.key}`,
      line: place.line,
    },
  );
}

/** Words a found value; secrets are described, never echoed. */
export function describeFound(field: FieldSchema, raw: string): string {
  if (raw === '') return 'nothing';
  if (field.secret) return `a value of ${raw.length} characters`;
  return quoteText(raw);
}
