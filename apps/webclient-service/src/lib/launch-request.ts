/**
 * Reading a study-request link (`/launch?...`), as a PACS or RIS opens
 * Atrium on one study: `studyuid=` or `accession=`, an optional `username=`
 * for the login form, or `unload-study` to close the study.
 */

/** The study a launch names. */
export type LaunchStudy = { studyUid: string } | { accessionNumber: string };

/** What a launch link asks for. */
export type LaunchRequest =
  | { kind: 'open'; study: LaunchStudy; username: string | null }
  | { kind: 'unload'; username: string | null }
  | { kind: 'ask'; url: string }
  | { kind: 'refused'; message: string };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads the parameters of a launch link. Names are matched without regard
 * to case, since systems that build these links differ. A link carrying a
 * password is refused outright: a password in a URL ends up in browser
 * history, proxy and server logs.
 */
export function readLaunchRequest(params: SearchParams): LaunchRequest {
  const get = (name: string) => firstOf(params, name);

  if (get('password') !== undefined) {
    return {
      kind: 'refused',
      message:
        'This link carries a password, which Atrium never accepts in a link. Ask for the link to be set up without it, and type the password on the login page.',
    };
  }

  const username = readUsername(get('username'));
  if (username === false) {
    return {
      kind: 'refused',
      message: 'The user name in this link is not valid.',
    };
  }
  if (get('unload-study') !== undefined) return { kind: 'unload', username };
  const ask = get('study-request-url')?.trim();
  if (ask) return { kind: 'ask', url: ask };

  const studyUid = get('studyuid')?.trim();
  const accession = get('accession')?.trim();
  if (studyUid && accession) {
    return {
      kind: 'refused',
      message:
        'This link names a study both by UID and by accession number; it must name one.',
    };
  }
  if (studyUid) {
    if (!/^[0-9]+(\.[0-9]+)*$/.test(studyUid) || studyUid.length > 64) {
      return {
        kind: 'refused',
        message: `The Study Instance UID "${studyUid}" in this link is not a valid UID.`,
      };
    }
    return { kind: 'open', study: { studyUid }, username };
  }
  if (accession) {
    if (!/^[\x20-\x29\x2b-\x3e\x40-\x5b\x5d-\x7e]{1,16}$/.test(accession)) {
      return {
        kind: 'refused',
        message: `The accession number "${accession}" in this link is not valid (up to 16 characters, no * ? or \\).`,
      };
    }
    return { kind: 'open', study: { accessionNumber: accession }, username };
  }
  return {
    kind: 'refused',
    message: 'This link names no study: it needs studyuid= or accession=.',
  };
}

/** The launch path again, without the user name (for after the login). */
export function launchPathOf(study: LaunchStudy): string {
  const query =
    'studyUid' in study
      ? `studyuid=${encodeURIComponent(study.studyUid)}`
      : `accession=${encodeURIComponent(study.accessionNumber)}`;
  return `/launch?${query}`;
}

/** The login page with the user name filled in and the way back. */
export function loginPathFor(
  username: string | null,
  callbackUrl: string,
): string {
  const query = new URLSearchParams({ callbackUrl });
  if (username) query.set('username', username);
  return `/login?${query.toString()}`;
}

/** False when present but unusable; null when absent. */
function readUsername(value: string | undefined): string | null | false {
  if (value === undefined) return null;
  const name = value.trim();
  if (name === '') return null;
  return name.length <= 64 && /^[\x20-\x7e\u00a0-\uffff]+$/.test(name)
    ? name
    : false;
}

function firstOf(params: SearchParams, name: string): string | undefined {
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
