import { TextDecoder } from 'node:util';

/**
 * Text decoding for the VRs that Specific Character Set governs. DICOM
 * defined terms map to WHATWG encoding labels that Node's TextDecoder knows.
 */
const encodingByTerm: Record<string, string> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  ISO_2022_IR_6: 'latin1',
  ISO_2022_IR_100: 'latin1',
  ISO_2022_IR_101: 'iso-8859-2',
  ISO_2022_IR_144: 'iso-8859-5',
  ISO_2022_IR_126: 'iso-8859-7',
  ISO_2022_IR_138: 'iso-8859-8',
  ISO_2022_IR_148: 'iso-8859-9',
  ISO_2022_IR_13: 'shift_jis',
  ISO_2022_IR_87: 'iso-2022-jp',
  ISO_2022_IR_149: 'euc-kr',
  ISO_2022_IR_58: 'gb18030',
  ISO_2022_IR_166: 'windows-874',
};

/** VRs whose text follows Specific Character Set; the rest are ASCII. */
export const textVrs = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN']);

const decoders = new Map<string, TextDecoder>();

/**
 * Returns a decoder for a Specific Character Set value. Known limitation:
 * with several ISO 2022 terms only the first non-default one is used, so
 * escape-switched mixed scripts (e.g. Japanese names with three component
 * groups) may decode imperfectly; unknown terms fall back to Latin-1.
 */
export function selectDecoder(charsets: string[]): TextDecoder {
  const terms = charsets.map((term) => term.trim().replace(/ /g, '_'));
  const chosen = terms.find((term) => term && term !== 'ISO_2022_IR_6');
  const label = encodingByTerm[chosen ?? ''] ?? 'latin1';

  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = createDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder;
}

function createDecoder(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    // A Node build without full ICU lacks some legacy encodings.
    return new TextDecoder('latin1');
  }
}

export const latin1 = new TextDecoder('latin1');
