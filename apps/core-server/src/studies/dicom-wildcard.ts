/**
 * DICOM wildcard matching for study-list filters: `*` matches any run of
 * characters (none included), `?` exactly one, and everything else itself,
 * without regard to case.
 */
export function compileWildcard(pattern: string): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 'isu');
}

/** True when the value contains a DICOM wildcard character. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * Matches a person name (PN) against a compiled pattern: the whole name,
 * each component group (alphabetic = ideographic = phonetic) and each
 * component (family ^ given ^ middle ^ prefix ^ suffix), so 'john*' finds
 * 'Doe^John' and 'doe^john' finds it too.
 */
export function matchPersonName(pattern: RegExp, name: string): boolean {
  const whole = trimEmptyComponents(name);
  if (pattern.test(whole)) return true;

  for (const group of whole.split('=')) {
    if (pattern.test(trimEmptyComponents(group))) return true;
    for (const component of group.split('^')) {
      const trimmed = component.trim();
      if (trimmed !== '' && pattern.test(trimmed)) return true;
    }
  }
  return false;
}

function trimEmptyComponents(name: string): string {
  return name.trim().replace(/[\^ ]+$/, '');
}
