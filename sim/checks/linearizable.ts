import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { checkBase, pairOps, plural, show, verdict, type Op } from './common.js';
import { explain, type RegOp } from './linearizable-explain.js';
import type { CheckInput, CheckResult } from './types.js';
import { linearize, type LinOp } from './wgl.js';

export const linearizableSchema = z.strictObject({
  check: z.literal('linearizable'),
  ...checkBase,
  /** Op names: a read returns the value; a write's invoke value is the value written; a cas's is [expected, new]. */
  read: z.string().min(1).default('read'),
  write: z.string().min(1).default('write'),
  cas: z.string().min(1).default('cas'),
  /** Every key's value before any write; a read that returns nothing read `null`. */
  initial: z.unknown().default(null),
  /** Search steps per key before giving up. */
  maxSteps: z.number().int().min(1).default(1_000_000),
  /** The verdict when the search gives up: a history not proven linearizable fails by default. */
  ifUnknown: z.enum(['fail', 'pass']).default('fail'),
});
export type LinearizableConfig = z.output<typeof linearizableSchema>;

/**
 * Each key is an independent register (reads, writes, compare-and-set), checked on its own.
 * Ops that failed did not happen; reads without an ok have no result to explain and are dropped;
 * writes and cas with `info` or still open may have taken effect any time after their invoke.
 */
export function linearizable(config: LinearizableConfig, input: CheckInput): CheckResult {
  const byKey = new Map<string, RegOp[]>();
  let malformed: Op | undefined;
  for (const o of pairOps(input.history)) {
    const r = toRegOp(config, o);
    if (r === 'malformed') malformed ??= o;
    if (typeof r !== 'object') continue;
    const list = byKey.get(o.key ?? '');
    if (list) list.push(r);
    else byKey.set(o.key ?? '', [r]);
  }
  if (malformed !== undefined) {
    return verdict(config, {
      ok: false,
      detail: `op ${malformed.op} (${config.cas}) has value ${show(malformed.arg)}; a cas needs [expected, new].`,
      at: malformed.invokeUs,
      ops: [malformed.op],
    });
  }
  const initial = canon(config.initial);
  let steps = 0;
  let opCount = 0;
  let worst: { at: Micros; ops: number[]; detail: string; unknown: boolean } | undefined;
  for (const [key, ops] of byKey) {
    opCount += ops.length;
    const full = linearize(
      ops.map((o) => o.lin),
      initial,
      config.maxSteps,
    );
    steps += full.steps;
    if (full.result === 'ok') continue;
    const found =
      full.result === 'unknown'
        ? {
            at: input.endUs,
            ops: [],
            detail: `Could not decide whether the ${plural(ops.length, 'operation')} on ${keyName(key)} are linearizable within ${config.maxSteps} search steps; raise \`maxSteps\`.`,
            unknown: true,
          }
        : { ...shortestFailingPrefix(key, ops, initial, config.maxSteps), unknown: false };
    if (worst === undefined || (worst.unknown && !found.unknown) || (worst.unknown === found.unknown && found.at < worst.at)) worst = found;
  }
  const measured = { keys: byKey.size, ops: opCount, steps };
  if (worst === undefined) {
    return verdict(config, { ok: true, detail: `${plural(opCount, 'operation')} on ${plural(byKey.size, 'key')}, linearizable.`, measured });
  }
  if (worst.unknown && config.ifUnknown === 'pass') return verdict(config, { ok: true, detail: worst.detail, measured: { ...measured, unknown: 1 } });
  return verdict(config, { ok: false, detail: worst.detail, at: worst.at, ops: worst.ops, measured: { ...measured, unknown: worst.unknown ? 1 : 0 } });
}

/**
 * The first completion at which the history stops being linearizable: the prefix up to it fails,
 * the prefix before it does not (a prefix of a linearizable history is linearizable, with ops
 * still pending at its end treated as may-or-may-not-have-happened), found by binary search.
 */
function shortestFailingPrefix(key: string, ops: readonly RegOp[], initial: string, maxSteps: number): { at: Micros; ops: number[]; detail: string } {
  const rets = ops.filter((o) => o.lin.ret !== Infinity).sort((a, b) => a.lin.ret - b.lin.ret);
  let lo = 0;
  let hi = rets.length - 1; // the whole history fails, so the last return is a failing end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (linearize(prefix(ops, rets[mid]!.lin.ret), initial, maxSteps).result === 'ok') lo = mid + 1;
    else hi = mid;
  }
  const culprit = rets[lo]!;
  const end = culprit.lin.ret;
  const seen = ops.filter((o) => o.lin.call <= end && (o.f !== 'read' || o.lin.ret <= end));
  return { at: culprit.doneUs!, ...explain(keyName(key), culprit, seen, ops, initial) };
}

/** The history as it stood at position `end`: later ops gone, ops pending then made optional. */
function prefix(ops: readonly RegOp[], end: number): LinOp[] {
  const out: LinOp[] = [];
  for (const o of ops) {
    if (o.lin.call > end) continue;
    if (o.lin.ret <= end) out.push(o.lin);
    else if (o.f !== 'read') out.push({ ...o.lin, ret: Infinity });
  }
  return out;
}

/** The register op for a history op, 'skip' when it constrains nothing, 'malformed' for a bad cas. */
function toRegOp(config: LinearizableConfig, o: Op): RegOp | 'skip' | 'malformed' {
  if (o.outcome === 'fail') return 'skip';
  const certain = o.outcome === 'ok';
  const base = { op: o.op, invokeUs: o.invokeUs, doneUs: certain ? o.doneUs : undefined };
  const lin = (step: LinOp['step']): LinOp => ({ call: o.invokeAt, ret: certain ? o.doneAt : Infinity, step });
  if (o.f === config.read) {
    if (!certain) return 'skip';
    const v = canon(o.result);
    return { ...base, f: 'read', reads: v, lin: lin((s) => (s === v ? s : undefined)) };
  }
  if (o.f === config.write) {
    const v = canon(o.arg);
    return { ...base, f: 'write', writes: v, lin: lin(() => v) };
  }
  if (o.f === config.cas) {
    if (!Array.isArray(o.arg) || o.arg.length !== 2) return 'malformed';
    const [from, to] = [canon(o.arg[0]), canon(o.arg[1])];
    return { ...base, f: 'cas', reads: from, writes: to, lin: lin((s) => (s === from ? to : undefined)) };
  }
  return 'skip';
}

/** Values compare by their JSON text; nothing (undefined) is null. */
const canon = (v: unknown): string => JSON.stringify(v ?? null);

const keyName = (key: string): string => (key === '' ? 'the register' : key);
