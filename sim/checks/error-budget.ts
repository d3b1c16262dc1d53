import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { duration, positiveDuration, probability } from '../units/human-units.js';
import { checkBase, fmt, type Op, opNames, opsOf, pairedOps, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const errorBudgetSchema = z
  .strictObject({
    check: z.literal('error-budget'),
    ...checkBase,
    /** The operations, each judged on its own (default: every operation name in the history). */
    f: opNames.optional(),
    /** The share of completed requests that may be errors in any window (`1%`). */
    budget: probability.refine((p) => p > 0, { error: 'the budget must be above 0% (a burn rate is measured against it)' }),
    /** The sliding window's length. */
    window: positiveDuration,
    /** What counts as an error: `fail` answers only, or `fail` and `info` (unknown outcome). */
    count: z.enum(['failed', 'failed-and-unknown']).default('failed-and-unknown'),
    /** Windows with fewer completed requests than this are not judged. */
    minRequests: z.number().int().min(1).max(1_000_000).default(1),
    /** Only requests completed in (from, to] (true time from the start of the run; `to` defaults to the end). */
    from: duration.default(0),
    to: duration.optional(),
    /** Pass when no window had `minRequests` requests (it judged nothing); off: such a check fails. */
    allowEmpty: z.boolean().default(false),
  })
  .refine((c) => c.to === undefined || c.to > c.from, { error: '`to` must be after `from`', path: ['to'] });
export type ErrorBudgetConfig = z.output<typeof errorBudgetSchema>;

/** One operation's worst window, and the first window over the budget. */
interface Judged {
  f: string;
  requests: number;
  errors: number;
  /** The worst window: (endUs - window, endUs], its counts and error rate. */
  worst: { endUs: Micros; requests: number; errors: number; rate: number; ops: number[] } | undefined;
  /** The end of the first window over the budget. */
  exceededAt: Micros | undefined;
}

const pct = (x: number): string => `${+(x * 100).toFixed(2)}%`;
const times = (x: number): string => `${+x.toFixed(2)}`;

/**
 * Per operation, the error rate (errors / completed requests) of every trailing window
 * (e − window, e] with e from `from + window` to `to`, over the requests completed then. The
 * counts change only when a request completes (e = its completion) or leaves the window
 * (e = its completion + window), so evaluating those moments finds every window's rate.
 */
export function errorBudget(config: ErrorBudgetConfig, input: CheckInput): CheckResult {
  const toUs = Math.min(config.to ?? input.endUs, input.endUs);
  const all = opsOf(pairedOps(input), config.f);
  const names = config.f ?? [...new Set(all.map((o) => o.f))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const isError = (o: Op) => o.outcome === 'fail' || (o.outcome === 'info' && config.count === 'failed-and-unknown');
  const open = all.filter((o) => o.outcome === 'open').length;
  const short = toUs - config.from < config.window;

  // Each name's completed requests in the span, grouped in one pass.
  const byName = new Map<string, Op[]>();
  for (const o of all) {
    if (o.outcome === 'open' || !(o.doneUs! > config.from && o.doneUs! <= toUs)) continue;
    const list = byName.get(o.f);
    if (list) list.push(o);
    else byName.set(o.f, [o]);
  }
  const judged: Judged[] = names.map((f) => {
    const done = (byName.get(f) ?? []).slice().sort((a, b) => a.doneUs! - b.doneUs! || a.doneAt - b.doneAt);
    return judge(f, done, isError, config, toUs, short);
  });

  const requests = judged.reduce((n, j) => n + j.requests, 0);
  const errors = judged.reduce((n, j) => n + j.errors, 0);
  const worst = judged.filter((j) => j.worst !== undefined).sort((a, b) => b.worst!.rate - a.worst!.rate || a.worst!.endUs - b.worst!.endUs)[0];
  const errorWord = config.count === 'failed' ? 'failed' : 'failed or got no answer';
  if (worst === undefined) {
    const what =
      requests === 0
        ? `no ${names.length === 0 ? '' : `${names.join('/')} `}request completed from ${fmt(config.from)} to ${fmt(toUs)}`
        : `no ${fmt(config.window)} window had ${plural(config.minRequests, 'completed request')} (${requests} in all)`;
    return judgedNothing(config, what, { requests, errors, open });
  }
  const w = worst.worst!;
  const measured = {
    requests,
    errors,
    open,
    worstErrorRate: w.rate,
    burnRate: w.rate / config.budget,
    worstWindowStartUs: Math.max(w.endUs - config.window, config.from),
    worstWindowEndUs: w.endUs,
  };
  const span = `${fmt(measured.worstWindowStartUs)} to ${fmt(w.endUs)}`;
  const windowText = short
    ? `the whole span (${fmt(config.from)} to ${fmt(toUs)}, shorter than the ${fmt(config.window)} window)`
    : `the ${fmt(config.window)} window from ${span}`;
  const head = `${worst.f}: ${w.errors} of ${plural(w.requests, 'request')} completed in ${windowText} ${errorWord} (${pct(w.rate)})`;
  const over = judged.filter((j) => j.exceededAt !== undefined).sort((a, b) => a.exceededAt! - b.exceededAt!);
  if (over.length === 0) {
    const each = names.length > 1 ? ` (worst of ${plural(names.length, 'operation')})` : '';
    return verdict(config, {
      ok: true,
      detail: `${head}${each}, within the ${pct(config.budget)} budget: burn rate ${times(measured.burnRate)}.`,
      measured,
    });
  }
  const first = over[0]!;
  const others =
    over.length > 1
      ? ` Over budget too: ${over
          .slice(1)
          .map((j) => j.f)
          .join(', ')}.`
      : '';
  return verdict(config, {
    ok: false,
    detail: `${head}, above the ${pct(config.budget)} budget: burn rate ${times(measured.burnRate)}; ${first.f} first went over at ${fmt(first.exceededAt!)}.${others}`,
    at: first.exceededAt!,
    ops: w.ops,
    measured,
  });
}

function judge(f: string, done: Op[], isError: (o: Op) => boolean, config: ErrorBudgetConfig, toUs: Micros, short: boolean): Judged {
  const W = config.window;
  const t = done.map((o) => o.doneUs!);
  // errorsBefore[i]: errors among done[0..i).
  const errorsBefore = [0];
  for (const o of done) errorsBefore.push(errorsBefore[errorsBefore.length - 1]! + (isError(o) ? 1 : 0));
  const firstEnd = short ? toUs : config.from + W;
  const out: Judged = { f, requests: done.length, errors: errorsBefore[done.length]!, worst: undefined, exceededAt: undefined };
  let worstAt: { end: number; from: number; to: number; rate: number } | undefined;
  // The window ends in order, and the requests completed by each end (to) and by its start (from):
  // both only move forward, so one pass.
  let to = 0;
  let from = 0;
  for (const e of windowEnds(t, W, firstEnd, toUs)) {
    while (to < t.length && t[to]! <= e) to++;
    if (!short) while (from < t.length && t[from]! <= e - W) from++;
    const n = to - from;
    if (n < config.minRequests) continue;
    const rate = (errorsBefore[to]! - errorsBefore[from]!) / n;
    if (worstAt === undefined || rate > worstAt.rate) worstAt = { end: e, from, to, rate };
    if (out.exceededAt === undefined && rate > config.budget) out.exceededAt = e;
  }
  if (worstAt !== undefined) {
    const inWindow = done.slice(worstAt.from, worstAt.to);
    out.worst = {
      endUs: worstAt.end,
      requests: inWindow.length,
      errors: errorsBefore[worstAt.to]! - errorsBefore[worstAt.from]!,
      rate: worstAt.rate,
      ops: inWindow.filter(isError).map((o) => o.op),
    };
  }
  return out;
}

/**
 * The moments a window's counts can change, in order, each once: the first end, every completion
 * and every completion + window strictly between, and the last end (`t` is in order, so a merge).
 */
function windowEnds(t: readonly number[], W: number, firstEnd: number, toUs: number): number[] {
  const out = [firstEnd];
  let i = 0;
  let j = 0;
  while (i < t.length || j < t.length) {
    const v = j >= t.length || (i < t.length && t[i]! <= t[j]! + W) ? t[i++]! : t[j++]! + W;
    if (v > firstEnd && v < toUs && v !== out[out.length - 1]) out.push(v);
  }
  if (toUs > firstEnd) out.push(toUs);
  return out;
}
