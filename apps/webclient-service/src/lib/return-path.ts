/**
 * Where to go after logging in. Only paths of this site are followed, so a
 * crafted link cannot send a user elsewhere after login.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//')) {
    return '/studies';
  }
  if (value.startsWith('/login') || value.includes('\\')) return '/studies';
  return value;
}
