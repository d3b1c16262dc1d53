import { z } from 'zod';
import type { Micros } from '../kernel/time.js';

/**
 * Human units in scenario files: durations (`250ms`, `2s`, `1m`), rates (`1%`), drift
 * (`100ppm`). Each zod type here parses the string form into the integer or fraction the
 * engine uses, so the rest of sim/ never sees a unit string.
 */

const DURATION_UNITS: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

const DURATION_RE = /^\s*(-?\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/;

/**
 * The longest duration a scenario may write: one year of virtual time (8760h). Every instant the
 * engine computes from a scenario's numbers (a start plus a duration plus a latency...) then stays
 * far below 2^53 µs, where integers stop being exact.
 */
export const MAX_DURATION_US: Micros = 365 * 24 * 3_600_000_000;

/** Rates: at most one event per microsecond (virtual time's resolution), at least one an hour. */
export const MAX_RATE_PER_SECOND = 1_000_000;
export const MIN_RATE_PER_SECOND = 1 / 3600;

/** Parses `250ms` into microseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): Micros | undefined {
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * DURATION_UNITS[m[2]!]!);
}

const durationHint = "a duration with a unit, like '250ms', '2s', '1m' (units: us, ms, s, m, h)";
const tooLong = (raw: string, signed: boolean) =>
  signed
    ? `expected a duration between -8760h and 8760h (one year of virtual time either way), found '${raw}'`
    : `expected a duration of at most 8760h (one year of virtual time), found '${raw}'`;

function durationType(allowNegative: boolean, allowZero: boolean) {
  return z.union([z.string(), z.number()], { error: `expected ${durationHint}` }).transform((raw, ctx): Micros => {
    if (typeof raw === 'number') {
      if (raw === 0) {
        if (!allowZero) ctx.addIssue({ code: 'custom', message: `expected a duration above zero, found 0`, input: raw });
        return 0;
      }
      ctx.addIssue({ code: 'custom', message: `expected ${durationHint}, found the bare number ${raw}`, input: raw });
      return z.NEVER;
    }
    const us = parseDuration(raw);
    if (us === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${durationHint}, found '${raw}'`, input: raw });
      return z.NEVER;
    }
    if (!(Math.abs(us) <= MAX_DURATION_US)) {
      ctx.addIssue({ code: 'custom', message: tooLong(raw, allowNegative), input: raw });
      return z.NEVER;
    }
    if (us < 0 && !allowNegative) {
      ctx.addIssue({ code: 'custom', message: `expected a duration of zero or more, found '${raw}'`, input: raw });
      return z.NEVER;
    }
    if (us === 0 && !allowZero) {
      ctx.addIssue({ code: 'custom', message: `expected a duration above zero, found '${raw}'`, input: raw });
      return z.NEVER;
    }
    return us;
  });
}

/** A duration of zero or more (at most one year). */
export const duration = durationType(false, true);
/** A duration strictly above zero (timeouts, intervals, windows). */
export const positiveDuration = durationType(false, false);
/** A signed duration (a clock step backwards is `-2s`). */
export const signedDuration = durationType(true, true);

/** A probability: `1%`, `0.5%`, or a fraction between 0 and 1. */
export const probability = z
  .union([z.string(), z.number()], { error: "expected a probability like '1%' or a fraction between 0 and 1" })
  .transform((raw, ctx): number => {
    let p: number;
    if (typeof raw === 'number') p = raw;
    else {
      const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(raw);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `expected a percentage like '1%', found '${raw}'`, input: raw });
        return z.NEVER;
      }
      p = Number(m[1]) / 100;
    }
    if (!(p >= 0 && p <= 1)) {
      ctx.addIssue({ code: 'custom', message: `expected a probability between 0% and 100%, found ${String(raw)}`, input: raw });
      return z.NEVER;
    }
    return p;
  });

/** A clock at most 50% fast or slow: a local delay then lasts at most twice as long in true time. */
export const MAX_DRIFT_PPM = 500_000;

/**
 * The longest timer a model may set (ctx.setTimer, ctx.after): a century. No run lasts longer
 * than a year, so such a timer never fires, and every instant stays an exact integer.
 */
export const MAX_TIMER_DELAY_US: Micros = 100 * MAX_DURATION_US;

/** Clock drift in parts per million: `100ppm`, `-50ppm`, or a bare number of ppm. */
export const ppm = z.union([z.string(), z.number()], { error: "expected a drift like '100ppm'" }).transform((raw, ctx): number => {
  let v: number;
  if (typeof raw === 'number') v = raw;
  else {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*ppm\s*$/.exec(raw);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `expected a drift like '100ppm', found '${raw}'`, input: raw });
      return z.NEVER;
    }
    v = Number(m[1]);
  }
  if (!(v >= -MAX_DRIFT_PPM && v <= MAX_DRIFT_PPM)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a drift between -500000ppm and 500000ppm (a clock at most 50% fast or slow), found ${String(raw)}`,
      input: raw,
    });
    return z.NEVER;
  }
  return v;
});

/** A node name: letters, digits, '-', '_', '.'. */
export const nodeId = z
  .string({ error: 'expected a node name (a string)' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a node name of letters, digits, '-', '_' or '.'" });

/** 1 to `max` node names, none twice (a group to deploy to, backends, nodes to scale): a repeat is `<what> 'x' is listed twice`, at its index. */
export const nodeList = (max: number, what = 'node') =>
  z
    .array(nodeId)
    .min(1)
    .max(max)
    .superRefine((names, ctx) => {
      const seen = new Set<string>();
      names.forEach((n, i) => {
        if (seen.has(n)) ctx.addIssue({ code: 'custom', path: [i], message: `${what} '${n}' is listed twice` });
        seen.add(n);
      });
    });

/** A rate of events: `10/s`, `600/m`, `0.5/ms`, from one an hour to 1000000/s. Parsed into events per second. */
export const ratePerSecond = z.union([z.string(), z.number()], { error: "expected a rate like '10/s'" }).transform((raw, ctx): number => {
  const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(ms|s|m|h)\s*$/.exec(raw) : null;
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a rate like '10/s' (per ms, s, m or h), found ${JSON.stringify(raw)}`, input: raw });
    return z.NEVER;
  }
  const per = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  const rate = Number(m[1]) / per;
  // A little slack below one an hour, so that `1/h` itself is never lost to rounding.
  if (!(rate >= MIN_RATE_PER_SECOND * 0.999999 && rate <= MAX_RATE_PER_SECOND)) {
    ctx.addIssue({ code: 'custom', message: `expected a rate from 1/h to 1000000/s, found '${raw}'`, input: raw });
    return z.NEVER;
  }
  return rate;
});

/** A name shown in reports and terminals: any text but control characters (no escape sequences). */
export const displayName = z
  .string({ error: 'expected a name (a string)' })
  .min(1, { error: 'expected a non-empty name' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'expected a name without control characters (tabs, newlines, escape sequences)' });
