import { isAbsolute, resolve } from 'node:path';

import { dicomError } from './errors.js';

/** What `render <file> [--frame N] [--window C,W] --out <file.png>` asks for. */
export interface RenderCommand {
  readonly input: string;
  readonly output: string;
  /** 0-based frame index (the command line counts from 1, like dcm2pnm). */
  readonly frameIndex: number;
  readonly window: { center: number; width: number } | undefined;
}

/**
 * Parses the arguments after the word `render`. Relative paths are
 * resolved against `baseDir` (the folder the user ran the command from).
 */
export function parseRenderArguments(
  args: string[],
  baseDir: string,
): RenderCommand {
  let input: string | undefined;
  let output: string | undefined;
  let frame = 1;
  let window: RenderCommand['window'];

  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const next = (): string => {
      const value = args[index + 1];
      if (value === undefined)
        throw dicomError('DCM_BAD_ARGUMENT', `${arg} needs a value`);
      index += 1;
      return value;
    };

    if (arg === '--out' || arg === '-o') output = next();
    else if (arg === '--frame') frame = parseFrame(next());
    else if (arg === '--window') window = parseWindow(next());
    else if (arg.startsWith('-'))
      throw dicomError('DCM_BAD_ARGUMENT', `Unknown option ${arg}`);
    else if (input === undefined) input = arg;
    else throw dicomError('DCM_BAD_ARGUMENT', `Unexpected argument ${arg}`);
  }

  if (!input)
    throw dicomError(
      'DCM_BAD_ARGUMENT',
      'Usage: render <file> [--frame N] [--window C,W] --out <file.png>',
    );
  if (!output)
    throw dicomError('DCM_BAD_ARGUMENT', '--out <file.png> is required');
  return {
    input: resolvePath(input, baseDir),
    output: resolvePath(output, baseDir),
    frameIndex: frame - 1,
    window,
  };
}

function parseFrame(text: string): number {
  const frame = Number(text);
  if (!Number.isInteger(frame) || frame < 1) {
    throw dicomError(
      'DCM_BAD_ARGUMENT',
      `--frame expects a frame number from 1, got ${text}`,
    );
  }
  return frame;
}

function parseWindow(text: string): { center: number; width: number } {
  const [center, width, extra] = text
    .split(',')
    .map((part) => Number(part.trim()));
  if (
    extra !== undefined ||
    center === undefined ||
    width === undefined ||
    !Number.isFinite(center) ||
    !(width > 0)
  ) {
    throw dicomError(
      'DCM_BAD_ARGUMENT',
      `--window expects centre,width with width above 0, got ${text}`,
    );
  }
  return { center, width };
}

function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
