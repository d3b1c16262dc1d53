import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { canonicalKey } from './canonical.js';
import { checkBase, pairedOps, plural, show, verdict, type Op } from './common.js';
import { explain, type LinModel, Producers, type RegOp, type Value } from './linearizable-explain.js';
import type { CheckInput, CheckResult } from './types.js';
import { linearize, type LinOp } from './wgl.js';

/** The operations each model knows, by the config field that names them. */
const MODEL_OPS = {
  register: ['read', 'write', 'cas'],
  'key-value': ['read', 'write', 'cas', 'append'],
} as const satisfies Record<LinModel, readonly string[]>;

type OpField = 'read' | 'write' | 'cas' | 'append';

export const linearizableSchema = z
  .strictObject({
    check: z.literal('linearizable'),
    ...checkBase,
    /** `register`: read, write, cas. `key-value`: those and append (the value is a list; a read returns all of it). Per key. */
    model: z.enum(['register', 'key-value']).default('register'),
    /** Op names: a read returns the value; a write's invoke value is the value written; a cas's is [expected, new]; an append's the element. */
    read: z.string().min(1).default('read'),
    write: z.string().min(1).default('write'),
    cas: z.string().min(1).default('cas'),
    /** key-value only; `append` when not given. */
    append: z.string().min(1).optional(),
    /** Every key's value before any write; a read that returns nothing read `null`. */
    initial: z.unknown().default(null),
    /** Search steps per key before giving up. */
    maxSteps: z.number().int().min(1).default(1_000_000),
    /** The verdict when the search gives up: a history not proven linearizable fails by default. */
    ifUnknown: z.enum(['fail', 'pass']).default('fail'),
    /** Pass a history with no ok read of a written key (it judged nothing); off: such a check fails. */
    allowEmpty: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    if (c.model === 'register' && c.append !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['append'],
        message: `linearizable: the register model has no append operation (it knows ${MODEL_OPS.register.join(', ')}); use \`model: key-value\` to check appends`,
      });
    }
    const names = opNames(c);
    names.forEach(([a, name], i) => {
      const b = names.slice(0, i).find(([, n]) => n === name)?.[0];
      if (b === undefined) return;
      // At the field the file gave: a field still holding its default name was not given.
      const [given, other] = name === b ? [a, b] : name === a ? [b, a] : [a, b];
      ctx.addIssue({
        code: 'custom',
        path: [given],
        message: `linearizable: \`${given}\` and \`${other}\` both name the operation '${name}'; each operation of the model needs its own name`,
      });
    });
  });
export type LinearizableConfig = z.output<typeof linearizableSchema>;

/** The op names the check judges, by field, for the chosen model. */
function opNames(c: { model: LinModel; read: string; write: string; cas: string; append?: string | undefined }): [OpField, string][] {
  const out: [OpField, string][] = [
    ['read', c.read],
    ['write', c.write],
    ['cas', c.cas],
  ];
  if (c.model === 'key-value') out.push(['append', c.append ?? 'append']);
  return out;
}

/**
 * Each key is an independent object of the model, checked on its own. An ok op took effect; a
 * failed cas took effect as a read that saw another value than the one it expected; other
 * failed ops did not happen; reads without an ok have no result to explain and are dropped;
 * writes, cas and appends with `info` or still open may have taken effect any time after their
 * invoke, or never.
 */
export function linearizable(config: LinearizableConfig, input: CheckInput): CheckResult {
  const build = new Builder(config);
  const byKey = new Map<string, RegOp[]>();
  let malformed: Op | undefined;
  for (const o of pairedOps(input)) {
    const r = build.op(o);
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
  let steps = 0;
  let opCount = 0;
  let judged = 0;
  let worst: Finding | undefined;
  for (const [key, ops] of byKey) {
    opCount += ops.length;
    if (ops.some(observes) && ops.some(changes)) judged++;
    const search = new KeySearch(build, key, ops, config.maxSteps);
    const found = search.run();
    steps += search.steps;
    if (found === undefined) continue;
    if (worst === undefined || (worst.unknown && !found.unknown) || (worst.unknown === found.unknown && (found.at ?? Infinity) < (worst.at ?? Infinity)))
      worst = found;
  }
  const measured = { keys: byKey.size, ops: opCount, steps };
  if (worst === undefined) {
    if (judged === 0 && !config.allowEmpty) {
      return verdict(config, { ok: false, detail: `${nothingJudged(config, byKey)}; set \`allowEmpty: true\` if that is expected.`, measured });
    }
    if (judged === 0) return verdict(config, { ok: true, detail: `${nothingJudged(config, byKey)} (allowed: \`allowEmpty: true\`).`, measured });
    return verdict(config, { ok: true, detail: `${plural(opCount, 'operation')} on ${plural(byKey.size, 'key')}, linearizable.`, measured });
  }
  if (worst.unknown && config.ifUnknown === 'pass') return verdict(config, { ok: true, detail: worst.detail, measured: { ...measured, unknown: 1 } });
  // Undecided is not a violation: no moment, no ops.
  if (worst.unknown) return verdict(config, { ok: false, detail: worst.detail, measured: { ...measured, unknown: 1 } });
  return verdict(config, { ok: false, detail: worst.detail, at: worst.at, ops: worst.ops, measured: { ...measured, unknown: 0 } });
}

/** An op that tests the value: an ok read, a cas (ok or failed). */
const observes = (o: RegOp): boolean => o.f === 'read' || o.f === 'cas-failed' || (o.f === 'cas' && o.doneUs !== undefined);
/** An op that may change the value. */
const changes = (o: RegOp): boolean => o.f === 'write' || o.f === 'cas' || o.f === 'append';

function nothingJudged(config: LinearizableConfig, byKey: ReadonlyMap<string, readonly RegOp[]>): string {
  const names = opNames(config).map(([, n]) => n);
  if (byKey.size === 0) return `judged nothing: the history has no ${names.join('/')} operations`;
  let observed = 0;
  let changed = 0;
  for (const ops of byKey.values()) {
    if (ops.some(observes)) observed++;
    if (ops.some(changes)) changed++;
  }
  return `judged nothing: no ok read of a key that was written (${plural(observed, 'key')} read, ${plural(changed, 'key')} written, none both)`;
}

/** Interns values (canonical text to a small integer id, once) and turns history ops into register ops. */
class Builder {
  readonly model: LinModel;
  readonly initial: Value;
  readonly initialId: number;
  private readonly fields = new Map<string, OpField>();
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  /** Per element id: state id to the state id after appending it. */
  private readonly appendsTo: (Map<number, number> | undefined)[] = [];

  constructor(config: LinearizableConfig) {
    this.model = config.model;
    for (const [field, name] of opNames(config)) this.fields.set(name, field);
    this.initial = value(config.initial);
    this.initialId = this.intern(this.initial.text);
  }

  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  /** The state after appending element `elem` to state `s`: a list grows; nothing (`null`) becomes a list; anything else cannot. */
  append(s: number, elem: number): number {
    let to = this.appendsTo[elem];
    if (to === undefined) this.appendsTo[elem] = to = new Map();
    let r = to.get(s);
    if (r === undefined) {
      const t = this.texts[s]!;
      const e = this.texts[elem]!;
      r = t === 'null' || t === '[]' ? this.intern(`[${e}]`) : t.startsWith('[') ? this.intern(`${t.slice(0, -1)},${e}]`) : -1;
      to.set(s, r);
    }
    return r;
  }

  /** The register op for a history op, 'skip' when it constrains nothing, 'malformed' for a bad cas. */
  op(o: Op): RegOp | 'skip' | 'malformed' {
    const field = this.fields.get(o.f);
    if (field === undefined) return 'skip';
    const done = o.outcome === 'ok' || (o.outcome === 'fail' && field === 'cas');
    const base = { op: o.op, invokeUs: o.invokeUs, doneUs: done ? o.doneUs : undefined };
    const lin = (kind: LinOp['kind'], step: LinOp['step']): LinOp => ({ call: o.invokeAt, ret: done ? o.doneAt : Infinity, step, kind });
    if (field === 'read') {
      if (o.outcome !== 'ok') return 'skip';
      const v = value(o.result);
      const id = this.intern(v.text);
      return { ...base, f: 'read', reads: v, lin: lin('observe', (s) => (s === id ? s : -1)) };
    }
    if (o.outcome === 'fail' && field !== 'cas') return 'skip';
    if (field === 'write') {
      const v = value(o.arg);
      const id = this.intern(v.text);
      return { ...base, f: 'write', writes: v, lin: lin('write', () => id) };
    }
    if (field === 'append') {
      const e = canonicalKey(o.arg);
      const id = this.intern(e);
      return { ...base, f: 'append', appends: e, lin: lin('update', (s) => this.append(s, id)) };
    }
    if (!Array.isArray(o.arg) || o.arg.length !== 2) return 'malformed';
    const from = value(o.arg[0]);
    const to = value(o.arg[1]);
    const [fromId, toId] = [this.intern(from.text), this.intern(to.text)];
    if (o.outcome === 'fail') {
      // Porcupine's semantics: it happened, as a read that found another value than `from`.
      return { ...base, f: 'cas-failed', reads: from, wanted: to.text, lin: lin('observe', (s) => (s !== fromId ? s : -1)) };
    }
    return { ...base, f: 'cas', reads: from, writes: to, lin: lin('update', (s) => (s === fromId ? toId : -1)) };
  }
}

/** A value's canonical text, with its elements' texts when it is a list. Nothing is null. */
function value(v: unknown): Value {
  if (!Array.isArray(v)) return { text: canonicalKey(v), list: undefined };
  const list = v.map(canonicalKey);
  return { text: `[${list.join(',')}]`, list };
}

/** A key's failure (proven: `at` is its moment) or its undecided search (`unknown`). */
type Finding = { at: Micros | undefined; ops: number[]; detail: string; unknown: boolean };

/** The search for one key: the pre-pass, the whole history, then the shortest failing prefix. */
class KeySearch {
  steps = 0;
  private readonly name: string;

  constructor(
    private readonly build: Builder,
    key: string,
    private readonly ops: readonly RegOp[],
    private readonly maxSteps: number,
  ) {
    this.name = key === '' ? (build.model === 'register' ? 'the register' : 'the store') : key;
  }

  /** Undefined when the key's history is linearizable. */
  run(): Finding | undefined {
    const rets = this.ops.filter((o) => o.lin.ret !== Infinity).sort((a, b) => a.lin.ret - b.lin.ret);
    // Pre-pass: an op that needs a value no op could ever have made fails wherever it goes.
    const producers = new Producers(this.build.initial, this.ops);
    const impossible = rets.find((o) => o.reads !== undefined && o.f !== 'cas-failed' && !producers.canMake(o.reads));
    let end = rets.length - 1; // the prefix up to rets[end] fails (the whole history, when it fails)
    if (impossible !== undefined) end = rets.indexOf(impossible);
    else {
      const full = this.search(this.ops.map((o) => o.lin));
      if (full === 'ok') return undefined;
      if (full === 'unknown') {
        return {
          at: undefined,
          ops: [],
          detail: `Could not decide within ${this.maxSteps} steps whether the ${plural(this.ops.length, 'operation')} on ${this.name} are linearizable: this is not a violation, the search gave up (${this.steps} steps spent); raise \`maxSteps\` to decide it.`,
          unknown: true,
        };
      }
    }
    return this.shortestFailingPrefix(rets, end);
  }

  private search(lin: readonly LinOp[]): 'ok' | 'fail' | 'unknown' {
    const r = linearize(lin, this.build.initialId, this.maxSteps);
    this.steps += r.steps;
    return r.result;
  }

  /**
   * The first completion at which the history stops being linearizable: the prefix up to it
   * fails, the prefix before it does not (a prefix of a linearizable history is linearizable,
   * ops still pending at its end treated as may-or-may-not-have-happened), found by binary
   * search below `end`, a completion known to fail. A prefix the search cannot decide counts as
   * passing, so the culprit is always a proven failure; the detail says when an earlier one
   * could not be ruled out.
   */
  private shortestFailingPrefix(rets: readonly RegOp[], end: number): Finding {
    let lo = 0;
    let hi = end;
    let undecided = false;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.search(prefix(this.ops, rets[mid]!.lin.ret));
      if (r === 'fail') hi = mid;
      else {
        if (r === 'unknown') undecided = true;
        lo = mid + 1;
      }
    }
    const culprit = rets[lo]!;
    const at = culprit.lin.ret;
    const seen = this.ops.filter((o) => o.lin.call <= at && (o.lin.kind !== 'observe' || o.lin.ret <= at));
    const why = explain(this.build.model, this.name, culprit, seen, this.ops, this.build.initial);
    const note = undecided ? ` (An earlier failure could not be ruled out within ${this.maxSteps} steps.)` : '';
    return { at: culprit.doneUs!, ops: why.ops, detail: why.detail + note, unknown: false };
  }
}

/** The history as it stood at position `end`: later ops gone, ops pending then made optional (or dropped, if they change nothing). */
function prefix(ops: readonly RegOp[], end: number): LinOp[] {
  const out: LinOp[] = [];
  for (const o of ops) {
    if (o.lin.call > end) continue;
    if (o.lin.ret <= end) out.push(o.lin);
    else if (o.lin.kind !== 'observe') out.push({ ...o.lin, ret: Infinity });
  }
  return out;
}
