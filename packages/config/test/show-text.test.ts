import { describe, expect, it } from 'vitest';
import { quoteText, showText } from '../src/show-text.js';

describe('showText', () => {
  it('writes control, format and separator characters as escapes', () => {
    expect(showText('a\x1b[31mb\x00\x7f\u0085\u202e\u2028c')).toBe(
      'a\\x1b[31mb\\x00\\x7f\\x85\\u202e\\u2028c',
    );
  });

  it('keeps printable text, accents and other scripts as they are', () => {
    expect(showText('Zoë Müller 日本 RemoteDicomNodes\\1\\Port')).toBe(
      'Zoë Müller 日本 RemoteDicomNodes\\1\\Port',
    );
  });

  it('cuts text longer than 60 characters with an ellipsis', () => {
    expect(showText('x'.repeat(61))).toBe(`${'x'.repeat(60)}…`);
    expect(showText('x'.repeat(60))).toBe('x'.repeat(60));
    expect(showText('abcdef', 3)).toBe('abc…');
  });
});

describe('quoteText', () => {
  it('quotes text, escaping quotes and backslashes as JSON does', () => {
    expect(quoteText('a "b" C:\\x\n')).toBe('"a \\"b\\" C:\\\\x\\x0a"');
  });

  it('cuts inside the quotes', () => {
    expect(quoteText('y'.repeat(70))).toBe(`"${'y'.repeat(60)}…"`);
  });
});
