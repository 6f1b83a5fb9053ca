import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EMPTIED, isMappedUid, REMOVED } from './deidentify-profile.js';
import { personName } from './identifier.js';
import type { DatasetTransform } from './stored-dataset.js';

/** Patient name written when the node names none (AnonymizeName empty). */
export const DEFAULT_ANONYMOUS_NAME = 'ANONYMOUS';

/** What the anonymiser writes into every object. */
const METHOD = 'Atrium basic application level confidentiality profile';

type Elements = Record<string, unknown>;

/**
 * De-identifies data sets by the basic profile (see deidentify-profile.ts):
 * identifying attributes removed or emptied, private attributes removed,
 * the patient name replaced by the node's AnonymizeName and the patient ID
 * by a pseudonym. Instance UIDs are replaced by `2.25.` UIDs derived with
 * an HMAC under the installation's secret, so the same original UID always
 * maps to the same new one (a study sent twice stays one study, and
 * references between objects keep pointing at each other), while nobody
 * without the secret can recover the original.
 */
export class Anonymizer implements DatasetTransform {
  readonly #secret: Buffer;
  readonly #patientName: string;

  constructor(secret: Buffer, patientName: string) {
    this.#secret = secret;
    this.#patientName = patientName.trim() || DEFAULT_ANONYMOUS_NAME;
  }

  /** The `2.25` UID an original UID becomes. */
  mapUid(uid: string): string {
    const digest = this.#digest(`uid:${uid.trim()}`).subarray(0, 16);
    return `2.25.${BigInt(`0x${digest.toString('hex')}`).toString()}`;
  }

  mapSopInstanceUid(uid: string): string {
    return this.mapUid(uid);
  }

  /** The pseudonym a patient ID becomes. */
  mapPatientId(patientId: string): string {
    return `ANON-${this.#digest(`pid:${patientId.trim()}`).toString('hex').slice(0, 12).toUpperCase()}`;
  }

  apply(elements: Elements): void {
    const patientId = String(elements.PatientID ?? '');
    this.#clean(elements);
    elements.PatientName = personName(this.#patientName);
    elements.PatientID = this.mapPatientId(patientId);
    elements.PatientIdentityRemoved = 'YES';
    elements.DeidentificationMethod = METHOD;
  }

  #clean(elements: Elements): void {
    for (const key of Object.keys(elements)) {
      if (key === '_vrMap') continue;
      const value = elements[key];
      // Keys that are tags rather than keywords: private attributes, group
      // lengths and anything the dictionary does not know. None is kept.
      if (/^[0-9A-Fa-f]{8}$/.test(key) || REMOVED.has(key)) {
        delete elements[key];
      } else if (EMPTIED.has(key)) {
        elements[key] = '';
      } else if (isMappedUid(key)) {
        elements[key] = this.#mapUidValue(value);
      } else if (isSequence(value)) {
        for (const item of value) this.#clean(item);
      }
    }
  }

  #mapUidValue(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((uid) => (uid ? this.mapUid(String(uid)) : uid));
    }
    return value ? this.mapUid(String(value)) : value;
  }

  #digest(text: string): Buffer {
    return createHmac('sha256', this.#secret).update(text).digest();
  }
}

function isSequence(value: unknown): value is Elements[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        !(item instanceof ArrayBuffer) &&
        !ArrayBuffer.isView(item) &&
        !('Alphabetic' in item),
    )
  );
}

/**
 * The installation's de-identification secret (`<data>/keys/deidentify.key`),
 * made on first use. Kept with the token keys and never sent anywhere.
 */
export async function loadDeidentifySecret(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true });
  const secret = randomBytes(32);
  try {
    await writeFile(path, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Made by a concurrent first use: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFile(path);
    throw err;
  }
}
