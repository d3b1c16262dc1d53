import type { Micros } from '../kernel/time.js';
import { fmt } from './common.js';
import type { LinOp } from './wgl.js';

/** A register operation: values are JSON text; `reads` is what a read returned or a cas expected. */
export interface RegOp {
  op: number;
  f: 'read' | 'write' | 'cas';
  reads?: string;
  writes?: string;
  invokeUs: Micros;
  /** Completion time when it completed ok; undefined when it may or may not have happened. */
  doneUs: Micros | undefined;
  lin: LinOp;
}

/**
 * Says why `culprit` cannot be explained, given the ops seen up to its completion. The common
 * case gets a proof in one sentence: a stale read (a write of another value completed after
 * every write of the value read, and before the read began) or a value no one had written yet.
 */
export function explain(key: string, culprit: RegOp, seen: readonly RegOp[], all: readonly RegOp[], initial: string): { ops: number[]; detail: string } {
  const what = describe(key, culprit);
  const v = culprit.reads;
  if (v !== undefined) {
    const writersV = seen.filter((o) => o !== culprit && o.writes === v);
    const initialNote = initial === v ? ' (the initial value)' : ` (the initial value is ${initial})`;
    if (writersV.length === 0 && initial !== v) {
      const later = all.find((o) => o.writes === v && o.lin.call > culprit.lin.ret);
      const first = later === undefined ? '' : `; the first, op ${later.op}, was invoked at ${fmt(later.invokeUs)}`;
      return {
        ops: later === undefined ? [culprit.op] : [culprit.op, later.op],
        detail: `${what}, but no write of ${v} to ${key} had been invoked by then${first}${initialNote}.`,
      };
    }
    // A write that must come after every write of v and before the culprit: the culprit is stale.
    let over: RegOp | undefined;
    for (const o of seen) {
      if (o.writes === undefined || o.writes === v || !(o.lin.ret < culprit.lin.call)) continue;
      if (!writersV.every((w) => w.lin.ret < o.lin.call)) continue;
      if (over === undefined || o.lin.ret > over.lin.ret) over = o;
    }
    if (over !== undefined) {
      const lastV = writersV.reduce<RegOp | undefined>((a, w) => (a === undefined || w.lin.ret > a.lin.ret ? w : a), undefined);
      const after =
        lastV === undefined
          ? `after ${key} held ${v}${initialNote}`
          : `after every write of ${v} had completed (the last, op ${lastV.op}, at ${fmt(lastV.doneUs!)})`;
      return {
        ops: [culprit.op, over.op, ...writersV.map((w) => w.op)],
        detail: `${what}, but op ${over.op} ${over.f === 'cas' ? 'set it to' : 'wrote'} ${over.writes} and completed at ${fmt(over.doneUs!)}, ${after} and before the ${culprit.f} was invoked.`,
      };
    }
  }
  return {
    ops: [culprit.op, ...seen.filter((o) => o !== culprit).map((o) => o.op)],
    detail: `${what}, but no order of the ${seen.length} operations on ${key} up to then is consistent with a register (ops ${seen.map((o) => o.op).join(', ')}).`,
  };
}

function describe(key: string, o: RegOp): string {
  const when = `at ${fmt(o.doneUs!)} (op ${o.op}, invoked at ${fmt(o.invokeUs)})`;
  if (o.f === 'read') return `A read of ${key} returned ${o.reads} ${when}`;
  if (o.f === 'cas') return `A cas of ${key} from ${o.reads} to ${o.writes} succeeded ${when}`;
  return `A write of ${o.writes} to ${key} completed ${when}`;
}
