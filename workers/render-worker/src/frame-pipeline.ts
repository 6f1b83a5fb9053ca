import type { Logger } from '@atrium/log';
import {
  AtriumError,
  encodePixelFrame,
  encodeRenderedFrame,
  type FrameRef,
  type FrameRequest,
  type PixelFrame,
  type RenderOptions,
  type WireError,
  writeWebFrameRequestId,
} from '@atrium/protocol';
import { FrameCache, frameKey } from './frame-cache.js';
import type { RenderPool } from './render-pool.js';

/** Where pixel frames come from (the Core Server's GetFrame). */
export interface PixelSource {
  getFrame(sopInstanceUid: string, frameIndex: number): Promise<PixelFrame>;
}

export interface FramePipelineOptions {
  source: PixelSource;
  pool: RenderPool;
  /** Decoded pixel frames. */
  cache: FrameCache<PixelFrame>;
  /**
   * Rendered frames as sent, by frame and rendering options: cine loops and
   * thumbnails ask for the same images again.
   */
  renderedCache: FrameCache<Uint8Array>;
  /** Writes one binary web frame towards the browser. */
  send: (bytes: Uint8Array) => void;
  /** Reports the failure of one request. */
  fail: (requestId: number, error: WireError) => void;
  log: Logger;
  /**
   * Whether the link to the service holds too many unsent bytes; no new
   * request or prefetch starts then, until resume() is called.
   */
  congested?: () => boolean;
  /** Requests worked on at once (default 16). */
  concurrency?: number;
}

/**
 * Answers frame requests in the order they came, a few at a time: pixel
 * frames from the cache or the Core Server, rendered frames through the
 * render pool. Prefetching fills the cache with the frames the viewer will
 * want next, but only while no request waits. A request cancelled before
 * it is sent is dropped.
 */
export class FramePipeline {
  readonly #options: FramePipelineOptions;
  readonly #queue: FrameRequest[] = [];
  readonly #cancelled = new Set<number>();
  readonly #inFlight = new Map<string, Promise<PixelFrame>>();
  #prefetch: FrameRef[] = [];
  #active = 0;
  #prefetching = 0;

  constructor(options: FramePipelineOptions) {
    this.#options = options;
  }

  /** Requests waiting or being worked on. */
  get pending(): number {
    return this.#queue.length + this.#active;
  }

  /** Queues frame requests. */
  request(requests: FrameRequest[]): void {
    for (const request of requests) {
      this.#cancelled.delete(request.requestId);
      this.#queue.push(request);
    }
    this.#pump();
  }

  /** Drops requests that have not been sent yet. */
  cancel(requestIds: number[]): void {
    const ids = new Set(requestIds);
    for (let i = this.#queue.length - 1; i >= 0; i -= 1) {
      if (ids.has(this.#queue[i]!.requestId)) this.#queue.splice(i, 1);
    }
    // Those already being worked on are skipped when they finish.
    for (const id of ids) this.#cancelled.add(id);
  }

  /** Replaces the prefetch plan (nearest first). */
  prefetch(refs: FrameRef[]): void {
    const { cache } = this.#options;
    this.#prefetch = refs.filter(
      (ref) => !cache.has(frameKey(ref.sopInstanceUid, ref.frameIndex)),
    );
    this.#pump();
  }

  /** A pixel frame from the cache, a fetch under way, or the Core Server. */
  pixelFrame(sopInstanceUid: string, frameIndex: number): Promise<PixelFrame> {
    const key = frameKey(sopInstanceUid, frameIndex);
    const cached = this.#options.cache.get(key);
    if (cached) return Promise.resolve(cached);

    let fetch = this.#inFlight.get(key);
    if (!fetch) {
      fetch = this.#options.source.getFrame(sopInstanceUid, frameIndex);
      this.#inFlight.set(key, fetch);
      fetch
        .then(
          (frame) => this.#options.cache.set(key, frame),
          () => undefined,
        )
        .finally(() => this.#inFlight.delete(key));
    }
    return fetch;
  }

  /** Starts work again once the link has room (see `congested`). */
  resume(): void {
    this.#pump();
  }

  #pump(): void {
    if (this.#options.congested?.()) return;
    const limit = this.#options.concurrency ?? 16;
    while (this.#active < limit && this.#queue.length > 0) {
      const request = this.#queue.shift()!;
      this.#active += 1;
      void this.#answer(request).finally(() => {
        this.#active -= 1;
        this.#pump();
      });
    }
    // Prefetch uses what requests leave, and at most a quarter of it, so a
    // request waits behind few prefetches at the Core Server.
    while (
      this.#queue.length === 0 &&
      this.#active + this.#prefetching < limit &&
      this.#prefetching < Math.max(1, limit / 4) &&
      this.#prefetch.length > 0
    ) {
      const ref = this.#prefetch.shift()!;
      this.#prefetching += 1;
      void this.pixelFrame(ref.sopInstanceUid, ref.frameIndex)
        .catch(() => undefined)
        .finally(() => {
          this.#prefetching -= 1;
          this.#pump();
        });
    }
  }

  async #answer(request: FrameRequest): Promise<void> {
    const { requestId } = request;
    try {
      const bytes = await this.#build(request);
      if (this.#cancelled.delete(requestId)) return;
      this.#options.send(bytes);
    } catch (error) {
      if (this.#cancelled.delete(requestId)) return;
      this.#options.fail(requestId, toWire(error));
    }
  }

  async #build(request: FrameRequest): Promise<Uint8Array> {
    const frame = await this.pixelFrame(
      request.sopInstanceUid,
      request.frameIndex,
    );
    if (request.kind === 'pixel') {
      return encodePixelFrame(request.requestId, frame.facts, frame.samples);
    }

    const render = request.render ?? { format: 'jpeg' as const };
    const renderedKey = renderedFrameKey(request, render);
    const rendered = this.#options.renderedCache.get(renderedKey);
    if (rendered) {
      const copy = rendered.slice();
      writeWebFrameRequestId(copy, request.requestId);
      return copy;
    }

    const window =
      render.windowCentre !== undefined &&
      render.windowWidth !== undefined &&
      render.windowWidth > 0
        ? { center: render.windowCentre, width: render.windowWidth }
        : null;
    const encoded = await this.#options.pool.render(
      { facts: frame.facts, samples: frame.samples, window },
      render,
    );
    const bytes = encodeRenderedFrame(
      request.requestId,
      {
        ...frame.facts,
        format: render.format,
        width: encoded.width,
        height: encoded.height,
        windowCentre: encoded.window.center,
        windowWidth: encoded.window.width,
      },
      encoded.image,
    );
    this.#options.renderedCache.set(renderedKey, bytes.slice());
    return bytes;
  }
}

/** The rendered cache's key: the frame and every option that shapes it. */
export function renderedFrameKey(
  ref: { sopInstanceUid: string; frameIndex: number },
  render: RenderOptions,
): string {
  return [
    frameKey(ref.sopInstanceUid, ref.frameIndex),
    render.format,
    render.quality,
    render.maxSize,
    render.windowCentre,
    render.windowWidth,
  ].join('|');
}

function toWire(error: unknown): WireError {
  if (error instanceof AtriumError) return error.toWire();
  return {
    code: 'WRK_RENDER_FAILED',
    message: error instanceof Error ? error.message : String(error),
  };
}
