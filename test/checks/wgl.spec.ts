import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearize, type LinOp } from '../../sim/checks/wgl.js';

// States are small integers; 0 is the initial value in these tests.
const read = (call: number, ret: number, v: number): LinOp => ({ call, ret, kind: 'observe', step: (s) => (s === v ? s : -1) });
const write = (call: number, ret: number, v: number): LinOp => ({ call, ret, kind: 'write', step: () => v });
const cas = (call: number, ret: number, from: number, to: number): LinOp => ({ call, ret, kind: 'update', step: (s) => (s === from ? to : -1) });
const casFailed = (call: number, ret: number, from: number): LinOp => ({ call, ret, kind: 'observe', step: (s) => (s !== from ? s : -1) });
/** An update that adds `d` (a counter), for states that are not just the last write. */
const add = (call: number, ret: number, d: number): LinOp => ({ call, ret, kind: 'update', step: (s) => s + d });

/** Tries every order (and every subset of the optional ops): the definition, for small histories. */
function bruteForce(ops: readonly LinOp[], initial: number): boolean {
  const used = ops.map(() => false);
  const rec = (state: number): boolean => {
    if (ops.every((o, i) => used[i] || o.ret === Infinity)) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      // i may go next only if every unplaced required op did not complete before i was invoked.
      if (ops.some((o, j) => !used[j] && o.ret !== Infinity && o.ret < ops[i]!.call)) continue;
      const next = ops[i]!.step(state);
      if (next < 0) continue;
      used[i] = true;
      if (rec(next)) return true;
      used[i] = false;
    }
    return false;
  };
  return rec(initial);
}

const result = (ops: LinOp[], maxSteps = 1e6) => linearize(ops, 0, maxSteps).result;

describe('linearize (Wing–Gong / Lowe search)', () => {
  it('a stale read after a completed write is not linearizable', () => {
    expect(result([write(0, 1, 1), write(2, 3, 2), read(4, 5, 1)])).toBe('fail');
  });

  it('a read concurrent with a write may see either value', () => {
    expect(result([write(0, 3, 1), read(1, 2, 0)])).toBe('ok');
    expect(result([write(0, 3, 1), read(1, 2, 1)])).toBe('ok');
    expect(result([write(0, 3, 1), read(1, 2, 2)])).toBe('fail');
  });

  it('an optional write may happen or not, but once seen it stays', () => {
    expect(result([write(0, Infinity, 1), read(2, 3, 0)])).toBe('ok');
    expect(result([write(0, Infinity, 1), read(2, 3, 1)])).toBe('ok');
    expect(result([write(0, Infinity, 1), read(2, 3, 1), read(4, 5, 0)])).toBe('fail');
    expect(result([write(4, Infinity, 1), read(2, 3, 1)])).toBe('fail'); // invoked after the read
  });

  it('a cas register, including failed cas (a read that found another value)', () => {
    expect(result([cas(0, 1, 0, 1), read(2, 3, 1)])).toBe('ok');
    expect(result([cas(0, 1, 0, 1), cas(2, 3, 0, 2)])).toBe('fail');
    expect(result([cas(0, 5, 0, 1), cas(1, 4, 0, 2), read(6, 7, 1)])).toBe('fail');
    expect(result([cas(0, 5, 0, 1), cas(1, 4, 1, 2), read(6, 7, 2)])).toBe('ok');
    expect(result([casFailed(0, 1, 0)])).toBe('fail'); // the value was 0 all along
    expect(result([write(0, Infinity, 3), casFailed(1, 2, 0)])).toBe('ok'); // only if the unknown write happened
    expect(result([write(0, Infinity, 3), casFailed(1, 2, 0), read(3, 4, 0)])).toBe('fail');
  });

  it('an unknown op that changes nothing a later op can see is not tried, and the search stays linear', () => {
    // 16 unknown writes concurrent with everything, 4,000 acknowledged writes, then a read of one unknown value.
    const ops: LinOp[] = [];
    for (let i = 0; i < 16; i++) ops.push(write(i, Infinity, 10_000 + i));
    for (let i = 0; i < 4000; i++) ops.push(write(100 + 2 * i, 101 + 2 * i, i + 1));
    ops.push(read(10_000, 10_001, 10_007));
    const r = linearize(ops, 0, 1e6);
    expect(r.result).toBe('ok');
    expect(r.steps).toBeLessThan(100_000);
  });

  it('gives up after maxSteps', () => {
    const ops = Array.from({ length: 12 }, (_, i) => write(i, 100 + i, i + 1));
    ops.push(read(200, 201, 99));
    const r = linearize(ops, 0, 50);
    expect(r.result).toBe('unknown');
    expect(r.steps).toBe(51);
  });

  it('rejects a return that does not follow its call', () => {
    expect(() => linearize([read(3, 3, 0)], 0, 10)).toThrow(/not after its call/);
  });

  it('keeps long histories exact: the visited set compares the real sets, past many 32-bit words', () => {
    // 200 overlapping pairs of writes, each pair followed by a read of one of them: every prefix
    // revisits states, over a bitset of 600 ops.
    const ops: LinOp[] = [];
    for (let i = 0; i < 200; i++) {
      const t = 10 * i;
      ops.push(write(t, t + 3, 2 * i + 1), write(t + 1, t + 4, 2 * i + 2), read(t + 5, t + 6, 2 * i + 1 + (i % 2)));
    }
    expect(result(ops)).toBe('ok');
    ops.push(read(5000, 5001, 1)); // long overwritten
    expect(result(ops)).toBe('fail');
  });

  it('agrees with brute force on small random histories (required and optional; writes, reads, cas, failed cas, updates)', () => {
    const op = fc.record({
      kind: fc.constantFrom('read', 'write', 'cas', 'cas-failed', 'add'),
      t: fc.integer({ min: 0, max: 20 }),
      d: fc.integer({ min: 0, max: 10 }),
      optional: fc.boolean(),
      a: fc.integer({ min: 0, max: 2 }),
      b: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 7 }), (spec) => {
        const ops = spec.flatMap((o, i): LinOp[] => {
          const call = o.t * 100 + 2 * i; // distinct positions; ret after call
          const observe = o.kind === 'read' || o.kind === 'cas-failed';
          if (o.optional && observe) return []; // an observation without an answer constrains nothing
          const ret = o.optional ? Infinity : (o.t + o.d) * 100 + 2 * i + 1;
          switch (o.kind) {
            case 'read':
              return [read(call, ret, o.a)];
            case 'write':
              return [write(call, ret, o.a)];
            case 'cas':
              return [cas(call, ret, o.a, o.b)];
            case 'cas-failed':
              return [casFailed(call, ret, o.a)];
            default:
              return [add(call, ret, o.a + 1)];
          }
        });
        expect(result(ops)).toBe(bruteForce(ops, 0) ? 'ok' : 'fail');
      }),
      { seed: 42, numRuns: 3000 },
    );
  });
});
