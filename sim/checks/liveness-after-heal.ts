import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { type ExecutedFault, healedAt } from '../world/timeline.js';
import { positiveDuration, probability } from '../units/human-units.js';
import { checkBase, fLabel, fmt, opLabel, opNames, opsOf, pairedOps, plural, verdict, type Op } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const livenessAfterHealSchema = z.strictObject({
  check: z.literal('liveness-after-heal'),
  ...checkBase,
  /** The bound on recovery, counted from the moment every fault has ended. */
  within: positiveDuration,
  progress: z.enum(['answered', 'ok', 'leader', 'drained', 'goodput']).default('answered'),
  /** The operations that count (default: all). */
  f: opNames.optional(),
  /** For `leader`: the effect a new leader records. */
  effect: z.string().min(1).default('leader'),
  /** For `goodput`: ok completions per second over invokes per second, at least this. */
  ratio: probability.default(0.9),
  /** For `goodput`: the measuring window's length from heal + within (default: to the end of the run). */
  window: positiveDuration.optional(),
});
export type LivenessAfterHealConfig = z.output<typeof livenessAfterHealSchema>;

/** `empty`: nothing was there to judge (and why); the check then fails unless `allowEmpty`. */
type Finding = { ok: boolean; detail: string; at?: Micros; ops?: number[]; effects?: number[]; measured?: Record<string, number>; empty?: string };
interface Ctx {
  config: LivenessAfterHealConfig;
  input: CheckInput;
  ops: Op[];
  healUs: Micros;
  deadlineUs: Micros;
}

/**
 * Once every fault has ended, the system makes progress within `within`. The moment of healing is
 * the one the world executed (a heal that ends a swizzle early ends it there), never re-derived
 * from the plan. When some fault never ends there is no "after": the check says so and passes. When the run ends before the deadline
 * and the progress has not been seen, it fails: the run was too short to show recovery.
 */
export function livenessAfterHeal(config: LivenessAfterHealConfig, input: CheckInput): CheckResult {
  const end = healedAt(input.timeline);
  if (!end.healed) return judgedNothing(config, `not applicable: ${stillInForce(end.fault, input.endUs)}, so the system is never healed`, { applicable: 0 });
  const ctx: Ctx = { config, input, ops: opsOf(pairedOps(input), config.f), healUs: end.atUs, deadlineUs: end.atUs + config.within };
  const found = FORMS[config.progress](ctx);
  const measured = { healedAtUs: end.atUs, ...found.measured };
  if (found.empty !== undefined) return judgedNothing(config, `healed at ${fmt(end.atUs)}, but ${found.empty}`, measured);
  const tooShort =
    !found.ok && input.endUs < ctx.deadlineUs ? ` The run ended at ${fmt(input.endUs)}, before heal + within (${fmt(ctx.deadlineUs)}); lengthen it.` : '';
  return verdict(config, { ...found, detail: found.detail + tooShort, measured });
}

const FORMS: Record<LivenessAfterHealConfig['progress'], (c: Ctx) => Finding> = {
  answered: answered,
  ok: (c) =>
    firstAfterHeal(
      c,
      c.ops.filter((o) => o.outcome === 'ok').map((o) => ({ time: o.doneUs!, op: o.op })),
      `ok ${fLabel(c.config.f)}`,
    ),
  leader: (c) => {
    const events: { time: Micros; effect: number }[] = [];
    c.input.effects.forEach((e, i) => e.kind === c.config.effect && events.push({ time: e.time, effect: i }));
    return firstAfterHeal(c, events, `${c.config.effect} effect`);
  },
  drained,
  goodput,
};

/** Every op invoked after the heal gets ok or fail within `within` (ops whose bound passes the run's end are not judged). */
function answered(c: Ctx): Finding {
  const W = c.config.within;
  const late = c.ops.filter((o) => o.invokeUs >= c.healUs && o.invokeUs + W <= c.input.endUs && !(definite(o) && o.doneUs! - o.invokeUs <= W));
  const judged = c.ops.filter((o) => o.invokeUs >= c.healUs && o.invokeUs + W <= c.input.endUs).length;
  const firstAnswer = c.ops.filter((o) => definite(o) && o.doneUs! >= c.healUs).reduce((m, o) => Math.min(m, o.doneUs!), Infinity);
  const measured = { judged, unanswered: late.length, ...(firstAnswer === Infinity ? {} : { recoveredAfterUs: firstAnswer - c.healUs }) };
  const o = late[0];
  if (judged === 0)
    return { ok: true, detail: '', measured, empty: `no ${fLabel(c.config.f)} request was invoked after it with ${fmt(W)} left in the run to answer` };
  if (o === undefined)
    return { ok: true, detail: `Healed at ${fmt(c.healUs)}; ${plural(judged, 'request')} invoked after it, each answered within ${fmt(W)}.`, measured };
  const got = definite(o)
    ? `answered ${o.outcome} only at ${fmt(o.doneUs!)}`
    : o.outcome === 'info'
      ? `ended without an answer (info) at ${fmt(o.doneUs!)}`
      : 'never answered';
  return {
    ok: false,
    detail: `Healed at ${fmt(c.healUs)}, but op ${o.op} (${opLabel(o)}) invoked at ${fmt(o.invokeUs)} was ${got}, beyond ${fmt(W)}; ${plural(late.length, 'request')} in all.`,
    at: o.invokeUs + W,
    ops: late.map((l) => l.op),
    measured,
  };
}

/** The first of `events` at or after the heal must come by the deadline. */
function firstAfterHeal(c: Ctx, events: { time: Micros; op?: number; effect?: number }[], what: string): Finding {
  // The earliest (the first recorded, among equals).
  let first: (typeof events)[number] | undefined;
  for (const e of events) if (e.time >= c.healUs && (first === undefined || e.time < first.time)) first = e;
  const measured: Record<string, number> = first === undefined ? {} : { recoveredAfterUs: first.time - c.healUs };
  const ids = first === undefined ? {} : first.op !== undefined ? { ops: [first.op] } : { effects: [first.effect!] };
  if (first !== undefined && first.time <= c.deadlineUs) {
    return {
      ok: true,
      detail: `Healed at ${fmt(c.healUs)}; the first ${what} came ${fmt(first.time - c.healUs)} later (within ${fmt(c.config.within)}).`,
      ...ids,
      measured,
    };
  }
  const then = first === undefined ? 'none came before the run ended' : `the first came at ${fmt(first.time)}`;
  return { ok: false, detail: `Healed at ${fmt(c.healUs)}, but no ${what} came by ${fmt(c.deadlineUs)}; ${then}.`, at: c.deadlineUs, ...ids, measured };
}

/** Every op invoked before the heal has completed (any answer, or given up) by heal + within. */
function drained(c: Ctx): Finding {
  const before = c.ops.filter((o) => o.invokeUs < c.healUs);
  const stuck = before.filter((o) => o.doneUs === undefined || o.doneUs > c.deadlineUs);
  const last = before.reduce((m, o) => Math.max(m, o.doneUs ?? Infinity), c.healUs);
  const measured = {
    backlog: before.filter((o) => o.doneUs === undefined || o.doneUs >= c.healUs).length,
    stuck: stuck.length,
    ...(last === Infinity ? {} : { recoveredAfterUs: last - c.healUs }),
  };
  const o = stuck[0];
  if (before.length === 0) return { ok: true, detail: '', measured, empty: `no ${fLabel(c.config.f)} request was invoked before it` };
  if (o === undefined)
    return {
      ok: true,
      detail: `Healed at ${fmt(c.healUs)}; all ${plural(before.length, 'request')} invoked before it had completed ${fmt(last - c.healUs)} later.`,
      measured,
    };
  return {
    ok: false,
    detail: `Healed at ${fmt(c.healUs)}, but ${plural(stuck.length, 'request')} invoked before it had not completed by ${fmt(c.deadlineUs)}, the first op ${o.op} (${opLabel(o)}, invoked at ${fmt(o.invokeUs)}) ${o.doneUs === undefined ? 'never' : `only at ${fmt(o.doneUs)}`}.`,
    at: c.deadlineUs,
    ops: stuck.map((s) => s.op),
    measured,
  };
}

/** Over [heal + within, + window): ok completions at least `ratio` of invokes. */
function goodput(c: Ctx): Finding {
  const fromUs = c.deadlineUs;
  const toUs = Math.min(c.config.window === undefined ? c.input.endUs : fromUs + c.config.window, c.input.endUs);
  const offered = c.ops.filter((o) => o.invokeUs >= fromUs && o.invokeUs < toUs).length;
  const okDone = c.ops.filter((o) => o.outcome === 'ok' && o.doneUs! >= fromUs && o.doneUs! < toUs).length;
  const seconds = (toUs - fromUs) / 1_000_000;
  const ratio = offered === 0 ? 0 : okDone / offered;
  const measured = { offeredPerSecond: seconds > 0 ? offered / seconds : 0, goodputPerSecond: seconds > 0 ? okDone / seconds : 0, goodputRatio: ratio };
  const span = `from ${fmt(fromUs)} to ${fmt(toUs)}`;
  if (offered === 0) return { ok: false, detail: '', measured, empty: `no ${fLabel(c.config.f)} request was offered ${span}, so recovery cannot be measured` };
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const text = `${okDone} ok of ${offered} offered ${span} (${pct(ratio)}, need ${pct(c.config.ratio)})`;
  if (ratio >= c.config.ratio) return { ok: true, detail: `Healed at ${fmt(c.healUs)}; goodput recovered: ${text}.`, measured };
  return { ok: false, detail: `Healed at ${fmt(c.healUs)}, but goodput had not recovered: ${text}.`, at: fromUs, measured };
}

const definite = (o: Op): boolean => o.outcome === 'ok' || o.outcome === 'fail';

/** Why a fault still held at the end: `fault #2 (crash at 3s) was still in force when the run ended at 20s`. */
function stillInForce(f: ExecutedFault, endUs: Micros): string {
  const fix = f.kind === 'crash' ? 'a duration that restarts the node within the run' : 'a duration that ends within the run, or a later heal';
  const what = f.label ?? (f.node === undefined ? f.kind : `${f.kind} of ${f.node}`);
  return `fault #${f.index} (${what} at ${fmt(f.startUs ?? 0)}) was still in force when the run ended at ${fmt(endUs)} (give it ${fix})`;
}
