import { readFileSync, rmSync, statSync } from 'node:fs';
import type { ShrinkResult, SweepResult } from '../../sim/sweep/types.js';

/**
 * Each shard of a sweep shrinks its own smallest failing seed and writes a regression file for it,
 * so the shards of one bug leave several files with the same shrunk plan (only the seed differs).
 * Merging keeps one file per distinct plan (the one of the smallest seed) and removes the others,
 * when they are still where the shards wrote them and are ours (a regression scenario faultline
 * wrote). Returns what it removed, kept file first, for the command to say.
 */
export function dedupeRegressions(shards: readonly SweepResult[]): { kept: string; removed: string[] }[] {
  const groups = new Map<string, ShrinkResult[]>();
  for (const r of shards)
    for (const v of r.variants)
      for (const c of v.checks) {
        const s = c.shrink;
        if (s?.written === undefined || !s.reproduced) continue;
        // Same variant, check and faults: the same bug, whichever seed found it.
        const key = JSON.stringify([v.variant, c.name, s.faults]);
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
  const out: { kept: string; removed: string[] }[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const [keep, ...rest] = list.slice().sort((a, b) => a.seed - b.seed);
    const removed = rest.map((s) => s.written!).filter((f) => f !== keep!.written && isOurRegression(f));
    for (const f of removed) rmSync(f, { force: true });
    if (removed.length > 0) out.push({ kept: keep!.written!, removed });
  }
  return out;
}

function isOurRegression(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    return readFileSync(file, 'utf8').includes('Shrunk by faultline sweep from');
  } catch {
    return false;
  }
}
