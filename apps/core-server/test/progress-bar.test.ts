import { describe, expect, it } from 'vitest';
import { formatProgressLine, ProgressBar } from '../src/import/progress-bar.js';

function makeStream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: { isTTY, columns: 60, write: (t: string) => writes.push(t) },
  };
}

describe('formatProgressLine', () => {
  it('is exactly as wide as asked, with counts and percentage', () => {
    const line = formatProgressLine(120, 240, '120.dcm', 60);
    expect(line).toHaveLength(60);
    expect(line).toContain(' 50% 120/240 120.dcm');
  });

  it('fills the bar in proportion', () => {
    const line = formatProgressLine(240, 240, '', 60);
    expect(line).toMatch(/^\[#+\] 100%/);
  });

  it('shortens a long label from the left', () => {
    const line = formatProgressLine(1, 2, 'x'.repeat(200) + 'end.dcm', 60);
    expect(line).toHaveLength(60);
    expect(line.trimEnd().endsWith('end.dcm')).toBe(true);
  });
});

describe('ProgressBar', () => {
  it('draws nothing when the stream is not a terminal', () => {
    const { writes, stream } = makeStream(false);
    const bar = new ProgressBar(stream);
    bar.update(1, 2);
    bar.update(2, 2);
    bar.finish();
    expect(writes).toEqual([]);
  });

  it('redraws in place on a terminal and clears the line at the end', () => {
    const { writes, stream } = makeStream(true);
    const bar = new ProgressBar(stream);
    bar.update(2, 2, 'last.dcm');
    bar.finish();
    expect(writes[0]?.startsWith('\r[')).toBe(true);
    expect(writes.at(-1)).toMatch(/^\r +\r$/);
  });
});
