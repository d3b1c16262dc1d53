import { formatMicros, type Micros } from '../sim/kernel/time.js';

/** Small shared wording for text reports. */

/** `t=12.004s`: a moment of virtual (true) time. */
export const at = (us: Micros): string => `t=${formatMicros(us)}`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Left-aligned columns, each as wide as its widest cell (ignoring colour codes). */
export function columns(rows: string[][], gap = '  '): string[] {
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell))))
      .join(gap)
      .trimEnd(),
  );
}

/** Sorted seeds in `--seeds` syntax, runs collapsed: `1..100,200,202..205` (parseSeeds reads it back). */
export function formatSeedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j > i ? `${seeds[i]}..${seeds[j]}` : String(seeds[i]));
    i = j + 1;
  }
  return parts.join(',');
}
