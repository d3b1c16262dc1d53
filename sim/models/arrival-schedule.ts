import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { duration, ratePerSecond } from '../units/human-units.js';

/**
 * An arrival rate that changes over time: `schedule: [{ until: 20s, rate: 280/s }, { until: 40s,
 * ramp: 100/s }, { rate: 100/s }]`. Each step holds from the previous step's `until` (0 for the
 * first) to its own: a `rate` step at that rate, a `ramp` step going linearly from the rate the
 * previous step ended at (0 before the first) to its value. A last step without `until` lasts to
 * the end of the run; after a last `until`, the rate is 0.
 *
 * Arrivals follow the cumulative count Λ(t) = ∫ rate: a `constant` process issues its k-th
 * request where Λ has grown by k since `from`, a `poisson` one where it has grown by a sum of
 * exponential draws (time rescaling: an exact inhomogeneous Poisson process, one draw a request).
 * Both are computed exactly per piece (linear rate: Λ quadratic), never by stepping time.
 */

/** A rate in a schedule: a rate like `10/s`, or 0 (a pause in the load). */
const scheduleRate = z.union([z.string(), z.number()], { error: "expected a rate like '10/s', or 0" }).transform((raw, ctx): number => {
  if (raw === 0 || (typeof raw === 'string' && /^\s*0+(?:\.0+)?\s*(?:\/\s*(?:ms|s|m|h)\s*)?$/.test(raw))) return 0;
  const r = ratePerSecond.safeParse(raw);
  if (r.success) return r.data;
  for (const is of r.error.issues) ctx.addIssue({ code: 'custom', message: is.message, input: raw });
  return z.NEVER;
});

export const MAX_SCHEDULE_STEPS = 1000;

const stepSchema = z
  .strictObject({
    /** True time this step ends (from the start of the run); the last step may leave it out. */
    until: duration.optional(),
    /** Hold this rate for the step. */
    rate: scheduleRate.optional(),
    /** Go linearly from the previous step's rate to this one over the step. */
    ramp: scheduleRate.optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.rate === undefined) === (s.ramp === undefined))
      ctx.addIssue({ code: 'custom', message: 'expected a step with either `rate` (hold it) or `ramp` (go linearly to it), not both or neither' });
  });

export const scheduleSchema = z
  .array(stepSchema)
  .min(1)
  .max(MAX_SCHEDULE_STEPS)
  .superRefine((steps, ctx) => {
    let last = -1;
    steps.forEach((s, i) => {
      const isLast = i === steps.length - 1;
      if (s.until === undefined) {
        if (!isLast) ctx.addIssue({ code: 'custom', path: [i], message: 'only the last step may leave out `until` (it then lasts to the end of the run)' });
        else if (s.ramp !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'until'], message: 'a ramp needs an `until`: the time it reaches its rate' });
        return;
      }
      if (s.until <= last) ctx.addIssue({ code: 'custom', path: [i, 'until'], message: "expected each step's `until` to be later than the step before's" });
      last = Math.max(last, s.until);
    });
    if (steps.every((s) => (s.rate ?? s.ramp) === 0))
      ctx.addIssue({ code: 'custom', message: 'every step has rate 0: the schedule would never issue a request' });
  });

export type ScheduleStep = z.output<typeof stepSchema>;

/** One piece of the rate: linear from `r0` at `t0` to `r1` at `t1` (per second; `t1` may be Infinity, then r0 = r1). */
interface Piece {
  t0: Micros;
  t1: Micros;
  r0: number;
  r1: number;
  /** Λ at t0. */
  mass0: number;
}

export class RateSchedule {
  private readonly pieces: Piece[] = [];

  /** `scale` multiplies every rate (1 / the number of clients sharing it). */
  constructor(steps: readonly ScheduleStep[], scale = 1) {
    let t = 0;
    let rate = 0;
    let mass = 0;
    for (const s of steps) {
      const t1 = s.until ?? Infinity;
      const r1 = (s.rate ?? s.ramp ?? 0) * scale;
      const r0 = s.ramp === undefined ? r1 : rate;
      if (t1 > t) {
        this.pieces.push({ t0: t, t1, r0, r1, mass0: mass });
        if (t1 !== Infinity) mass += (((r0 + r1) / 2) * (t1 - t)) / 1e6;
      }
      t = t1;
      rate = r1;
    }
    if (t !== Infinity) this.pieces.push({ t0: t, t1: Infinity, r0: 0, r1: 0, mass0: mass });
  }

  /** The rate (per second) at true time `tUs`. */
  rateAt(tUs: Micros): number {
    const p = this.pieceAt(tUs);
    return p.t1 === Infinity ? p.r0 : p.r0 + ((p.r1 - p.r0) * (tUs - p.t0)) / (p.t1 - p.t0);
  }

  /** Λ(tUs): the expected number of arrivals from 0 to `tUs`. */
  massAt(tUs: Micros): number {
    const p = this.pieceAt(tUs);
    const dt = (tUs - p.t0) / 1e6;
    return p.mass0 + ((p.r0 + this.rateAt(tUs)) / 2) * dt;
  }

  /**
   * The earliest whole-µs time at or after `afterUs` where Λ reaches `mass`, skipping stretches
   * where the rate is 0; undefined when it never does (the schedule has ended).
   */
  timeAtMass(mass: number, afterUs: Micros): Micros | undefined {
    for (let i = this.indexAt(afterUs); i < this.pieces.length; i++) {
      const p = this.pieces[i]!;
      const start = Math.max(p.t0, afterUs);
      const rStart = this.rateAt(start);
      if (rStart === 0 && p.r1 === 0) continue; // no arrivals in this stretch
      const m = Math.max(0, mass - this.massAt(start));
      if (m === 0) return Math.ceil(start);
      if (p.t1 !== Infinity && m > ((rStart + p.r1) / 2) * ((p.t1 - start) / 1e6)) continue;
      const slope = p.t1 === Infinity ? 0 : (p.r1 - p.r0) / ((p.t1 - p.t0) / 1e6); // per s²
      // rStart·dt + slope·dt²/2 = m, in the form that stays exact as slope → 0 and for either sign.
      const root = Math.sqrt(Math.max(0, rStart * rStart + 2 * slope * m));
      const dt = slope === 0 ? m / rStart : (2 * m) / (rStart + root);
      const at = Math.max(Math.round(start + dt * 1e6), afterUs);
      return p.t1 === Infinity ? at : Math.min(at, p.t1);
    }
    return undefined;
  }

  /** The index of the piece holding `tUs` (binary search: pieces are sorted and cover all time). */
  private indexAt(tUs: Micros): number {
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tUs < this.pieces[mid]!.t1) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private pieceAt(tUs: Micros): Piece {
    return this.pieces[this.indexAt(tUs)]!;
  }
}
