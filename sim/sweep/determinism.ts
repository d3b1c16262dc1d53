import { TraceDigest } from '../kernel/digest.js';
import type { DeterminismReport, SeedOutcome, SweepJob } from './types.js';
import { byCodeUnits } from '../kernel/string-order.js';

/**
 * --check-determinism, as FoundationDB's harness does it: re-run a share of the runs and demand
 * the same digests. Which runs is decided by a hash of (variant, seed) alone, so it does not
 * depend on the worker count, the order of completion or the shard a seed fell in. The chosen
 * runs also compute the deep digest (payloads and values included), both times, so a
 * nondeterministic payload that does not change timing is caught too.
 */
export const DEFAULT_DETERMINISM_SHARE = 0.05;

/** Marks the jobs chosen for re-running (`deep: true`); without a share, the jobs as they are. */
export function withDeepDigests(jobs: readonly SweepJob[], share: number | undefined): SweepJob[] {
  return share === undefined ? [...jobs] : jobs.map((j) => (chosen(j, share) ? { ...j, deep: true } : j));
}

/** The jobs to run again: those `withDeepDigests` chose. */
export function determinismJobs(jobs: readonly SweepJob[]): SweepJob[] {
  return jobs.filter((j) => j.deep === true);
}

function chosen(j: SweepJob, share: number): boolean {
  if (share >= 1) return true;
  const d = new TraceDigest();
  d.addString(j.variant);
  d.add(j.seed);
  d.addString('determinism');
  return parseInt(d.hex().slice(0, 8), 16) / 0x1_0000_0000 < share;
}

/** Each re-run against its first run: digests (or both errors' messages) must be equal. */
export function compareReruns(firsts: readonly SeedOutcome[], reruns: readonly SeedOutcome[]): Omit<DeterminismReport, 'share'> {
  const key = (o: SeedOutcome) => `${o.variant}\u0000${o.seed}`;
  const first = new Map(firsts.map((o) => [key(o), o]));
  const mismatches: DeterminismReport['mismatches'] = [];
  let checked = 0;
  const sorted = reruns.slice().sort((a, b) => byCodeUnits(a.variant, b.variant) || a.seed - b.seed);
  for (const again of sorted) {
    const o = first.get(key(again));
    // A worker crash says nothing about the simulator, and an unfinished first run has nothing to compare.
    if (o === undefined || o.error?.kind === 'worker-crash' || again.error?.kind === 'worker-crash') continue;
    checked++;
    const a = fingerprint(o);
    const b = fingerprint(again);
    if (a !== b) mismatches.push({ variant: o.variant, seed: o.seed, digests: [a, b] });
  }
  return { checked, mismatches };
}

/** The deep digest where the run computed one (it covers the trace digest), else the trace digest. */
const fingerprint = (o: SeedOutcome): string => (o.error === undefined ? (o.deepDigest ?? o.digest) : `error: ${o.error.message}`);
