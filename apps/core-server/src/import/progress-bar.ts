/** Where a progress bar draws; process.stderr in the import command. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

/**
 * A one-line text progress bar, redrawn in place with a carriage return.
 * It draws only on a terminal, so logs and pipes never fill with bar
 * frames, and at most ten times a second.
 */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #enabled: boolean;
  #lastDraw = 0;
  #drawn = false;

  constructor(stream: ProgressStream) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
  }

  /** Shows `done` of `total` with a short label; skips redraws too soon after the last. */
  update(done: number, total: number, label = ''): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (done < total && now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;

    this.#stream.write(
      `\r${formatProgressLine(done, total, label, this.#width())}`,
    );
    this.#drawn = true;
  }

  /** Clears the bar so the next output starts on a clean line. */
  finish(): void {
    if (!this.#enabled || !this.#drawn) return;
    this.#stream.write(`\r${' '.repeat(this.#width())}\r`);
    this.#drawn = false;
  }

  #width(): number {
    return Math.max(40, (this.#stream.columns ?? 80) - 1);
  }
}

/** The text of one bar frame, exactly `width` characters wide. */
export function formatProgressLine(
  done: number,
  total: number,
  label: string,
  width: number,
): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const counts = `${done}/${total}`;
  const barWidth = Math.max(10, Math.min(30, width - counts.length - 30));
  const filled = Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;

  const head = `${bar} ${percent} ${counts} `;
  const room = Math.max(0, width - head.length);
  let tail = label;
  if (room === 0) tail = '';
  else if (label.length > room) tail = `…${label.slice(-(room - 1))}`;
  return `${head}${tail}`.padEnd(width).slice(0, width);
}
