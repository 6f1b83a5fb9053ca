#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';

import { AtriumError } from '@atrium/protocol';

import { parseRenderArguments } from './cli-args.js';
import { dicomError } from './errors.js';
import { parseDicom } from './parse.js';
import { encodePng } from './png.js';
import { renderFrame } from './render.js';

/**
 * `render <file> [--frame N] [--window C,W] --out <file.png>`: renders one
 * frame (numbered from 1) of a DICOM file to PNG. On failure prints one
 * line `render: <CODE>: <message>` and exits non-zero.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command !== 'render') {
      throw dicomError(
        'DCM_BAD_ARGUMENT',
        `Unknown command ${command ?? '(none)'}; the command is render`,
      );
    }
    const baseDir = process.env.INIT_CWD ?? process.cwd();
    const request = parseRenderArguments(args, baseDir);
    const bytes = await readInput(request.input);

    const ds = parseDicom(bytes);
    const rendered = await renderFrame(
      ds,
      request.frameIndex,
      request.window ? { window: request.window } : {},
    );
    await writeFile(request.output, await encodePng(rendered));
    return 0;
  } catch (error) {
    const code =
      error instanceof AtriumError ? error.code : 'DCM_RENDER_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    console.error(`render: ${code}: ${message.replace(/\s+/g, ' ')}`);
    return error instanceof AtriumError && error.code === 'DCM_BAD_ARGUMENT'
      ? 2
      : 1;
  }
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw dicomError(
      'DCM_BAD_ARGUMENT',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

process.exitCode = await main(process.argv.slice(2));
