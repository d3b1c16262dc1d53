import { cellStatus } from '../run/cell.js';
import { LISTED_ERRORS, LISTED_FAILURES } from './listed.js';
import { finishResult } from './aggregate.js';
import { addDigests, EMPTY_SWEEP_DIGEST } from './sweep-digest.js';
import type { CheckSweep, Interruption, SweepResult, VariantSweep } from './types.js';
import { byCodeUnits } from '../kernel/string-order.js';
import { shardSeeds } from './shard.js';

/** A refusal names the file at fault by its index, or none (`index` undefined: a shard is missing, no file is wrong). */
export type MergeResult = { ok: true; result: SweepResult } | { ok: false; index?: number; message: string };

/**
 * Combines the results of the N shards of one sweep into the result the unsharded sweep gives:
 * counts add up, listed failures are the first few in seed order (each shard listed its own
 * first few, which include the global ones), shrinking is the one done on the smallest failing
 * seed, digests add. Refuses shards of different sweeps, repeated shards and missing ones.
 */
export function mergeSweeps(results: readonly SweepResult[]): MergeResult {
  const first = results[0];
  if (first === undefined) return { ok: false, index: 0, message: 'nothing to merge' };
  const count = first.shard?.count ?? 1;
  const seen = new Set<number>();
  for (const [i, r] of results.entries()) {
    const problem = mismatch(first, r, count);
    if (problem) return { ok: false, index: i, message: problem };
    const k = r.shard?.index ?? 1;
    if (seen.has(k)) return { ok: false, index: i, message: `shard ${k}/${count} is given twice` };
    seen.add(k);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    const given = [...seen].sort((a, b) => a - b).map((k) => `${k}/${count}`);
    return {
      ok: false,
      message: `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: the files given are shard${given.length > 1 ? 's' : ''} ${given.join(', ')}, and merge needs all ${count}`,
    };
  }

  // Shards of one sweep partition one seed list: no seed twice, and each shard holds exactly
  // its share of the union (shards of `--seeds 1..400` and `--seeds 1..50` do not).
  const union = results.flatMap((r) => r.seeds);
  const seenSeeds = new Set<number>();
  const dup = union.find((seed) => seenSeeds.has(seed) || !seenSeeds.add(seed));
  if (dup !== undefined)
    return {
      ok: false,
      index: results.length - 1 - [...results].reverse().findIndex((r) => r.seeds.includes(dup)),
      message: `seed ${dup} is in two shards: these are shards of different seed lists`,
    };
  for (const [i, r] of results.entries()) {
    const want = shardSeeds(union, r.shard ?? { index: 1, count: 1 });
    if (want.length !== r.seeds.length || want.some((seed, j) => seed !== r.seeds[j])) {
      return {
        ok: false,
        index: i,
        message: `its seeds are not shard ${r.shard?.index ?? 1}/${count} of the seed list the shards cover together: shards of different --seeds?`,
      };
    }
  }

  const ordered = results.slice().sort((a, b) => (a.shard?.index ?? 1) - (b.shard?.index ?? 1));
  const determinism = first.determinism && {
    share: first.determinism.share,
    checked: sum(ordered, (r) => r.determinism?.checked ?? 0),
    mismatches: ordered.flatMap((r) => r.determinism?.mismatches ?? []).sort((a, b) => byCodeUnits(a.variant, b.variant) || a.seed - b.seed),
  };
  return {
    ok: true,
    result: finishResult({
      scenario: first.scenario,
      seeds: ordered.flatMap((r) => r.seeds).sort((a, b) => a - b),
      shard: null,
      swarm: first.swarm,
      variants: first.variants.map((v, vi) =>
        mergeVariant(
          v.variant,
          ordered.map((r) => r.variants[vi]!),
        ),
      ),
      runsPlanned: sum(ordered, (r) => r.runsPlanned),
      runsCompleted: sum(ordered, (r) => r.runsCompleted),
      interrupted: ordered.some((r) => r.interrupted),
      ...(ordered.some((r) => r.interrupted) ? { interruption: mergeInterruptions(ordered) } : {}),
      stoppedEarly: ordered.some((r) => r.stoppedEarly),
      determinism,
      digest: ordered.reduce((d, r) => addDigests(d, r.digest), EMPTY_SWEEP_DIGEST),
      ok: false,
    }),
  };
}

function mismatch(a: SweepResult, b: SweepResult, count: number): string | undefined {
  if (b.scenario !== a.scenario) return `is a sweep of scenario '${b.scenario}', not '${a.scenario}'`;
  if ((b.shard?.count ?? 1) !== count)
    return `is shard ${b.shard ? `${b.shard.index}/${b.shard.count}` : '(none)'} of a split into ${b.shard?.count ?? 1}, not ${count}`;
  if (b.swarm !== a.swarm) return `was run ${b.swarm ? 'with' : 'without'} --swarm, unlike the first file`;
  const names = (r: SweepResult) => r.variants.map((v) => v.variant).join(', ');
  if (names(b) !== names(a)) return `covers variants ${names(b)}, not ${names(a)}`;
  if ((b.determinism?.share ?? null) !== (a.determinism?.share ?? null)) return 'was run with another --check-determinism share';
  return undefined;
}

function mergeVariant(variant: string, parts: readonly VariantSweep[]): VariantSweep {
  const checks = parts[0]!.checks.map((c) => c.name);
  for (const p of parts) for (const c of p.checks) if (!checks.includes(c.name)) checks.push(c.name);
  return {
    variant,
    runs: sum(parts, (p) => p.runs),
    seedsPassed: sum(parts, (p) => p.seedsPassed),
    checks: checks.map((name) =>
      mergeCheck(
        parts.flatMap((p) => p.checks.filter((c) => c.name === name)),
        parts,
      ),
    ),
    errorCount: sum(parts, (p) => p.errorCount),
    errors: parts
      .flatMap((p) => p.errors)
      .sort((a, b) => a.seed - b.seed)
      .slice(0, LISTED_ERRORS),
  };
}

/** A check missing from a shard (event-budget, added by a run) passed on every run of that shard that finished. */
function mergeCheck(cells: readonly CheckSweep[], parts: readonly VariantSweep[]): CheckSweep {
  const c = cells[0]!;
  const failed = sum(cells, (x) => x.failed);
  const finished = sum(parts, (p) => p.runs - p.errorCount);
  const shrunk = cells.filter((x) => x.shrink !== undefined).sort((a, b) => a.shrink!.seed - b.shrink!.seed)[0]?.shrink;
  return {
    name: c.name,
    kind: c.kind,
    passed: finished - failed,
    failed,
    ...(c.expected ? { expected: c.expected } : {}),
    status: cellStatus(c.expected, failed),
    failures: cells
      .flatMap((x) => x.failures)
      .sort((a, b) => a.seed - b.seed)
      .slice(0, LISTED_FAILURES),
    ...(shrunk ? { shrink: shrunk } : {}),
  };
}

const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((n, x) => n + f(x), 0);

/** The shards' interruptions as one: a shard that was not interrupted finished every seed it had. */
function mergeInterruptions(shards: readonly SweepResult[]): Interruption {
  const finishedOf = (r: SweepResult, variant: string) => r.interruption?.finished.find((f) => f.variant === variant)?.seeds ?? (r.interrupted ? [] : r.seeds);
  return {
    finished: shards[0]!.variants.map(({ variant }) => ({ variant, seeds: shards.flatMap((r) => finishedOf(r, variant)).sort((a, b) => a - b) })),
    droppedInFlight: sum(shards, (r) => r.interruption?.droppedInFlight ?? 0),
    notStarted: sum(shards, (r) => r.interruption?.notStarted ?? 0),
  };
}
