/**
 * Where next-auth may send a browser after login or logout: a path of this
 * site, made absolute on the site's own origin (next-auth's client reads
 * the answer as a URL). Anything else (another origin, `//host`, a
 * backslash path) goes to the study list. Server only.
 */
export function keepRedirectOnSite({
  url,
  baseUrl,
}: {
  url: string;
  baseUrl: string;
}): string {
  const fallback = `${baseUrl}/studies`;
  if (url.startsWith('/')) {
    if (url.startsWith('//') || url.includes('\\')) return fallback;
    return `${baseUrl}${url}`;
  }
  try {
    const target = new URL(url);
    if (target.origin !== new URL(baseUrl).origin) return fallback;
    return target.href;
  } catch {
    return fallback;
  }
}
