import { coreError } from '../errors.js';
import { MAX_UID_LENGTH } from '../import/check-uids.js';

/** Longest text accepted in any parameter. */
const MAX_TEXT = 4096;

/**
 * Parameters naming an object by UID. The image index keeps UIDs as found,
 * up to MAX_UID_LENGTH characters (more than DICOM's 64), so these accept
 * that many whatever shorter limit a method asks for: a study that lists
 * must also open.
 */
const UID_PARAMS = new Set(['studyUid', 'seriesUid', 'sopInstanceUid']);

function limitOf(name: string, max: number): number {
  return UID_PARAMS.has(name) ? Math.max(max, MAX_UID_LENGTH) : max;
}

/**
 * Reads the parameters of one request with checks that name the field at
 * fault. `finish()` refuses fields the method does not know, so a client's
 * typo is an error rather than silently ignored.
 */
export class ParamReader {
  readonly #params: Record<string, unknown>;
  readonly #read = new Set<string>();

  constructor(params: Record<string, unknown>) {
    this.#params = params;
  }

  /** A required text, 1 to `max` characters. */
  string(name: string, max = MAX_TEXT): string {
    max = limitOf(name, max);
    const value = this.#take(name);
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      throw invalid(`${name} must be a text of 1 to ${max} characters`);
    }
    return value;
  }

  /** An optional text of at most `max` characters. */
  optionalString(name: string, max = MAX_TEXT): string | undefined {
    max = limitOf(name, max);
    const value = this.#take(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > max) {
      throw invalid(`${name} must be a text of at most ${max} characters`);
    }
    return value;
  }

  /** A required list of texts. */
  stringList(name: string, maxItems = 64): string[] {
    const value = this.#take(name);
    if (!isStringList(value, maxItems)) {
      throw invalid(`${name} must be a list of at most ${maxItems} texts`);
    }
    return value;
  }

  /** An optional list of texts. */
  optionalStringList(name: string, maxItems = 64): string[] | undefined {
    return this.#params[name] === undefined
      ? (this.#take(name) as undefined)
      : this.stringList(name, maxItems);
  }

  /** An optional whole number within a range. */
  optionalInteger(name: string, min: number, max: number): number | undefined {
    const value = this.#take(name);
    if (value === undefined) return undefined;
    if (
      !Number.isInteger(value) ||
      (value as number) < min ||
      (value as number) > max
    ) {
      throw invalid(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value as number;
  }

  /** A required whole number within a range. */
  integer(name: string, min: number, max: number): number {
    const value = this.optionalInteger(name, min, max);
    if (value === undefined) {
      throw invalid(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /** An optional true or false. */
  optionalBoolean(name: string): boolean | undefined {
    const value = this.#take(name);
    if (value === undefined || typeof value === 'boolean') return value;
    throw invalid(`${name} must be true or false`);
  }

  /** An optional value from a fixed list. */
  optionalChoice<T extends string>(
    name: string,
    choices: readonly T[],
  ): T | undefined {
    const value = this.#take(name);
    if (value === undefined) return undefined;
    if (
      typeof value === 'string' &&
      (choices as readonly string[]).includes(value)
    ) {
      return value as T;
    }
    throw invalid(`${name} must be one of ${choices.join(', ')}`);
  }

  /** A text or a list of texts (for example one modality or several). */
  optionalStringOrList(name: string): string | string[] | undefined {
    const value = this.#params[name];
    if (typeof value === 'string' || value === undefined) {
      return this.optionalString(name);
    }
    return this.stringList(name);
  }

  /**
   * A required JSON object (not an array) whose JSON text is at most
   * `maxBytes` bytes.
   */
  jsonObject(name: string, maxBytes: number): Record<string, unknown> {
    const value = this.#take(name);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(`${name} must be a JSON object`);
    }
    if (Buffer.byteLength(JSON.stringify(value)) > maxBytes) {
      throw invalid(`${name} must be at most ${maxBytes} bytes of JSON`);
    }
    return value as Record<string, unknown>;
  }

  /** A required list of at most `maxItems` values, each still unchecked. */
  list(name: string, maxItems: number): unknown[] {
    const value = this.#take(name);
    if (!Array.isArray(value) || value.length > maxItems) {
      throw invalid(`${name} must be a list of at most ${maxItems} items`);
    }
    return value as unknown[];
  }

  /** Refuses any parameter that was not read. */
  finish(): void {
    const unknown = Object.keys(this.#params).filter((k) => !this.#read.has(k));
    if (unknown.length > 0) {
      throw invalid(`Unknown parameter ${JSON.stringify(unknown[0])}`);
    }
  }

  #take(name: string): unknown {
    this.#read.add(name);
    return Object.hasOwn(this.#params, name) ? this.#params[name] : undefined;
  }
}

function isStringList(value: unknown, maxItems: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= maxItems &&
    value.every((v) => typeof v === 'string' && v.length <= MAX_TEXT)
  );
}

function invalid(message: string) {
  return coreError('CORE_INVALID_PARAMS', message);
}
