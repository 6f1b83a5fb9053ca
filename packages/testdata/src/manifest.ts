import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { testdataDir } from './locate.js';

/** How a file is expected to behave when its image is decoded. */
export type ExpectedBehaviour =
  /** Decodes to an image (reference PNG given). */
  | 'decode'
  /** Decoding must fail with a specific error (damaged file). */
  | 'fail'
  /** A valid object with no Pixel Data at all. */
  | 'no-image';

/** Which VOI the reference rendering used. */
export type ReferenceVoi = 'window' | 'voi-lut' | 'min-max' | 'colour';

/** One file of MANIFEST.md, from either the single-file or the Sunnybrook table. */
export interface ManifestRow {
  readonly table: 'single' | 'sunnybrook';
  /** Path relative to the test data folder. */
  readonly path: string;
  /** Transfer syntax as declared, or the one to read it as when there is no meta. */
  readonly transferSyntaxUid: string;
  /** True when the file has no file meta and the syntax must be guessed. */
  readonly noMeta: boolean;
  readonly modality: string | undefined;
  readonly rows: number | undefined;
  readonly columns: number | undefined;
  readonly frames: number | undefined;
  readonly photometric: string | undefined;
  readonly bitsAllocated: number | undefined;
  readonly bitsStored: number | undefined;
  readonly signed: boolean | undefined;
  /** Decoded stored values over all frames. */
  readonly storedMin: number | undefined;
  readonly storedMax: number | undefined;
  readonly rescaleSlope: number | undefined;
  readonly rescaleIntercept: number | undefined;
  /** First window in the file (centre, width), if the row gives one. */
  readonly window: { center: number; width: number } | undefined;
  /** First 16 hex digits of SHA-256 over the decoded array (pydicom layout). */
  readonly sha256: string | undefined;
  /** Reference PNG of the first frame and, for multi-frame files, the last. */
  readonly refPng: string | undefined;
  readonly lastFrameRefPng: string | undefined;
  readonly referenceVoi: ReferenceVoi | undefined;
  readonly expected: ExpectedBehaviour;
  /** True when reporting the transfer syntax as unsupported is also correct. */
  readonly unsupportedAllowed: boolean;
  /** The manifest's bold note on correct behaviour, if any. */
  readonly note: string | undefined;
}

/** Reads MANIFEST.md into typed rows: every single file, then the Sunnybrook stack. */
export function readManifest(dir: string = testdataDir()): ManifestRow[] {
  const text = readFileSync(join(dir, 'MANIFEST.md'), 'utf8');
  return [...readSingleFiles(text), ...readSunnybrook(text)];
}

function sectionOf(text: string, heading: string): string {
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`MANIFEST.md has no section "${heading}"`);
  const next = text.indexOf('\n## ', start + heading.length);
  return text.slice(start, next < 0 ? undefined : next);
}

/** Data rows of the first Markdown table in a section, cells trimmed. */
function tableRows(section: string): string[][] {
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  return lines
    .slice(2)
    .map((line) => splitCells(line))
    .filter((cells) => cells.length > 1);
}

function splitCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

function unquote(cell: string): string {
  return cell.replace(/^`|`$/g, '');
}

function numberOrUndefined(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function readSingleFiles(text: string): ManifestRow[] {
  const section = sectionOf(text, '## Single files');
  return tableRows(section).map((cells) => {
    if (cells.length < 12)
      throw new Error(
        `Single-file row has ${cells.length} cells: ${cells.join(' | ')}`,
      );
    const [
      ,
      pathCell,
      ,
      ,
      syntaxCell,
      modalityCell,
      sizeCell,
      photometricCell,
      bitsCell,
      signedCell,
      ,
      facts,
    ] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const size = /^(\d*)x(\d+)x(\d+)$/.exec(sizeCell);
    const bits = /^(\d+)(?:\s*float)?(?:\/(\d+))?/.exec(bitsCell);
    const noMeta = syntaxCell.startsWith('none');
    const readAs = /read as ([\d.]+)/.exec(syntaxCell)?.[1];
    const refs = /ref: ([^\s,;[]+\.ref\.png)(?:, ([^\s,;[]+\.ref\.png))?/.exec(
      facts,
    );
    const dir = unquote(pathCell).replace(/[^/]+$/, '');

    return {
      table: 'single',
      path: unquote(pathCell),
      transferSyntaxUid: noMeta ? (readAs ?? '1.2.840.10008.1.2') : syntaxCell,
      noMeta,
      modality: /^[A-Z]+/.exec(modalityCell)?.[0],
      rows: numberOrUndefined(size?.[1]),
      columns: numberOrUndefined(size?.[2]),
      frames: numberOrUndefined(size?.[3]),
      photometric: photometricCell.split(',')[0]?.trim() || undefined,
      bitsAllocated: numberOrUndefined(bits?.[1]),
      bitsStored: numberOrUndefined(bits?.[2]),
      signed:
        signedCell === 'yes' ? true : signedCell === 'no' ? false : undefined,
      ...readStoredRange(facts),
      ...readRescale(facts),
      window: readWindow(facts),
      sha256: /sha256\(decoded\) ([0-9a-f]{16})/.exec(facts)?.[1],
      refPng: refs?.[1] ? dir + refs[1] : undefined,
      lastFrameRefPng: refs?.[2] ? dir + refs[2] : undefined,
      referenceVoi: readReferenceVoi(facts),
      expected: classify(sizeCell, facts),
      unsupportedAllowed: /report "?unsupported/i.test(facts),
      note: /\*\*(.+?)\*\*/.exec(facts)?.[1],
    };
  });
}

function readStoredRange(facts: string): {
  storedMin: number | undefined;
  storedMax: number | undefined;
} {
  const range = /stored (-?[\d.]+)\.\.(-?[\d.]+)/.exec(facts);
  return {
    storedMin: numberOrUndefined(range?.[1]),
    storedMax: numberOrUndefined(range?.[2]),
  };
}

function readRescale(facts: string): {
  rescaleSlope: number | undefined;
  rescaleIntercept: number | undefined;
} {
  const rescale =
    /slope (-?[\d.]+)(?: \([^)]*\))? \/ intercept (-?[\d.]+)/.exec(facts);
  return {
    rescaleSlope: numberOrUndefined(rescale?.[1]),
    rescaleIntercept: numberOrUndefined(rescale?.[2]),
  };
}

function readWindow(
  facts: string,
): { center: number; width: number } | undefined {
  const window = /window C (-?[\d.]+)[^/]*\/ W (-?[\d.]+)/.exec(facts);
  if (!window) return undefined;
  return { center: Number(window[1]), width: Number(window[2]) };
}

function readReferenceVoi(facts: string): ReferenceVoi | undefined {
  const voi = /VOI: ([^\]]+)\]/.exec(facts)?.[1] ?? '';
  if (voi.startsWith('first WindowCenter')) return 'window';
  if (voi.startsWith('first VOI LUT')) return 'voi-lut';
  if (voi.startsWith('colour')) return 'colour';
  if (voi.includes('min-max')) return 'min-max';
  return undefined;
}

function classify(sizeCell: string, facts: string): ExpectedBehaviour {
  if (sizeCell === 'no pixels') return 'no-image';
  if (/no ref PNG/.test(facts)) return 'fail';
  return 'decode';
}

function readSunnybrook(text: string): ManifestRow[] {
  const section = sectionOf(text, '## Cardiac cine stack');
  const shared =
    /All files: TS ([\d.]+).*?(\d+)x(\d+)x(\d+), (MONOCHROME\d).*?BitsAllocated\/Stored (\d+)\/(\d+).*?PixelRepresentation (\d)/s.exec(
      section,
    );
  if (!shared)
    throw new Error(
      'MANIFEST.md: the Sunnybrook shared facts are not where expected',
    );
  const [
    ,
    syntax,
    rows,
    columns,
    frames,
    photometric,
    allocated,
    stored,
    representation,
  ] = shared as unknown as string[];

  return tableRows(section).map((cells) => {
    const [
      pathCell = '',
      ,
      ,
      ,
      ,
      rangeCell = '',
      windowCell = '',
      sha = '',
      ref = '',
    ] = cells;
    const path = unquote(pathCell);
    const [storedMin, storedMax] = rangeCell.split('..').map(Number);
    const [center, width] = windowCell.split('/').map(Number);
    return {
      table: 'sunnybrook',
      path,
      transferSyntaxUid: syntax ?? '',
      noMeta: false,
      modality: 'MR',
      rows: Number(rows),
      columns: Number(columns),
      frames: Number(frames),
      photometric,
      bitsAllocated: Number(allocated),
      bitsStored: Number(stored),
      signed: representation === '1',
      storedMin,
      storedMax,
      rescaleSlope: undefined,
      rescaleIntercept: undefined,
      window:
        center !== undefined && width !== undefined
          ? { center, width }
          : undefined,
      sha256: sha || undefined,
      refPng: ref ? path.replace(/[^/]+$/, '') + ref : undefined,
      lastFrameRefPng: undefined,
      referenceVoi: 'window',
      expected: 'decode',
      unsupportedAllowed: false,
      note: undefined,
    };
  });
}
