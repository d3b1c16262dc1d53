import { UsageError } from './errors.js';

/** Bounds a sweep: a typo like `1..1000000000` should not run for a week. */
export const MAX_SEEDS = 100_000;
/** A sharded sweep's whole seed list: at most MAX_SEEDS a shard, and at most this in all. */
export const MAX_SHARDED_SEEDS = 10_000_000;

/**
 * `--seeds` syntax: `7`, `1..50`, `1,4,9`, or a mix (`1..10,42`). Seeds are whole numbers of
 * zero or more; the result is sorted, without repeats, and at most `max` seeds (a sharded sweep
 * allows more: see MAX_SHARDED_SEEDS).
 */
export function parseSeeds(text: string, max = MAX_SEEDS): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(p);
    if (range) {
      const from = seed(range[1]!);
      const to = seed(range[2]!);
      if (from > to) throw new UsageError(`--seeds: the range '${p}' runs backwards; write ${to}..${from}`);
      if (to - from + 1 + out.size > max) throw tooMany(max);
      for (let s = from; s <= to; s++) out.add(s);
    } else if (/^\d+$/.test(p)) {
      out.add(seed(p));
    } else {
      throw new UsageError(`--seeds: '${p || text}' is not a seed, a range or a list; write e.g. 1..50, 7 or 1,4,9`);
    }
  }
  if (out.size > max) throw tooMany(max);
  return [...out].sort((a, b) => a - b);
}

function tooMany(max: number): UsageError {
  return new UsageError(
    max === MAX_SEEDS
      ? `--seeds: more than ${MAX_SEEDS} seeds (split a bigger sweep with --shard: up to ${MAX_SEEDS} a shard)`
      : `--seeds: more than ${max} seeds for this shard split (at most ${MAX_SEEDS} a shard, ${MAX_SHARDED_SEEDS} in all)`,
  );
}

function seed(digits: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--seeds: ${digits} is too large for a seed`);
  return n;
}

/** `--seed`: one whole number of zero or more. */
export function parseSeed(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new UsageError(`--seed: expected a whole number of zero or more, found '${text}'`);
  return seed(t);
}
