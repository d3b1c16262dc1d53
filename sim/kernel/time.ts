/**
 * Virtual time. Always an integer count of microseconds since the start of the run, never a
 * float accumulated step by step, so every machine computes the same instants.
 */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;

export const ms = (n: number): Micros => Math.round(n * MICROS_PER_MS);
export const seconds = (n: number): Micros => Math.round(n * MICROS_PER_SECOND);

/** `12.004s`, `250ms`, `17us`: the shortest exact-enough form, for traces and narration. */
export function formatMicros(t: Micros): string {
  const sign = t < 0 ? '-' : '';
  const a = Math.abs(t);
  if (a >= MICROS_PER_SECOND) return `${sign}${trimZeros((a / MICROS_PER_SECOND).toFixed(3))}s`;
  if (a >= MICROS_PER_MS) return `${sign}${trimZeros((a / MICROS_PER_MS).toFixed(3))}ms`;
  return `${sign}${a}us`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
