/**
 * The process table as an administrator reads it: render workers carry
 * `render-worker` in their command line.
 */
import { execFileSync } from 'node:child_process';

/** Process ids of the render workers running on this machine. */
export function listRenderWorkers(): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter(
      (line) => line.includes('render-worker') && !/^\s*\d+\s+ps\b/.test(line),
    )
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}

/** Render workers now running that were not in `before`. */
export function newRenderWorkers(before: readonly number[]): number[] {
  const known = new Set(before);
  return listRenderWorkers().filter((pid) => !known.has(pid));
}
