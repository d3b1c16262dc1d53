import { z } from 'zod';
import { displayName } from '../units/human-units.js';
import { formatMicros, type Micros } from '../kernel/time.js';
import type { HistoryEntry, OpId } from '../world/history.js';
import type { CheckInput, CheckResult, CheckVerdict } from './types.js';

/** Fields every check config has: a display name, defaulting to the check's kind. */
export const checkBase = {
  // `__proto__` could never be named in a variant's `expect` (a mapping key JavaScript reserves).
  name: displayName.refine((n) => n !== '__proto__', { error: "the check name '__proto__' is not allowed: JavaScript reserves it" }).optional(),
  /**
   * A check that judged nothing (no effect, op or window of its kind: usually a misspelt name)
   * fails, saying so, unless this is true: then it passes, still saying it judged nothing.
   */
  allowEmpty: z.boolean().default(false),
};

/** One op name or a list of them (`f: charge`, `f: [write, reserve]`), always a list after parsing. */
export const opNames = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected an operation name or a list of them' })
  .transform((v): string[] => (typeof v === 'string' ? [v] : v));

/** Reports list at most this many ops or effects, so one bad run does not flood a report. */
export const MAX_LISTED = 100;

export const listed = (ids: readonly number[]): number[] => ids.slice(0, MAX_LISTED);

/** Builds a check's result with its display name filled in (its kind comes from the checks table). */
export function verdict(config: { check: string; name?: string | undefined }, body: Omit<CheckVerdict, 'name' | 'kind'>): CheckResult {
  const v: CheckResult = { name: config.name ?? config.check, ok: body.ok, detail: body.detail };
  if (body.at !== undefined) v.at = body.at;
  if (body.ops !== undefined && body.ops.length > 0) v.ops = listed(body.ops);
  if (body.effects !== undefined && body.effects.length > 0) v.effects = listed(body.effects);
  if (body.measured !== undefined) v.measured = body.measured;
  return v;
}

export type Outcome = 'ok' | 'fail' | 'info' | 'open';

/** One client operation: its invoke paired with its completion (`open` when it never had one). */
export interface Op {
  op: OpId;
  process: string;
  f: string;
  key: string | undefined;
  /** The invoke's value (what was asked: the value written, [expected, new] for cas). */
  arg: unknown;
  invokeUs: Micros;
  outcome: Outcome;
  /** Completion time; undefined while open. */
  doneUs: Micros | undefined;
  /** The completion's value (what a read returned). */
  result: unknown;
  /** Positions in the history of the invoke and the completion (Infinity while open), for real-time order. */
  invokeAt: number;
  doneAt: number;
}

/** Pairs invokes with completions, in invoke order. Completions of unknown ops are ignored. */
export function pairOps(history: readonly HistoryEntry[]): Op[] {
  const ops: Op[] = [];
  // Indexed by op id: a run numbers its ops 1..N, so the array is dense (a Map of a big run's
  // hundreds of thousands of ops cost 15 MB more at its peak); any other number is a key all the same.
  const byId: (Op | undefined)[] = [];
  history.forEach((e, i) => {
    if (e.type === 'invoke') {
      const o: Op = {
        op: e.op,
        process: e.process,
        f: e.f,
        key: e.key,
        arg: e.value,
        invokeUs: e.time,
        outcome: 'open',
        doneUs: undefined,
        result: undefined,
        invokeAt: i,
        doneAt: Infinity,
      };
      ops.push(o);
      byId[e.op] = o;
      return;
    }
    const o = byId[e.op];
    if (o === undefined || o.outcome !== 'open') return;
    o.outcome = e.type;
    o.doneUs = e.time;
    o.result = e.value;
    o.doneAt = i;
  });
  return ops;
}

/**
 * pairOps of a run's history, made once for all the checks judging that input: a million-event
 * run has hundreds of thousands of ops, and a pairing for each check was most of a big run's peak
 * memory. Checks only read it (opsOf copies before anything sorts). Keyed on the input object, so
 * the pairing goes when the checks are done with the input.
 */
export function pairedOps(input: CheckInput): readonly Op[] {
  let ops = pairings.get(input);
  if (ops === undefined) {
    ops = pairOps(input.history);
    pairings.set(input, ops);
  }
  return ops;
}
const pairings = new WeakMap<CheckInput, readonly Op[]>();

/** Ops whose name is in `f`, or all ops when `f` is not given. */
export function opsOf(ops: readonly Op[], f: readonly string[] | undefined): Op[] {
  if (f === undefined) return [...ops];
  if (f.length === 1) {
    const only = f[0];
    return ops.filter((o) => o.f === only);
  }
  const names = new Set(f);
  return ops.filter((o) => names.has(o.f));
}

/** The first index in [0, n) where `past` holds (n when none), for a `past` false up to some index and true from it: a binary search. */
export function partitionPoint(n: number, past: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A moment or duration for details; zero reads `0s`, the run's start. */
export const fmt = (t: Micros): string => (t === 0 ? '0s' : formatMicros(t));

/** "charge" or "write/reserve", for details. */
export const fLabel = (f: readonly string[] | undefined): string => (f === undefined ? 'any operation' : f.join('/'));

/** A value as a detail shows it: JSON, cut short. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `write x 3`, `charge order-17`: an op as details name it. */
export function opLabel(o: Op): string {
  return `${o.f}${o.key === undefined ? '' : ` ${o.key}`}${o.arg === undefined ? '' : ` ${show(o.arg)}`}`;
}

/** `n thing` / `n things`. */
export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** A field of an effect's value object, when the value is an object that has it. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
