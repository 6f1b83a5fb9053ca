/**
 * Decode benchmark over the transfer-syntax matrix (testdata/ts): per
 * file, the codec's load time and the warm decode time per frame (p50, p99).
 * Run directly with `npx tsx packages/dicom/bench/decode-bench.ts` (after a
 * build, or with `--conditions=source`); `npm run bench` calls benchDecode().
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { testdataDir } from '@atrium/testdata';

import { codecLoadTimes, decodeFrame, parseDicom, Tag } from '../src/index.js';
import {
  lookUpPixelEncoding,
  type PixelEncoding,
} from '../src/transfer-syntax.js';

/** The codec behind each pixel encoding, by the name codecLoadTimes() uses. */
const codecs: Record<PixelEncoding, string> = {
  native: 'none',
  rle: 'rle (built in)',
  'jpeg-baseline': 'libjpegTurbo',
  'jpeg-extended': 'jpegjs',
  'jpeg-lossless': 'jpeg-lossless',
  'jpeg-ls': 'charls',
  jpeg2000: 'openjpeg',
  htj2k: 'openjph',
};

/** One line of the benchmark table. */
export interface Row {
  file: string;
  transferSyntaxUid: string;
  size: string;
  /** The codec this file needs, and its one-off load time in this process. */
  codec: string;
  codecLoadMs: number | undefined;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  decodes: number;
  /** Error code when the file cannot be decoded. */
  error: string | undefined;
}

const MIN_DECODES = 20;
const TIME_BUDGET_MS = 400;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] ?? 0;
}

async function benchFile(path: string): Promise<Row> {
  const ds = parseDicom(readFileSync(path));
  const encoding = lookUpPixelEncoding(ds.transferSyntaxUid);
  const row: Row = {
    file: path.split('/').at(-1) ?? path,
    transferSyntaxUid: ds.transferSyntaxUid,
    size: `${ds.number(Tag.Columns)}x${ds.number(Tag.Rows)}`,
    codec: encoding ? codecs[encoding] : 'unsupported',
    codecLoadMs: undefined,
    p50Ms: undefined,
    p99Ms: undefined,
    decodes: 0,
    error: undefined,
  };

  try {
    // The first decode loads the codec; it is not counted as warm.
    await decodeFrame(ds, 0);
  } catch (error) {
    return {
      ...row,
      error: (error as { code?: string }).code ?? String(error),
    };
  }
  row.codecLoadMs = codecLoadTimes().get(row.codec);

  const times: number[] = [];
  const started = performance.now();
  while (
    times.length < MIN_DECODES ||
    performance.now() - started < TIME_BUDGET_MS
  ) {
    const t0 = performance.now();
    await decodeFrame(ds, 0);
    times.push(performance.now() - t0);
    if (times.length >= 2000) break;
  }
  times.sort((a, b) => a - b);
  return {
    ...row,
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    decodes: times.length,
  };
}

/** Benchmarks every file of testdata/ts in name order. */
export async function benchDecode(): Promise<Row[]> {
  const folder = join(testdataDir(), 'ts');
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.dcm'))
    .sort();
  const rows: Row[] = [];
  for (const name of files) rows.push(await benchFile(join(folder, name)));
  return rows;
}

/** Formats rows as an aligned text table. */
export function formatDecodeTable(rows: Row[]): string {
  const ms = (value: number | undefined) =>
    value === undefined ? '-' : value.toFixed(2);
  const lines = [
    [
      'transfer syntax',
      'size',
      'codec',
      'load ms',
      'p50 ms',
      'p99 ms',
      'n',
      'note',
    ],
    ...rows.map((row) => [
      row.transferSyntaxUid,
      row.size,
      row.codec,
      ms(row.codecLoadMs),
      ms(row.p50Ms),
      ms(row.p99Ms),
      String(row.decodes),
      row.error ?? '',
    ]),
  ];
  const widths =
    lines[0]?.map((_, column) =>
      Math.max(...lines.map((line) => (line[column] ?? '').length)),
    ) ?? [];
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchDecode();
  console.log('Decode time per frame, warm (after codec load), one thread:');
  console.log(formatDecodeTable(rows));
}
