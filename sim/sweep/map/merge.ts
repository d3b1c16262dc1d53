import { mapCell, mapDigest } from './map.js';
import type { MapResult, MapRun } from './types.js';

export type MapMergeResult = { ok: true; result: MapResult } | { ok: false; index: number; message: string };

/**
 * Combines the shards of one map (`--shard K/N` over points × seeds) into the map the unsharded
 * run gives: each cell's runs are the union of its shards' runs, fractions and digest recomputed.
 * Refuses shards of different maps, repeated shards, missing ones and overlapping runs.
 */
export function mergeMaps(results: readonly MapResult[]): MapMergeResult {
  const first = results[0];
  if (first === undefined) return { ok: false, index: 0, message: 'nothing to merge' };
  const count = first.shard?.count ?? 1;
  const same = (r: MapResult) =>
    JSON.stringify([r.scenario, r.axes, r.seeds, r.variants, r.checks, r.level]) ===
    JSON.stringify([first.scenario, first.axes, first.seeds, first.variants, first.checks, first.level]);
  const seen = new Set<number>();
  for (const [i, r] of results.entries()) {
    if (r.scenario !== first.scenario) return { ok: false, index: i, message: `is a map of scenario '${r.scenario}', not '${first.scenario}'` };
    if (!same(r)) return { ok: false, index: i, message: 'is a map of other parameters, values, seeds, variants or checks than the first file' };
    if ((r.shard?.count ?? 1) !== count) return { ok: false, index: i, message: `is a shard of a split into ${r.shard?.count ?? 1}, not ${count}` };
    const k = r.shard?.index ?? 1;
    if (seen.has(k)) return { ok: false, index: i, message: `shard ${k}/${count} is given twice` };
    seen.add(k);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0)
    return {
      ok: false,
      index: results.length - 1,
      message: `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing: merge needs all ${count}`,
    };

  const points = first.points.map((p, pi) => ({
    at: p.at,
    values: p.values,
    cells: first.variants.map((variant, vi) => {
      const runs: MapRun[] = results.flatMap((r) => r.points[pi]?.cells[vi]?.runs ?? []);
      return mapCell(variant, runs, first.checks);
    }),
  }));
  for (const p of points)
    for (const c of p.cells) {
      const dup = c.runs.find((r, i) => i > 0 && c.runs[i - 1]!.seed === r.seed);
      if (dup !== undefined)
        return { ok: false, index: results.length - 1, message: `seed ${dup.seed} of one map point is in two shards: these are shards of different maps` };
    }
  return {
    ok: true,
    result: {
      ...first,
      shard: null,
      points,
      runsPlanned: results.reduce((n, r) => n + r.runsPlanned, 0),
      runsCompleted: results.reduce((n, r) => n + r.runsCompleted, 0),
      interrupted: results.some((r) => r.interrupted),
      digest: mapDigest(points),
    },
  };
}
