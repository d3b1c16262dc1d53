import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerHistory } from '../../bench/linearizable.js';
import { checkSchema, runCheck } from '../../sim/checks/index.js';
import type { HistoryEntry } from '../../sim/world/history.js';
import { Run } from './helpers.js';

/**
 * The checker against the definition: on small random histories (up to 7 ops on 1 or 2 keys,
 * random overlaps and outcomes), its verdict equals a brute-force search over every order that
 * respects real time and every subset of the ops whose outcome is unknown, written here from the
 * semantics alone (no code shared with the checker: values compare by a deep equality of its own).
 */

type F = 'read' | 'write' | 'cas' | 'append';
type Outcome = 'ok' | 'fail' | 'info' | 'open';
interface Spec {
  f: F;
  key: string;
  /** write: the value; cas: [expected, new]; append: the element. */
  arg: unknown;
  outcome: Outcome;
  /** A read's answer. */
  result: unknown;
  /** Distinct integer milliseconds. */
  invokeMs: number;
  doneMs: number;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The state after op `o`, or `undefined` when it cannot happen in `state`. */
function apply(o: Spec, state: unknown): { next: unknown } | undefined {
  switch (o.f) {
    case 'read':
      return deepEqual(o.result ?? null, state) ? { next: state } : undefined;
    case 'write':
      return { next: o.arg };
    case 'cas': {
      const [from, to] = o.arg as [unknown, unknown];
      if (o.outcome === 'fail') return deepEqual(from, state) ? undefined : { next: state };
      return deepEqual(from, state) ? { next: to } : undefined;
    }
    case 'append':
      if (state === null) return { next: [o.arg] };
      return Array.isArray(state) ? { next: [...state, o.arg] } : undefined;
  }
}

/**
 * Is the history, as it stood at `endMs`, linearizable? Ops invoked later are not there yet; ops
 * that completed later are pending then, as what they turned out to be: a pending read or failed
 * cas says nothing yet; a pending write, cas or append may or may not have happened. An ok op happened; a failed cas happened
 * (it saw another value); other failed ops did not, at any time; info and open ones may have, or not.
 */
function bruteForce(specs: readonly Spec[], initial: unknown, endMs = Infinity): boolean {
  type P = Spec & { required: boolean; doneAt: number };
  const ops: P[] = [];
  for (const o of specs) {
    if (o.invokeMs > endMs || (o.outcome === 'fail' && o.f !== 'cas')) continue; // did not happen, even before its answer came
    const answered = o.outcome !== 'open' && o.doneMs <= endMs;
    const observes = o.f === 'read' || o.outcome === 'fail'; // what it turned out to be: an observation, without effect
    if (answered && (o.outcome === 'ok' || o.outcome === 'fail')) ops.push({ ...o, required: true, doneAt: o.doneMs });
    else if (!observes) ops.push({ ...o, required: false, doneAt: Infinity });
  }
  const placed = ops.map(() => false);
  const rec = (state: Map<string, unknown>): boolean => {
    if (ops.every((o, i) => placed[i] || !o.required)) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const o = ops[i]!;
      if (ops.some((p, j) => !placed[j] && p.doneAt < o.invokeMs)) continue;
      const r = apply(o, state.has(o.key) ? state.get(o.key) : initial);
      if (r === undefined) continue;
      placed[i] = true;
      const next = new Map(state).set(o.key, r.next);
      if (rec(next)) return true;
      placed[i] = false;
    }
    return false;
  };
  return rec(new Map());
}

/** The first completion at which the history stops being linearizable, by brute force. */
function firstFailingMs(specs: readonly Spec[], initial: unknown): number | undefined {
  const ends = specs
    .filter((o) => o.outcome === 'ok' || o.outcome === 'fail' || o.outcome === 'info')
    .map((o) => o.doneMs)
    .sort((a, b) => a - b);
  return ends.find((end) => !bruteForce(specs, initial, end));
}

function record(specs: readonly Spec[]): Run {
  const r = new Run();
  for (const o of specs) {
    if (o.outcome === 'open') r.op(o.invokeMs / 1000, undefined, 'ok', o.f, o.key, o.arg);
    else r.op(o.invokeMs / 1000, o.doneMs / 1000, o.outcome, o.f, o.key, o.arg, o.f === 'read' && o.outcome === 'ok' ? o.result : undefined);
  }
  return r;
}

/**
 * A history generator: each op's times come from a slot and a length (distinct by construction:
 * invokes end in the op's index, completions in 50 + index). Reads answer either what a real
 * object would have returned at a random point of their interval (so that many histories pass),
 * or a random value.
 */
function histories(model: 'register' | 'key-value') {
  const values: unknown[] = model === 'register' ? [0, 1, 2, { a: 1, b: 2 }, { b: 2, a: 1 }, null] : [null, [], [1], [2], [1, 2], [2, 1], [{ a: 1, b: 2 }]];
  const elements: unknown[] = [1, 2, { b: 2, a: 1 }];
  const fs: F[] = model === 'register' ? ['read', 'write', 'cas'] : ['read', 'write', 'cas', 'append'];
  const op = fc.record({
    f: fc.constantFrom(...fs),
    key: fc.constantFrom('x', 'y'),
    a: fc.constantFrom(...values),
    b: fc.constantFrom(...values),
    e: fc.constantFrom(...elements),
    outcome: fc.constantFrom<Outcome>('ok', 'ok', 'ok', 'fail', 'info', 'open'),
    slot: fc.integer({ min: 0, max: 12 }),
    length: fc.integer({ min: 0, max: 8 }),
    point: fc.double({ min: 0, max: 1, noNaN: true }),
    honest: fc.boolean(),
    random: fc.constantFrom(...values),
  });
  return fc.record({ keys: fc.constantFrom(1, 2), ops: fc.array(op, { minLength: 1, maxLength: 7 }) }).map(({ keys, ops }) => {
    const specs: Spec[] = ops.map((o, i) => {
      const invokeMs = o.slot * 100 + i;
      const arg = o.f === 'cas' ? [o.a, o.b] : o.f === 'append' ? o.e : o.f === 'write' ? o.a : undefined;
      return { f: o.f, key: keys === 1 ? 'x' : o.key, arg, outcome: o.outcome, result: undefined, invokeMs, doneMs: invokeMs + o.length * 100 + 50 };
    });
    // A real object: ops take effect at a point of their interval, in that order; a cas's outcome
    // and a read's answer come from it when `honest` (an info or open op may never take effect).
    const initial = model === 'register' ? 0 : null;
    const byPoint = specs.map((s, i) => ({ s, i, at: s.invokeMs + ops[i]!.point * (s.doneMs - s.invokeMs) })).sort((p, q) => p.at - q.at);
    const state = new Map<string, unknown>();
    for (const { s, i } of byPoint) {
      const o = ops[i]!;
      const cur = state.has(s.key) ? state.get(s.key) : initial;
      if (s.f === 'read') s.result = o.honest ? cur : o.random;
      if (!o.honest && s.f !== 'read') continue;
      if ((s.outcome === 'info' || s.outcome === 'open') && o.point < 0.3) continue; // never took effect
      if (s.f === 'cas' && o.honest && s.outcome !== 'info' && s.outcome !== 'open') s.outcome = deepEqual(cur, o.a) ? 'ok' : 'fail';
      if (s.outcome === 'fail' && s.f !== 'cas') continue;
      const r = apply(s, cur);
      if (r !== undefined && !(s.f === 'cas' && s.outcome === 'fail')) state.set(s.key, r.next);
    }
    return { specs, initial };
  });
}

describe('linearizable against a brute-force checker', () => {
  for (const model of ['register', 'key-value'] as const) {
    it(`${model}: the verdict, and the first failing completion, agree with brute force`, () => {
      let failing = 0;
      fc.assert(
        fc.property(histories(model), ({ specs, initial }) => {
          const v = record(specs).check({ check: 'linearizable', model, initial, allowEmpty: true });
          const expected = bruteForce(specs, initial);
          expect(v.measured?.unknown ?? 0).toBe(0);
          expect(v.ok, v.detail).toBe(expected);
          if (!expected) {
            failing++;
            expect(v.at).toBe(firstFailingMs(specs, initial)! * 1000);
          }
        }),
        { seed: 42, numRuns: 500 },
      );
      // Both verdicts are well represented.
      expect(failing).toBeGreaterThan(50);
      expect(failing).toBeLessThan(450);
    });
  }
});

describe('linearizable on a real register', () => {
  const check = (history: HistoryEntry[]) =>
    runCheck(checkSchema.parse({ check: 'linearizable' }), {
      history,
      effects: [],
      nodes: {},
      timeline: { faults: [], nodes: {}, partitions: [], deploys: [] },
      endUs: 1e9,
    });

  it("the benchmark's histories (10 clients, 5 keys, 20 % unknown, failed cas) are linearizable, on any seed", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const h = registerHistory({ ops: seed === 1 ? 1_000 : 200, clients: 10, keys: 5, unknown: 0.2, seed });
      expect(h.some((e) => e.f === 'cas' && e.type === 'fail')).toBe(true);
      const v = check(h);
      expect(v.ok, `seed ${seed}: ${v.detail}`).toBe(true);
      expect(v.detail).toMatch(/linearizable\.$/);
    }
  });

  it('one answer changed to a value nobody wrote is found, at that answer', () => {
    const h = registerHistory({ ops: 1_000, clients: 10, keys: 5, unknown: 0.2, seed: 3 });
    const i = h.findIndex((e, k) => k > 1_000 && e.f === 'read' && e.type === 'ok');
    h[i] = { ...h[i]!, value: 'forged' };
    const v = check(h);
    expect(v).toMatchObject({ ok: false, at: h[i]!.time });
    expect(v.ops?.[0]).toBe(h[i]!.op);
  });
});
