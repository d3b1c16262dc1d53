import type { Scenario } from '../../scenario/schema.js';
import type { UserCode } from '../../run/user-code.js';
import { checkNames } from '../../scenario/schema.js';
import { runSeed } from '../run-seed.js';
import { addDigests, EMPTY_SWEEP_DIGEST, runHash } from '../sweep-digest.js';
import type { SeedOutcome, SweepJob } from '../types.js';
import type { MapAxis, MapCell, MapPoint, MapResult, MapRun } from './types.js';

/** The pass fraction a boundary is drawn at unless a map says otherwise. */
export const DEFAULT_MAP_LEVEL = 0.5;

/**
 * A map's jobs: every (point, seed) pair, point by point, each run by every variant. `--shard K/N`
 * takes every N-th pair, starting at the K-th, so the N shards partition points × seeds exactly.
 */
export function mapJobs(points: number, seeds: readonly number[], variants: readonly string[], shard: { index: number; count: number } | null): SweepJob[] {
  const jobs: SweepJob[] = [];
  let pair = 0;
  for (let point = 0; point < points; point++)
    for (const seed of seeds) {
      if (shard === null || pair % shard.count === shard.index - 1) for (const variant of variants) jobs.push({ variant, seed, point });
      pair++;
    }
  return jobs;
}

export interface MapMeta {
  scenario: string;
  axes: MapAxis[];
  points: MapPoint[];
  seeds: readonly number[];
  shard: { index: number; count: number } | null;
  variants: readonly string[];
  checks: readonly string[];
  level: number;
  runsPlanned: number;
  interrupted: boolean;
}

/** What a map keeps of one run: the chosen checks that failed (all of them when it threw). */
export function mapRun(o: SeedOutcome, checks: readonly string[]): MapRun {
  if (o.error !== undefined) return { seed: o.seed, digest: '', failed: [...checks], error: o.error.message };
  return { seed: o.seed, digest: o.digest, failed: checks.filter((c) => o.checks.some((v) => v.name === c && !v.ok)) };
}

/** Folds finished runs (each with its job) into the map result, in point, variant, seed order: the same for any worker count. Pure. */
export function aggregateMap(meta: MapMeta, finished: readonly { job: SweepJob; outcome: SeedOutcome }[]): MapResult {
  const runs = new Map<string, MapRun[]>();
  for (const { job, outcome } of finished) {
    const key = `${job.point ?? 0}\u0000${job.variant}`;
    const list = runs.get(key) ?? [];
    list.push(mapRun(outcome, meta.checks));
    runs.set(key, list);
  }
  const points = meta.points.map((p, i) => ({
    ...p,
    cells: meta.variants.map((variant) => mapCell(variant, runs.get(`${i}\u0000${variant}`) ?? [], meta.checks)),
  }));
  return {
    scenario: meta.scenario,
    axes: meta.axes,
    seeds: [...meta.seeds],
    shard: meta.shard,
    variants: [...meta.variants],
    checks: [...meta.checks],
    level: meta.level,
    points,
    runsPlanned: meta.runsPlanned,
    runsCompleted: finished.length,
    interrupted: meta.interrupted,
    digest: mapDigest(points),
  };
}

/** A cell from its runs (sorted here): the fractions are derived, so a merge recomputes them the same way. */
export function mapCell(variant: string, runs: readonly MapRun[], checks: readonly string[]): MapCell {
  const sorted = runs.slice().sort((a, b) => a.seed - b.seed);
  const n = sorted.length;
  const share = (held: number) => (n === 0 ? null : Math.round((held / n) * 1e6) / 1e6);
  return {
    variant,
    runs: sorted,
    passFraction: Object.fromEntries(checks.map((c) => [c, share(sorted.filter((r) => !r.failed.includes(c)).length)])),
    allFraction: share(sorted.filter((r) => r.failed.length === 0).length),
  };
}

export function mapDigest(points: readonly { cells: readonly MapCell[] }[]): string {
  let d = EMPTY_SWEEP_DIGEST;
  points.forEach((p, i) => {
    for (const c of p.cells) for (const r of c.runs) if (r.error === undefined) d = addDigests(d, runHash(`${c.variant}@${i}`, r.seed, r.digest));
  });
  return d;
}

/** The checks a map reports: those named (each must exist), else every check of the scenario. */
export function mapChecks(
  scenario: Scenario,
  named: readonly string[] | undefined,
): { ok: true; checks: string[] } | { ok: false; name: string; known: string[] } {
  const known = checkNames(scenario);
  if (named === undefined || named.length === 0) return { ok: true, checks: known };
  const bad = named.find((n) => !known.includes(n));
  return bad === undefined ? { ok: true, checks: [...new Set(named)] } : { ok: false, name: bad, known };
}

export interface MapOptions extends UserCode {
  seeds: readonly number[];
  variants?: readonly string[];
  checks?: readonly string[];
  level?: number;
  shard?: { index: number; count: number };
}

/**
 * A map in this thread, from each point's scenario (built by the caller with `pointScenario`):
 * the test API and the reference the CLI's worker pool must equal. Pure and synchronous.
 */
export function runMap(base: Scenario, axes: MapAxis[], points: readonly { point: MapPoint; scenario: Scenario }[], o: MapOptions): MapResult {
  const variants = o.variants ?? Object.keys(base.variants);
  const checks = mapChecks(base, o.checks);
  if (!checks.ok) throw new Error(`scenario '${base.name}' has no check '${checks.name}' (checks: ${checks.known.join(', ')})`);
  const seeds = [...new Set(o.seeds)].sort((a, b) => a - b);
  const jobs = mapJobs(points.length, seeds, variants, o.shard ?? null);
  const finished = jobs.map((job) => ({ job, outcome: runSeed(points[job.point!]!.scenario, job, o) }));
  return aggregateMap(
    {
      scenario: base.name,
      axes,
      points: points.map((p) => p.point),
      seeds,
      shard: o.shard ?? null,
      variants,
      checks: checks.checks,
      level: o.level ?? DEFAULT_MAP_LEVEL,
      runsPlanned: jobs.length,
      interrupted: false,
    },
    finished,
  );
}

/** The fraction shown for a cell: one check's, or (several checks chosen) the share of runs on which all held. */
export function cellFraction(c: MapCell, check: string | null): number | null {
  return check === null ? c.allFraction : (c.passFraction[check] ?? null);
}
