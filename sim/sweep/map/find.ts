import type { FindProbe, FindVariant } from './types.js';
import { type Quantity, quantityOf, rangeQuantum } from './values.js';

/** Bisection steps after the two ends, unless --steps says otherwise: the interval shrinks to 1/64 of --between. */
export const DEFAULT_FIND_STEPS = 6;
export const MAX_FIND_STEPS = 30;

export interface FindPlan {
  from: Quantity;
  to: Quantity;
  level: number;
  steps: number;
  variants: readonly string[];
}

/** Runs one probe per variant (the value to set, as raw text) and says the pass fraction there and the runs spent. */
export type Evaluate = (probes: readonly { variant: string; raw: string | number }[]) => Promise<{ fraction: number | null; runs: number }[] | null>;

const holds = (p: FindProbe, level: number) => p.fraction !== null && p.fraction >= level;

/**
 * --find: bisects one parameter, per variant, for where the pass fraction crosses the level.
 * Both ends of --between first; if they are on the same side there is no crossing to narrow.
 * Then the midpoint (rounded as the ends are written: whole ms, whole numbers) replaces the end on
 * its side, `steps` times or until the interval cannot be split. Variants are probed together,
 * one batch a step. A null from `evaluate` (interrupted) stops with what was found so far.
 * Assumes one crossing in the interval: with several, it finds one of them.
 */
export async function bisect(plan: FindPlan, evaluate: Evaluate): Promise<{ variants: FindVariant[]; interrupted: boolean }> {
  const { from, to, level } = plan;
  const quantum = rangeQuantum(from, to);
  const round = (v: number) => (quantum > 0 ? Math.round(v / quantum) * quantum : Math.round(v * 1e6) / 1e6);
  const state = plan.variants.map((variant) => ({
    variant,
    probes: [] as FindProbe[],
    runs: 0,
    lo: undefined as FindProbe | undefined,
    hi: undefined as FindProbe | undefined,
    done: false,
  }));
  const probeAll = async (values: Map<string, Quantity>): Promise<boolean> => {
    const asked = state.filter((s) => values.has(s.variant));
    if (asked.length === 0) return true;
    const r = await evaluate(asked.map((s) => ({ variant: s.variant, raw: values.get(s.variant)!.raw })));
    if (r === null) return false;
    asked.forEach((s, i) => {
      const q = values.get(s.variant)!;
      const probe = { raw: q.raw, value: q.value, fraction: r[i]!.fraction, runs: r[i]!.runs };
      s.probes.push(probe);
      s.runs += probe.runs;
    });
    return true;
  };
  let interrupted = !(await probeAll(new Map(state.map((s) => [s.variant, from]))));
  if (!interrupted) interrupted = !(await probeAll(new Map(state.map((s) => [s.variant, to]))));
  for (const s of state) {
    s.lo = s.probes[0];
    s.hi = s.probes[1];
    s.done = s.lo === undefined || s.hi === undefined || holds(s.lo, level) === holds(s.hi, level);
  }
  for (let step = 0; step < plan.steps && !interrupted; step++) {
    const next = new Map<string, Quantity>();
    for (const s of state) {
      if (s.done) continue;
      const mid = round((s.lo!.value + s.hi!.value) / 2);
      if (mid === s.lo!.value || mid === s.hi!.value) s.done = true;
      else next.set(s.variant, quantityOf(from.kind, mid, from.unit));
    }
    if (next.size === 0) break;
    interrupted = !(await probeAll(next));
    for (const s of state) {
      if (!next.has(s.variant) || interrupted) continue;
      const m = s.probes[s.probes.length - 1]!;
      if (holds(m, level) === holds(s.lo!, level)) s.lo = m;
      else s.hi = m;
    }
  }
  const variants = state.map((s): FindVariant => {
    const straddles = s.lo !== undefined && s.hi !== undefined && holds(s.lo, level) !== holds(s.hi, level);
    return {
      variant: s.variant,
      probes: s.probes,
      interval: straddles ? (holds(s.lo!, level) ? { holds: s.lo!, breaks: s.hi! } : { holds: s.hi!, breaks: s.lo! }) : null,
      runs: s.runs,
    };
  });
  return { variants, interrupted };
}
