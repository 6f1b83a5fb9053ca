import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { parseIni } from '../src/ini-parser.js';

const FILE = '/data/serverconfig.ini';

function catchError(text: string): ConfigError {
  try {
    parseIni(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseIni to throw');
}

describe('parseIni', () => {
  it('reads sections and keys with their line numbers', () => {
    const parsed = parseIni(
      '[General]\nClientPort=49696\n\n[Tls]\nPfx=a.p12\n',
      FILE,
    );
    expect(parsed.sections).toEqual([
      {
        name: 'General',
        line: 1,
        entries: [{ key: 'ClientPort', value: '49696', line: 2 }],
      },
      {
        name: 'Tls',
        line: 4,
        entries: [{ key: 'Pfx', value: 'a.p12', line: 5 }],
      },
    ]);
  });

  it('skips whole-line comments starting with ; or #, even indented', () => {
    const parsed = parseIni(
      '; one\n# two\n[A]\n   ; three\n\t# four\nk=v\n',
      FILE,
    );
    expect(parsed.sections[0]?.entries).toEqual([
      { key: 'k', value: 'v', line: 6 },
    ]);
  });

  it('keeps ; and # inside values, since AE titles and passwords may hold them', () => {
    const parsed = parseIni(
      '[Tls]\nPfxPassword=se;cr#et ; not a comment\n',
      FILE,
    );
    expect(parsed.sections[0]?.entries[0]?.value).toBe(
      'se;cr#et ; not a comment',
    );
  });

  it('splits at the first = only', () => {
    const parsed = parseIni('[A]\nurl=http://h/?a=1&b=2\n', FILE);
    expect(parsed.sections[0]?.entries[0]?.value).toBe('http://h/?a=1&b=2');
  });

  it('trims spaces around keys and values and removes outer double quotes', () => {
    const parsed = parseIni(
      '[A]\n  k1 =  v  \nk2=" padded "\nk3=\nk4=""\n',
      FILE,
    );
    expect(parsed.sections[0]?.entries.map((e) => e.value)).toEqual([
      'v',
      ' padded ',
      '',
      '',
    ]);
  });

  it('reads CRLF line endings and a byte order mark', () => {
    const parsed = parseIni('\uFEFF[A]\r\nk=v\r\n', FILE);
    expect(parsed.sections[0]).toMatchObject({
      name: 'A',
      entries: [{ key: 'k', value: 'v' }],
    });
  });

  it('merges a section named twice, whatever its case', () => {
    const parsed = parseIni(
      '[General]\na=1\n[Tls]\nb=2\n[GENERAL]\nc=3\n',
      FILE,
    );
    expect(parsed.sections).toHaveLength(2);
    expect(parsed.sections[0]?.entries.map((e) => e.key)).toEqual(['a', 'c']);
  });

  it('keeps list keys with backslashes as they are', () => {
    const parsed = parseIni(
      '[DicomNetwork]\nRemoteDicomNodes\\1\\Address=pacs\n',
      FILE,
    );
    expect(parsed.sections[0]?.entries[0]?.key).toBe(
      'RemoteDicomNodes\\1\\Address',
    );
  });

  it('rejects a key set twice in one section, ignoring case, naming both lines', () => {
    const error = catchError('[General]\nClientPort=1\n\nclientport=2\n');
    expect(error.code).toBe('CFG_DUPLICATE_KEY');
    expect(error.message).toBe(
      `${FILE}: [General] clientport: expected the key once, found it again (line 4; first on line 2)`,
    );
    expect(error.line).toBe(4);
  });

  it('rejects a duplicate key across two headers of the same section', () => {
    expect(catchError('[A]\nk=1\n[B]\n[a]\nK=2\n').code).toBe(
      'CFG_DUPLICATE_KEY',
    );
  });

  it('allows the same key in different sections', () => {
    expect(() => parseIni('[A]\nk=1\n[B]\nk=2\n', FILE)).not.toThrow();
  });

  it('rejects a key before any section header', () => {
    const error = catchError('ClientPort=1\n');
    expect(error.code).toBe('CFG_SYNTAX');
    expect(error.message).toBe(
      `${FILE}: line 1: expected a [Section] header before the first key, found "ClientPort"`,
    );
  });

  it('rejects a line without = and shows only its first word', () => {
    const error = catchError('[Tls]\nPfxPassword hunter2\n');
    expect(error.code).toBe('CFG_SYNTAX');
    expect(error.line).toBe(2);
    expect(error.message).toContain('found "PfxPassword…" with no "="');
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects an empty key and a broken section header', () => {
    expect(catchError('[A]\n=v\n').message).toContain('no key before "="');
    expect(catchError('[A]\n\x1b[2J\x1b]0;pwned\x07\n').message).toBe(
      `${FILE}: line 2: expected key=value, a [Section] header or a comment, found "\\x1b[2J\\x1b]0;pwned\\x07…" with no "="`,
    );
    expect(catchError('[General\n').message).toBe(
      `${FILE}: line 1: expected a section header such as [General], found "[General"`,
    );
    expect(catchError('[ ]\n').code).toBe('CFG_SYNTAX');
  });
});
