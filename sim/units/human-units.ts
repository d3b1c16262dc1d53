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

/** Parses `250ms` into microseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): Micros | undefined {
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * DURATION_UNITS[m[2]!]!);
}

const durationHint = "a duration with a unit, like '250ms', '2s', '1m' (units: us, ms, s, m, h)";

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

/** A duration of zero or more. */
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
  if (!(v > -1_000_000 && v < 1_000_000)) {
    ctx.addIssue({ code: 'custom', message: `expected a drift between -999999ppm and 999999ppm, found ${String(raw)}`, input: raw });
    return z.NEVER;
  }
  return v;
});

/** A node name: letters, digits, '-', '_', '.'. */
export const nodeId = z
  .string({ error: 'expected a node name (a string)' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a node name of letters, digits, '-', '_' or '.'" });

/** A rate of events: `10/s`, `600/m`, `0.5/ms`. Parsed into events per second. */
export const ratePerSecond = z.union([z.string(), z.number()], { error: "expected a rate like '10/s'" }).transform((raw, ctx): number => {
  const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(ms|s|m|h)\s*$/.exec(raw) : null;
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a rate like '10/s' (per ms, s, m or h), found ${JSON.stringify(raw)}`, input: raw });
    return z.NEVER;
  }
  const per = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) / per;
});

/** A name shown in reports and terminals: any text but control characters (no escape sequences). */
export const displayName = z
  .string({ error: 'expected a name (a string)' })
  .min(1, { error: 'expected a non-empty name' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, { error: 'expected a name without control characters (tabs, newlines, escape sequences)' });
