/**
 * Longest Study, Series or SOP Instance UID the image index keeps. DICOM
 * allows 64 characters; objects from the field sometimes carry longer (or
 * otherwise invalid) UIDs, which are kept as found so the object can still
 * be read, and logged. Past this bound an object is quarantined instead,
 * and the RPC accepts UIDs up to the same bound, so every study that lists
 * also opens.
 */
export const MAX_UID_LENGTH = 256;

/** The longest UID DICOM allows (PS3.5, UI value representation). */
const DICOM_UID_LENGTH = 64;

/** A UID of an imported object that is not a valid DICOM UID. */
export interface InvalidUid {
  /** Keyword of the attribute: StudyInstanceUID, SeriesInstanceUID, ... */
  attribute: string;
  value: string;
  /** What is wrong with it, in a few words. */
  problem: string;
}

/**
 * Says what makes a UID invalid, or undefined when it is a valid DICOM
 * UID: digits in dot-separated components, at most 64 characters. Leading
 * zeros in a component, which some older devices write, are tolerated.
 */
export function findUidProblem(uid: string): string | undefined {
  if (uid === '') return 'it is empty';
  if (uid.includes('\0')) return 'it contains a NUL character';
  if (uid.includes('/') || uid.includes('\\')) return 'it contains a slash';
  if (!/^[0-9.]+$/.test(uid)) {
    return 'it contains characters other than digits and dots';
  }
  if (uid.split('.').includes('')) return 'it has an empty component';
  if (uid.length > DICOM_UID_LENGTH) {
    return `it is ${uid.length} characters long (DICOM allows ${DICOM_UID_LENGTH})`;
  }
  return undefined;
}

/** The invalid ones among an object's identifying UIDs. */
export function findInvalidUids(uids: Record<string, string>): InvalidUid[] {
  const invalid: InvalidUid[] = [];
  for (const [attribute, value] of Object.entries(uids)) {
    const problem = findUidProblem(value);
    if (problem) invalid.push({ attribute, value, problem });
  }
  return invalid;
}
