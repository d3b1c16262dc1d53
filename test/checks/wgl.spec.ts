import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearize, type LinOp } from '../../sim/checks/wgl.js';

const read = (call: number, ret: number, v: string): LinOp => ({ call, ret, step: (s) => (s === v ? s : undefined) });
const write = (call: number, ret: number, v: string): LinOp => ({ call, ret, step: () => v });
const cas = (call: number, ret: number, from: string, to: string): LinOp => ({ call, ret, step: (s) => (s === from ? to : undefined) });

/** Tries every order (and every subset of the optional ops): the definition, for small histories. */
function bruteForce(ops: readonly LinOp[], initial: string): boolean {
  const used = ops.map(() => false);
  const rec = (state: string): boolean => {
    if (ops.every((o, i) => used[i] || o.ret === Infinity)) return true;
    for (let i = 0; i < ops.length; i++) {
      if (used[i]) continue;
      // i may go next only if every unplaced required op did not complete before i was invoked.
      if (ops.some((o, j) => !used[j] && o.ret !== Infinity && o.ret < ops[i]!.call)) continue;
      const next = ops[i]!.step(state);
      if (next === undefined) continue;
      used[i] = true;
      if (rec(next)) return true;
      used[i] = false;
    }
    return false;
  };
  return rec(initial);
}

describe('linearize (Wing–Gong / Lowe search)', () => {
  it('a stale read after a completed write is not linearizable', () => {
    expect(linearize([write(0, 1, '1'), write(2, 3, '2'), read(4, 5, '1')], '0', 1e6).result).toBe('fail');
  });

  it('a read concurrent with a write may see either value', () => {
    expect(linearize([write(0, 3, '1'), read(1, 2, '0')], '0', 1e6).result).toBe('ok');
    expect(linearize([write(0, 3, '1'), read(1, 2, '1')], '0', 1e6).result).toBe('ok');
    expect(linearize([write(0, 3, '1'), read(1, 2, '2')], '0', 1e6).result).toBe('fail');
  });

  it('an optional write may happen or not, but once seen it stays', () => {
    expect(linearize([write(0, Infinity, '1'), read(2, 3, '0')], '0', 1e6).result).toBe('ok');
    expect(linearize([write(0, Infinity, '1'), read(2, 3, '1')], '0', 1e6).result).toBe('ok');
    expect(linearize([write(0, Infinity, '1'), read(2, 3, '1'), read(4, 5, '0')], '0', 1e6).result).toBe('fail');
    expect(linearize([write(4, Infinity, '1'), read(2, 3, '1')], '0', 1e6).result).toBe('fail'); // invoked after the read
  });

  it('a cas register', () => {
    expect(linearize([cas(0, 1, '0', '1'), read(2, 3, '1')], '0', 1e6).result).toBe('ok');
    expect(linearize([cas(0, 1, '0', '1'), cas(2, 3, '0', '2')], '0', 1e6).result).toBe('fail');
    expect(linearize([cas(0, 5, '0', '1'), cas(1, 4, '0', '2'), read(6, 7, '1')], '0', 1e6).result).toBe('fail');
    expect(linearize([cas(0, 5, '0', '1'), cas(1, 4, '1', '2'), read(6, 7, '2')], '0', 1e6).result).toBe('ok');
  });

  it('gives up after maxSteps', () => {
    const ops = Array.from({ length: 12 }, (_, i) => write(i, 100 + i, String(i)));
    ops.push(read(200, 201, '99'));
    const r = linearize(ops, '0', 50);
    expect(r.result).toBe('unknown');
    expect(r.steps).toBe(51);
  });

  it('agrees with brute force on small random histories', () => {
    const op = fc.record({
      kind: fc.constantFrom('read', 'write', 'cas'),
      t: fc.integer({ min: 0, max: 20 }),
      d: fc.integer({ min: 0, max: 10 }),
      optional: fc.boolean(),
      a: fc.constantFrom('0', '1', '2'),
      b: fc.constantFrom('0', '1', '2'),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (spec) => {
        const ops = spec.map((o, i): LinOp => {
          const call = o.t * 100 + 2 * i; // distinct positions; ret after call
          const ret = o.optional && o.kind !== 'read' ? Infinity : (o.t + o.d) * 100 + 2 * i + 1;
          return o.kind === 'read' ? read(call, ret, o.a) : o.kind === 'write' ? write(call, ret, o.a) : cas(call, ret, o.a, o.b);
        });
        expect(linearize(ops, '0', 1e6).result).toBe(bruteForce(ops, '0') ? 'ok' : 'fail');
      }),
      { numRuns: 2000 },
    );
  });
});
