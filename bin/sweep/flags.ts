import { availableParallelism } from 'node:os';
import { DEFAULT_DETERMINISM_SHARE } from '../../sim/sweep/determinism.js';
import { UsageError } from '../errors.js';

/** The sweep's own flag syntaxes; a bad one is a usage error (exit 2). */

/** `--shard K/N`, 1 ≤ K ≤ N ≤ 1000. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > 1000 || index < 1 || index > count)
    throw new UsageError(`--shard: expected K/N with 1 ≤ K ≤ N ≤ 1000, like 2/4; found '${text}'`);
  return { index, count };
}

/** `--check-determinism` alone: 5%; `=10%` or `=0.1`: that share, above 0 and at most 100%. */
export function parseShare(text: string): number {
  const t = text.trim();
  if (t === '') return DEFAULT_DETERMINISM_SHARE;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const share = pct ? Number(pct[1]) / 100 : /^\d*\.?\d+$/.test(t) ? Number(t) : NaN;
  if (!(share > 0 && share <= 1)) throw new UsageError(`--check-determinism: expected a share like 5% or 0.05 (above 0, at most 100%); found '${text}'`);
  return share;
}

/** `--workers N`: 1 to 256; default one per available core. */
export function parseWorkers(n: number | undefined): number {
  if (n === undefined) return availableParallelism();
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers: expected a whole number from 1 to 256, found ${n}`);
  return n;
}
