import type { Micros } from '../kernel/time.js';
import { fmt } from './common.js';
import type { LinOp } from './wgl.js';

export type LinModel = 'register' | 'key-value';

/** A value as the checker holds it: its canonical text (canonical.ts) and, for a list, its elements' texts. */
export interface Value {
  text: string;
  list: readonly string[] | undefined;
}

/**
 * A history op as the checker judges it; values are canonical text. `cas-failed` is a cas
 * answered `fail`: proof that the value was not `reads` at some moment between its invoke and
 * its completion (it changed nothing).
 */
export interface RegOp {
  op: number;
  f: 'read' | 'write' | 'cas' | 'cas-failed' | 'append';
  /** What a read returned; what a cas expected. */
  reads?: Value;
  /** What a write wrote; what a cas that may have happened set. */
  writes?: Value;
  /** What a failed cas would have set (for the detail only). */
  wanted?: string;
  /** The element an append adds. */
  appends?: string;
  invokeUs: Micros;
  /** Completion time when it completed (ok, or a failed cas); undefined when it may or may not have happened. */
  doneUs: Micros | undefined;
  lin: LinOp;
}

/**
 * The values some ops could leave a key holding, starting from `initial`: a value written (or
 * set by a cas), or, with appends, a written list (or nothing: `null` is the empty list) with
 * appended elements after it. The pre-pass uses it to reject at once a read no write explains.
 */
export class Producers {
  private readonly bases = new Map<string, readonly string[] | undefined>();
  private readonly appended = new Map<string, number>();

  constructor(initial: Value, ops: Iterable<RegOp>) {
    this.bases.set(initial.text, initial.list);
    for (const o of ops) {
      if (o.writes !== undefined) this.bases.set(o.writes.text, o.writes.list);
      if (o.appends !== undefined) this.appended.set(o.appends, (this.appended.get(o.appends) ?? 0) + 1);
    }
  }

  canMake(v: Value): boolean {
    if (this.bases.has(v.text)) return true;
    const list = v.list;
    if (list === undefined || this.appended.size === 0) return false;
    for (const [text, items] of this.bases) {
      const base = items ?? (text === 'null' ? [] : undefined);
      if (base === undefined || base.length > list.length || !base.every((x, k) => x === list[k])) continue;
      if (this.enoughAppends(list, base.length)) return true;
    }
    return false;
  }

  /** An element of `list` that no op appended, if there is one. */
  neverAppended(list: readonly string[]): string | undefined {
    return list.find((x) => !this.appended.has(x));
  }

  private enoughAppends(list: readonly string[], from: number): boolean {
    const need = new Map<string, number>();
    for (let k = from; k < list.length; k++) {
      const c = (need.get(list[k]!) ?? 0) + 1;
      if (c > (this.appended.get(list[k]!) ?? 0)) return false;
      need.set(list[k]!, c);
    }
    return true;
  }
}

/** At most this many op ids in a detail's sentence (the verdict's `ops` lists more). */
const NAMED_IN_DETAIL = 10;

/**
 * Says why `culprit` cannot be explained, given the ops seen up to its completion. The common
 * cases get a proof in one sentence: a value no write (or append) could have made by then, a
 * stale read (a write, or a read, of another value completed after every write of the value
 * read, and before the read began), a failed cas while the value was certainly the one it
 * expected. Otherwise it names the ops up to then, no order of which the model accepts.
 */
export function explain(
  model: LinModel,
  key: string,
  culprit: RegOp,
  seen: readonly RegOp[],
  all: readonly RegOp[],
  initial: Value,
): { ops: number[]; detail: string } {
  const what = describe(key, culprit);
  const others = seen.filter((o) => o !== culprit);
  const v = culprit.reads;
  const initialNote = (x: Value) => (initial.text === x.text ? ' (the initial value)' : ` (the initial value is ${cut(initial.text)})`);
  if (v !== undefined && culprit.f !== 'cas-failed') {
    const producers = new Producers(initial, others);
    if (!producers.canMake(v)) {
      const later = all.find((o) => o.writes?.text === v.text && o.lin.call > culprit.lin.ret);
      const first = later === undefined ? '' : `; the first, op ${later.op}, was invoked at ${fmt(later.invokeUs)}`;
      const missing = v.list === undefined || model === 'register' ? undefined : producers.neverAppended(v.list);
      const how =
        model === 'register' ? `no write of ${cut(v.text)} to ${key}` : `no write of ${cut(v.text)} to ${key}, nor appends to a value written before,`;
      const nothing = missing === undefined ? '' : ` (nothing had appended ${cut(missing)})`;
      return {
        ops: later === undefined ? [culprit.op] : [culprit.op, later.op],
        detail: `${what}, but ${how} had been invoked by then${nothing}${first}${initialNote(v)}.`,
      };
    }
    // An op that saw or left another value after everything that could make v, and completed
    // before the culprit began: v was gone for good, the culprit is stale.
    const writersV = others.filter((o) => o.writes?.text === v.text);
    const remakers = [...writersV, ...others.filter((o) => o.f === 'append')];
    let over: RegOp | undefined;
    for (const o of others) {
      const shows = o.f === 'read' ? o.reads : o.f === 'cas-failed' ? undefined : o.writes;
      if (shows === undefined || shows.text === v.text || !(o.lin.ret < culprit.lin.call)) continue;
      if (!remakers.every((w) => w.lin.ret < o.lin.call)) continue;
      // The latest such write (a write is the plainer proof), else the latest such read.
      const rank = (x: RegOp) => (x.f === 'read' ? 0 : 1);
      if (over === undefined || rank(o) > rank(over) || (rank(o) === rank(over) && o.lin.ret > over.lin.ret)) over = o;
    }
    if (over !== undefined) {
      const verb = over.f === 'read' ? 'read' : over.f === 'cas' ? 'set it to' : 'wrote';
      const shown = over.f === 'read' ? over.reads! : over.writes!;
      const lastV = writersV.reduce<RegOp | undefined>((a, w) => (a === undefined || w.lin.ret > a.lin.ret ? w : a), undefined);
      const after =
        lastV === undefined
          ? `after ${key} held ${cut(v.text)}${initialNote(v)}`
          : `after every write of ${cut(v.text)} had completed (the last, op ${lastV.op}, at ${fmt(lastV.doneUs!)})`;
      return {
        ops: [culprit.op, over.op, ...writersV.map((w) => w.op)],
        detail: `${what}, but op ${over.op} ${verb} ${cut(shown.text)} and completed at ${fmt(over.doneUs!)}, ${after} and before the ${culprit.f} was invoked.`,
      };
    }
  }
  if (v !== undefined && culprit.f === 'cas-failed') {
    // The value was v throughout the cas: set by one write that came after every other change.
    const changers = others.filter((o) => o.f !== 'read' && o.f !== 'cas-failed');
    if (changers.length === 0 && initial.text === v.text) {
      return { ops: [culprit.op], detail: `${what}, but ${key} held ${cut(v.text)}, its initial value, throughout: nothing had changed it.` };
    }
    const last = changers.find((l) => l.writes?.text === v.text && l.lin.ret < culprit.lin.call && changers.every((o) => o === l || o.lin.ret < l.lin.call));
    if (last !== undefined) {
      return {
        ops: [culprit.op, last.op],
        detail: `${what}, but op ${last.op} ${last.f === 'cas' ? 'set it to' : 'wrote'} ${cut(v.text)} and completed at ${fmt(last.doneUs!)}, after every other change to ${key} and before the cas was invoked, so ${key} held ${cut(v.text)} throughout.`,
      };
    }
  }
  const ids = seen.map((o) => o.op);
  const named = ids.length > NAMED_IN_DETAIL ? `${ids.slice(0, NAMED_IN_DETAIL).join(', ')} and ${ids.length - NAMED_IN_DETAIL} more` : ids.join(', ');
  return {
    ops: [culprit.op, ...others.map((o) => o.op)],
    detail: `${what}, but no order of the ${seen.length} operations on ${key} up to then is consistent with a ${model === 'register' ? 'register' : 'key-value store'} (ops ${named}).`,
  };
}

function describe(key: string, o: RegOp): string {
  const when = `at ${fmt(o.doneUs!)} (op ${o.op}, invoked at ${fmt(o.invokeUs)})`;
  switch (o.f) {
    case 'read':
      return `A read of ${key} returned ${cut(o.reads!.text)} ${when}`;
    case 'cas':
      return `A cas of ${key} from ${cut(o.reads!.text)} to ${cut(o.writes!.text)} succeeded ${when}`;
    case 'cas-failed':
      return `A cas of ${key} from ${cut(o.reads!.text)} to ${cut(o.wanted!)} failed ${when}`;
    case 'append':
      return `An append of ${cut(o.appends!)} to ${key} completed ${when}`;
    case 'write':
      return `A write of ${cut(o.writes!.text)} to ${key} completed ${when}`;
  }
}

/** A value's text as a detail shows it, cut short. */
const cut = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
