/** Characters of a found value shown in an error before it is cut short. */
export const SHOWN_CHARACTERS = 60;

// Control characters, format characters (bidirectional overrides among
// them) and line or paragraph separators: none may reach a log line as is.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Text from a file made fit for a one-line message: characters that are
 * not printable are written as escapes (`\x1b`, `\u202e`) and text longer
 * than `max` characters is cut with an ellipsis.
 */
export function showText(text: string, max = SHOWN_CHARACTERS): string {
  const chars = [...text];
  const cut = chars.length > max;
  const kept = cut ? chars.slice(0, max).join('') : text;
  return `${escapeUnprintable(kept)}${cut ? '…' : ''}`;
}

/** As showText, in double quotes, with `"` and `\` escaped as in JSON. */
export function quoteText(text: string, max = SHOWN_CHARACTERS): string {
  const chars = [...text];
  const cut = chars.length > max;
  const kept = cut ? chars.slice(0, max).join('') : text;
  const quoted = escapeUnprintable(kept.replace(/["\\]/g, (c) => `\\${c}`));
  return `"${quoted}${cut ? '…' : ''}"`;
}

function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
