import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RenderOptions } from '@atrium/protocol';
import type { Piscina } from 'piscina';
import type { Sharp, SharpOptions } from 'sharp';
import { workerError } from './errors.js';
import type {
  RenderTaskInput,
  RenderTaskOutput,
  RenderWindow,
} from './render-types.js';

export interface RenderPoolOptions {
  /** Most threads at once (default 2). */
  maxThreads?: number;
  /** Milliseconds an idle thread lives; the pool shrinks to zero (default 5000). */
  idleTimeoutMs?: number;
  /**
   * Frames of at most this many pixels are rendered on the main thread
   * (default 512 × 512). Measured here: windowing a 256² frame takes 0.15 ms
   * and a 512² one 0.5 ms, less than a trip to a pool thread and back, and
   * on two cores the pool's hops cut rendered frames per second by half.
   * Larger frames (CR, DX, mammography) go to the pool.
   */
  inlineMaxPixels?: number;
  /** Render every frame on the main thread (benchmark comparison). */
  inline?: boolean;
}

/** An encoded rendered frame. */
export interface EncodedImage {
  image: Uint8Array;
  width: number;
  height: number;
  window: RenderWindow;
}

type SharpFactory = (input: Buffer, options: SharpOptions) => Sharp;

/**
 * Renders frames to 8-bit images. Windowing and lookup of large frames run
 * on a piscina pool of compiled JavaScript (threads start on demand and end
 * when idle, so an idle worker holds none), of small frames on the main
 * thread (see inlineMaxPixels); encoding runs in sharp, whose work happens
 * on libuv's threads. Nothing heavy is loaded until the first frame is
 * rendered: sharp (libvips) alone costs tens of MiB resident.
 */
export class RenderPool {
  readonly #options: RenderPoolOptions;
  #pool: Promise<Piscina<RenderTaskInput, RenderTaskOutput>> | null = null;
  #inline: Promise<
    (input: RenderTaskInput) => Promise<RenderTaskOutput>
  > | null = null;
  #sharp: Promise<SharpFactory> | null = null;

  constructor(options: RenderPoolOptions = {}) {
    this.#options = options;
  }

  /** Windows, scales and encodes one frame. */
  async render(
    input: RenderTaskInput,
    options: RenderOptions,
  ): Promise<EncodedImage> {
    const display = await this.#runTask(input);
    return this.#encode(display, options);
  }

  /** Threads running now (0 when idle). */
  async threadCount(): Promise<number> {
    if (!this.#pool) return 0;
    return (await this.#pool).threads.length;
  }

  async close(): Promise<void> {
    const pool = await this.#pool?.catch(() => null);
    await pool?.close({ force: true });
    this.#pool = null;
  }

  async #runTask(input: RenderTaskInput): Promise<RenderTaskOutput> {
    const pixels = input.facts.rows * input.facts.columns;
    const inlineMax = this.#options.inlineMaxPixels ?? 512 * 512;
    if (this.#options.inline || pixels <= inlineMax) {
      this.#inline ??= import('./render-task.js').then((m) => m.default);
      return (await this.#inline)(input);
    }
    this.#pool ??= openPool(this.#options);
    return (await this.#pool).run(input);
  }

  async #encode(
    display: RenderTaskOutput,
    options: RenderOptions,
  ): Promise<EncodedImage> {
    this.#sharp ??= loadSharp();
    const sharp = await this.#sharp;
    const { rows, columns, channels, data } = display;
    let image = sharp(
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      {
        raw: { width: columns, height: rows, channels },
      },
    );

    const longest = Math.max(rows, columns);
    const maxSize = options.maxSize;
    if (maxSize && maxSize > 0 && longest > maxSize) {
      image = image.resize({
        width: columns >= rows ? Math.round(maxSize) : undefined,
        height: rows > columns ? Math.round(maxSize) : undefined,
      });
    }
    const quality = clampQuality(options.quality);
    // Huffman optimisation saves a few per cent of bytes for a third more
    // encoding time: not worth it for frames streamed on a LAN.
    if (options.format === 'jpeg') {
      image = image.jpeg({ quality, optimiseCoding: false });
    } else if (options.format === 'webp')
      image = image.webp({ quality, effort: 2 });
    else image = image.png({ compressionLevel: 1 });

    try {
      const { data: out, info } = await image.toBuffer({
        resolveWithObject: true,
      });
      return {
        image: out,
        width: info.width,
        height: info.height,
        window: display.window,
      };
    } catch (error) {
      throw workerError(
        'WRK_RENDER_FAILED',
        `The frame could not be encoded as ${options.format}: ${(error as Error).message}`,
      );
    }
  }
}

async function openPool(
  options: RenderPoolOptions,
): Promise<Piscina<RenderTaskInput, RenderTaskOutput>> {
  const { Piscina } = await import('piscina');
  return new Piscina<RenderTaskInput, RenderTaskOutput>({
    filename: findTaskFile(),
    minThreads: 0,
    maxThreads: options.maxThreads ?? 2,
    idleTimeout: options.idleTimeoutMs ?? 5000,
    // The task is plain JavaScript; threads need no TypeScript loader even
    // when the worker itself runs from sources.
    execArgv: [],
  });
}

/** The compiled task beside this module, or in dist/ when run from src/. */
function findTaskFile(): string {
  const here = import.meta.url;
  const candidates = here.endsWith('.js')
    ? [new URL('./render-task.js', here)]
    : [new URL('../dist/render-task.js', here)];
  const found = candidates.map((url) => fileURLToPath(url)).find(existsSync);
  if (!found) {
    throw workerError(
      'WRK_RENDER_FAILED',
      'The compiled render task is missing: build the render worker (npm run build)',
    );
  }
  return found;
}

async function loadSharp(): Promise<SharpFactory> {
  const { default: sharp } = await import('sharp');
  // Frames are encoded once each; sharp's operation cache only holds memory.
  sharp.cache(false);
  return sharp as unknown as SharpFactory;
}

function clampQuality(quality: number | undefined): number {
  if (quality === undefined || !Number.isFinite(quality)) return 90;
  return Math.min(100, Math.max(1, Math.round(quality)));
}
