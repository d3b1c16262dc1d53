import type { Micros } from '../kernel/time.js';
import { forVariant } from '../scenario/for-variant.js';
import type { Scenario } from '../scenario/schema.js';
import { type UserCode, userCode } from '../run/user-code.js';
import type { Fault } from '../world/faults.js';
import type { ExecutedFault } from '../world/timeline.js';
import { runSeed } from './run-seed.js';
import { withFaults } from './swarm.js';
import type { SeedOutcome, ShrinkResult } from './types.js';

export interface ShrinkOptions extends UserCode {
  variant: string;
  seed: number;
  /** The check that must still fail. */
  check: string;
  /** The plan that failed: the seed's swarm plan, or the scenario's own faults. */
  faults: readonly Fault[];
  /** Bound on runs, the confirming run included. */
  maxRuns?: number;
}

export const DEFAULT_SHRINK_RUNS = 200;
/** Steps of one bisection: a value within 1/256 of its range is small enough to read. */
const BISECT_STEPS = 8;
const MS: Micros = 1000;

class OutOfRuns extends Error {}

/**
 * Shrinks a failing fault plan to a smaller one on which the same check still fails, with the
 * same variant and seed: delta debugging over the faults (drop halves, quarters, ... single
 * faults), then each remaining fault made milder one field at a time (shorter, lower loss rate,
 * smaller clock step, later). Every candidate is a real run; only failing candidates are kept, so
 * the result always fails. Deterministic (it runs a deterministic simulator in a fixed order)
 * and bounded by `maxRuns`. Pure.
 */
export function shrinkFaults(file: Scenario, o: ShrinkOptions): ShrinkResult {
  // The variant's own faults, if it has any, are what it runs: `o.faults` stands for them here.
  const scenario = forVariant(file, o.variant);
  const maxRuns = o.maxRuns ?? DEFAULT_SHRINK_RUNS;
  let runs = 0;
  const seen = new Map<string, SeedOutcome | undefined>();
  let last: SeedOutcome | undefined;
  /** The outcome when `faults` still fails the check, else undefined. */
  const failing = (faults: readonly Fault[]): SeedOutcome | undefined => {
    const key = JSON.stringify(faults);
    if (seen.has(key)) return seen.get(key);
    if (runs >= maxRuns) throw new OutOfRuns();
    runs++;
    const out = runSeed(withFaults(scenario, [...faults]), { variant: o.variant, seed: o.seed }, { ...userCode(o), faultTimeline: true });
    const fails = out.checks.some((c) => c.name === o.check && !c.ok) ? out : undefined;
    seen.set(key, fails);
    return fails;
  };

  let plan = [...o.faults];
  let exhausted = false;
  const first = maxRuns > 0 ? failing(plan) : undefined;
  if (first === undefined) return result(o, plan, runs, false, false, undefined);
  last = first;
  const accept = (candidate: Fault[]): boolean => {
    const out = failing(candidate);
    if (out === undefined) return false;
    plan = candidate;
    last = out;
    return true;
  };
  try {
    dropFaults(() => plan, accept);
    for (let i = 0; i < plan.length; i++) for (const knob of knobs(scenario, plan[i]!, last.faultTimeline?.[i])) bisectKnob(i, knob, () => plan, accept);
  } catch (e) {
    if (!(e instanceof OutOfRuns)) throw e;
    exhausted = true;
  }
  return result(o, plan, runs, true, exhausted, last);
}

function result(o: ShrinkOptions, faults: Fault[], runs: number, reproduced: boolean, exhausted: boolean, out: SeedOutcome | undefined): ShrinkResult {
  const check = out?.checks.find((c) => c.name === o.check);
  return { seed: o.seed, reproduced, faults, fromFaults: o.faults.length, runs, exhausted, digest: out?.digest ?? '', detail: check?.detail ?? '' };
}

/** ddmin's reduce-to-complement half: try without each chunk, chunks halving down to one fault. */
function dropFaults(plan: () => Fault[], accept: (c: Fault[]) => boolean): void {
  let size = plan().length;
  while (size >= 1) {
    let dropped = false;
    for (let start = 0; start < plan().length; start += size) {
      const p = plan();
      if (accept([...p.slice(0, start), ...p.slice(start + size)])) {
        dropped = true;
        break;
      }
    }
    if (!dropped) size = Math.floor(size / 2);
    else size = Math.min(size, plan().length);
  }
}

/** One field of one fault that can be made milder: its current value, the mildest value, and how to set it. */
interface Knob {
  from: number;
  to: number;
  quantum: number;
  set(f: Fault, v: number): Fault;
}

/** `executed`: the fault as the last failing run executed it, for how long it really lasted. */
function knobs(scenario: Scenario, f: Fault, executed: ExecutedFault | undefined): Knob[] {
  const out: Knob[] = [];
  if ('duration' in f && f.duration !== undefined) out.push({ from: f.duration, to: MS, quantum: MS, set: (g, v) => ({ ...g, duration: v }) as Fault });
  if ((f.kind === 'loss' || f.kind === 'duplicate') && f.rate > 0)
    out.push({ from: f.rate, to: 0, quantum: 0.001, set: (g, v) => ({ ...g, rate: v }) as Fault });
  if (f.kind === 'clock-step' && f.by !== 0) out.push({ from: f.by, to: 0, quantum: MS, set: (g, v) => ({ ...g, by: v }) as Fault });
  // Later is milder: less of the run is spent under the fault. The end stays inside the run.
  const lastedUs = executed?.startUs !== undefined && executed.endUs !== undefined ? executed.endUs - executed.startUs : 0;
  out.push({ from: f.at, to: Math.max(f.at, scenario.duration - lastedUs), quantum: MS, set: (g, v) => ({ ...g, at: v }) });
  return out.filter((k) => k.from !== k.to);
}

/**
 * Moves one knob of fault i from its value toward its mildest value as far as the failure
 * allows: the mildest value itself first, then bisection between the last failing and the first
 * passing value. Only failing candidates are accepted, so the plan keeps failing.
 */
function bisectKnob(i: number, knob: Knob, plan: () => Fault[], accept: (c: Fault[]) => boolean): void {
  const withValue = (v: number) => plan().map((f, j) => (j === i ? knob.set(f, v) : f));
  // Dividing by 1/q keeps fractions like 0.123 exact where multiplying by 0.001 would not.
  const round = (v: number) => Math.round(v / knob.quantum) / (1 / knob.quantum);
  let good = knob.from;
  let bad = knob.to;
  if (accept(withValue(bad))) return;
  for (let step = 0; step < BISECT_STEPS && Math.abs(good - bad) > knob.quantum; step++) {
    const mid = round((good + bad) / 2);
    if (mid === good || mid === bad) break;
    if (accept(withValue(mid))) good = mid;
    else bad = mid;
  }
}
