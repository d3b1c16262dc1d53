import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { edit } from '../scenario/base.js';
import { Run, s } from './helpers.js';

const lin = { check: 'linearizable', initial: 0 } as const;
const kv = { check: 'linearizable', model: 'key-value' } as const;

describe('linearizable', () => {
  it('a stale read after a completed write is not linearizable, and the detail proves it', () => {
    const r = new Run();
    const w1 = r.op(10, 10.5, 'ok', 'write', 'x', 1);
    const w2 = r.op(11, 11.5, 'ok', 'write', 'x', 2);
    const rd = r.op(11.9, 12, 'ok', 'read', 'x', undefined, 1);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, kind: 'safety', at: s(12) });
    expect(v.ops).toEqual([rd, w2, w1]);
    expect(v.detail).toBe(
      `A read of x returned 1 at 12s (op ${rd}, invoked at 11.9s), but op ${w2} wrote 2 and completed at 11.5s, ` +
        `after every write of 1 had completed (the last, op ${w1}, at 10.5s) and before the read was invoked.`,
    );
  });

  it('a read concurrent with a write may return the old or the new value', () => {
    for (const seen of [0, 1]) {
      const r = new Run();
      r.op(1, 3, 'ok', 'write', 'x', 1);
      r.op(2, 2.5, 'ok', 'read', 'x', undefined, seen);
      expect(r.check(lin).ok).toBe(true);
    }
  });

  it('an info write may have happened: either read is fine, but not both in the wrong order', () => {
    const base = (reads: number[]) => {
      const r = new Run();
      r.op(1, 2, 'info', 'write', 'x', 1);
      reads.forEach((v, i) => r.op(3 + i, 3.5 + i, 'ok', 'read', 'x', undefined, v));
      return r.check(lin);
    };
    expect(base([1]).ok).toBe(true);
    expect(base([0]).ok).toBe(true);
    expect(base([0, 1]).ok).toBe(true); // took effect late, after its client gave up
    expect(base([1, 0])).toMatchObject({ ok: false, at: s(4.5) });
  });

  it('a failed write did not happen', () => {
    const r = new Run();
    r.op(1, 2, 'fail', 'write', 'x', 1);
    r.op(3, 4, 'ok', 'read', 'x', undefined, 1);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(4) });
    expect(v.detail).toMatch(/no write of 1 to x had been invoked by then \(the initial value is 0\)/);
  });

  it('a cas register: a cas whose expected value was already overwritten cannot succeed', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'write', 'x', 0);
    r.op(2, 3, 'ok', 'cas', 'x', [0, 1]);
    r.op(4, 5, 'ok', 'read', 'x', undefined, 1);
    expect(r.check(lin).ok).toBe(true);
    r.op(6, 7, 'fail', 'cas', 'x', [0, 5]); // failed: x held 1, not 0
    const bad = r.op(8, 9, 'ok', 'cas', 'x', [0, 2]);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(9) });
    expect(v.detail).toMatch(new RegExp(`A cas of x from 0 to 2 succeeded at 9s \\(op ${bad}, invoked at 8s\\), but op \\d+ set it to 1`));
  });

  it('a failed cas happened: it proves the value was not the expected one (Porcupine semantics)', () => {
    const r = new Run();
    const w = r.op(0, 1, 'ok', 'write', 'x', 3);
    const c = r.op(2, 3, 'fail', 'cas', 'x', [3, 4]); // but x certainly held 3
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(3), ops: [c, w] });
    expect(v.detail).toBe(
      `A cas of x from 3 to 4 failed at 3s (op ${c}, invoked at 2s), but op ${w} wrote 3 and completed at 1s, ` +
        'after every other change to x and before the cas was invoked, so x held 3 throughout.',
    );
    // On the initial value, with nothing written.
    const r2 = new Run();
    r2.op(0, 1, 'ok', 'write', 'y', 1);
    r2.op(0, 1, 'fail', 'cas', 'x', [0, 4]);
    expect(r2.check(lin).detail).toMatch(/^A cas of x from 0 to 4 failed at 1s .*, but x held 0, its initial value, throughout: nothing had changed it\.$/);
    // It does not change the value: a failed cas(0, 4) concurrent with a write of 5 is fine, and 4 is never read.
    const r3 = new Run();
    r3.op(0, 3, 'ok', 'write', 'x', 5);
    r3.op(1, 2, 'fail', 'cas', 'x', [0, 4]);
    r3.op(4, 5, 'ok', 'read', 'x', undefined, 5);
    expect(r3.check(lin).ok).toBe(true);
    r3.op(6, 7, 'ok', 'read', 'x', undefined, 4);
    expect(r3.check(lin).ok).toBe(false);
  });

  it('a cas with no answer may have taken effect, any time after its invoke, or never', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'write', 'x', 1);
    r.op(2, undefined, 'ok', 'cas', 'x', [1, 2]); // still open
    r.op(3, 4, 'ok', 'read', 'x', undefined, 1);
    r.op(5, 6, 'ok', 'read', 'x', undefined, 2);
    expect(r.check(lin).ok).toBe(true);
    r.op(7, 8, 'ok', 'read', 'x', undefined, 1);
    expect(r.check(lin)).toMatchObject({ ok: false, at: s(8) });
  });

  it('values compare structurally: object keys in any order are the same value', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'write', 'x', { a: 1, b: { c: [1, { d: 2, e: 3 }] } });
    r.op(2, 3, 'ok', 'read', 'x', undefined, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 });
    r.op(4, 5, 'ok', 'cas', 'x', [{ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }, 'next']);
    r.op(6, 7, 'ok', 'read', 'x', undefined, 'next');
    expect(r.check(lin).ok).toBe(true);
    const order = new Run();
    order.op(0, 1, 'ok', 'write', 'x', [1, 2]);
    order.op(2, 3, 'ok', 'read', 'x', undefined, [2, 1]); // arrays keep their order
    expect(order.check(lin).ok).toBe(false);
  });

  it('reports a malformed cas', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'cas', 'x', 3);
    expect(r.check(lin).detail).toMatch(/a cas needs \[expected, new\]/);
  });

  it('checks keys separately and reports the earliest violation', () => {
    const r = new Run();
    r.op(1, 2, 'ok', 'write', 'x', 1);
    r.op(1, 2, 'ok', 'write', 'y', 7);
    r.op(3, 4, 'ok', 'read', 'y', undefined, 7); // fine: y's read is not confused by x
    r.op(5, 6, 'ok', 'read', 'y', undefined, 0); // y violated at 6 s
    r.op(4, 5, 'ok', 'read', 'x', undefined, 0); // x violated at 5 s
    r.op(7, 8, 'ok', 'read', 'x', undefined, 1);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(5), measured: { keys: 2 } });
    expect(v.detail).toMatch(/^A read of x returned 0 at 5s/);
  });

  it('the violation is at the first completion that no order explains, not the end', () => {
    const r = new Run();
    r.op(1, 2, 'ok', 'write', 'x', 1);
    r.op(3, 4, 'ok', 'read', 'x', undefined, 0);
    for (let i = 0; i < 10; i++) r.op(5 + i, 5.5 + i, 'ok', 'write', 'x', 10 + i);
    expect(r.check(lin).at).toBe(s(4));
  });

  it('the shortest failing prefix ends before the whole history, and before a later read no write explains', () => {
    const r = new Run();
    // Two concurrent writes and two reads that each see a different one: fine so far.
    const w1 = r.op(1, 4, 'ok', 'write', 'x', 1);
    r.op(2, 5, 'ok', 'write', 'x', 2);
    r.op(3, 6, 'ok', 'read', 'x', undefined, 1);
    const r2 = r.op(6.5, 7, 'ok', 'read', 'x', undefined, 2);
    // Then a read of 1 again: 2 was read after every write of 1 completed, so 1 is gone for good.
    const r3 = r.op(8, 9, 'ok', 'read', 'x', undefined, 1);
    // A write still pending at 9 s, and much later a read of a value no one ever wrote.
    r.op(8.5, 30, 'ok', 'write', 'x', 3);
    r.op(31, 32, 'ok', 'read', 'x', undefined, 99);
    for (let i = 0; i < 5; i++) r.op(40 + i, 40.5 + i, 'ok', 'write', 'x', 100 + i);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(9) });
    expect(v.ops).toEqual([r3, r2, w1]);
    expect(v.detail).toBe(
      `A read of x returned 1 at 9s (op ${r3}, invoked at 8s), but op ${r2} read 2 and completed at 7s, ` +
        `after every write of 1 had completed (the last, op ${w1}, at 4s) and before the read was invoked.`,
    );
  });

  it('without a one-sentence proof, the detail names the ops up to the failing completion', () => {
    const r = new Run();
    const ws = [1, 2, 3].map((v) => r.op(0, 10, 'ok', 'write', 'x', v));
    const reads = [1, 2, 3, 1].map((v, i) => r.op(1 + i, 1.5 + i, 'ok', 'read', 'x', undefined, v));
    r.op(20, 21, 'ok', 'write', 'x', 9);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(4.5) });
    expect(v.detail).toBe(
      `A read of x returned 1 at 4.5s (op ${reads[3]}, invoked at 4s), but no order of the 7 operations on x up to then is consistent with a register (ops ${[...ws, ...reads].join(', ')}).`,
    );
  });

  it('a read of a value no write ever wrote fails at once, naming that read, however many unknown writes there are', () => {
    const r = new Run();
    for (let i = 0; i < 20; i++) r.op(i * 0.01, undefined, 'ok', 'write', 'x', `u${i}`);
    const bad = r.op(1, 2, 'ok', 'read', 'x', undefined, 'never');
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(2), ops: [bad], measured: { steps: 0, unknown: 0 } });
    expect(v.detail).toBe(
      `A read of x returned "never" at 2s (op ${bad}, invoked at 1s), but no write of "never" to x had been invoked by then (the initial value is 0).`,
    );
  });

  it('16 unknown writes and 4,000 acknowledged ones on one key, then a read of an unknown value: decided', () => {
    const r = new Run();
    for (let i = 0; i < 16; i++) r.op(0, undefined, 'ok', 'write', 'x', `u${i}`);
    for (let i = 0; i < 4000; i++) r.op(1 + i * 0.001, 1.0005 + i * 0.001, 'ok', 'write', 'x', i);
    r.op(10, 11, 'ok', 'read', 'x', undefined, 'u7');
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: true, measured: { ops: 4017 } });
    expect(v.measured!.steps).toBeLessThan(200_000);
  });

  it('when the search gives up the verdict is unknown: not a violation, failing unless ifUnknown: pass', () => {
    const r = new Run();
    for (let i = 0; i < 10; i++) r.op(0, 10, 'ok', 'write', 'x', i);
    r.op(11, 12, 'ok', 'read', 'x', undefined, 3);
    const v = r.check({ ...lin, maxSteps: 5 });
    expect(v).toMatchObject({ ok: false, measured: { unknown: 1, steps: 6 } });
    expect(v.at).toBeUndefined();
    expect(v.ops).toBeUndefined();
    expect(v.detail).toBe(
      'Could not decide within 5 steps whether the 11 operations on x are linearizable: this is not a violation, the search gave up (6 steps spent); raise `maxSteps` to decide it.',
    );
    expect(r.check({ ...lin, maxSteps: 5, ifUnknown: 'pass' })).toMatchObject({ ok: true, measured: { unknown: 1 } });
    expect(r.check(lin).ok).toBe(true);
  });

  it('a check that judged nothing says so and fails, unless allowEmpty', () => {
    // Writes and reads on different keys: nothing to compare.
    const r = new Run();
    r.op(0, 1, 'ok', 'write', 'write-0', 1);
    r.op(2, 3, 'ok', 'read', 'read-0');
    const v = r.check({ check: 'linearizable' });
    expect(v.ok).toBe(false);
    expect(v.detail).toBe(
      'judged nothing: no ok read of a key that was written (1 key read, 1 key written, none both); set `allowEmpty: true` if that is expected.',
    );
    expect(r.check({ check: 'linearizable', allowEmpty: true }).ok).toBe(true);
    expect(new Run().check({ check: 'linearizable' }).detail).toMatch(/^judged nothing: the history has no read\/write\/cas operations/);
    // A violation on a key never written is still a violation.
    const bad = new Run();
    bad.op(0, 1, 'ok', 'read', 'x', undefined, 5);
    expect(bad.check({ ...lin, allowEmpty: true })).toMatchObject({ ok: false, at: s(1) });
  });

  it('reads of nothing read null, the default initial value', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'read', 'x');
    r.op(2, 3, 'ok', 'write', 'x', 1);
    expect(r.check({ check: 'linearizable' }).ok).toBe(true);
    expect(r.check(lin).ok).toBe(false);
  });

  it('op names are configurable; ops with other names are ignored', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'put', 'x', 1);
    r.op(0, 1, 'ok', 'write', 'x', 2); // not judged: `write` is not the write op here
    r.op(2, 3, 'ok', 'get', 'x', undefined, 1);
    expect(r.check({ ...lin, read: 'get', write: 'put' })).toMatchObject({ ok: true, measured: { ops: 2 } });
  });

  describe('key-value model', () => {
    it('an append adds to the list; a read returns the whole list', () => {
      const r = new Run();
      r.op(0, 1, 'ok', 'append', 'k', 1);
      r.op(0.5, 2, 'ok', 'append', 'k', 2);
      r.op(3, 4, 'ok', 'read', 'k', undefined, [1, 2]);
      r.op(3, 4, 'ok', 'read', 'j', undefined, null);
      r.op(5, 6, 'ok', 'append', 'k', 3);
      r.op(7, 8, 'ok', 'read', 'k', undefined, [1, 2, 3]);
      expect(r.check(kv)).toMatchObject({ ok: true, measured: { keys: 2, ops: 6 } });
      r.op(9, 10, 'ok', 'read', 'k', undefined, [2, 1, 3]);
      expect(r.check(kv)).toMatchObject({ ok: false, at: s(10) });
    });

    it('writes replace the value, cas compares whole values, an unknown append may show up later', () => {
      const r = new Run();
      r.op(0, 1, 'ok', 'write', 'k', ['a']);
      r.op(2, 3, 'info', 'append', 'k', 'b');
      r.op(4, 5, 'ok', 'read', 'k', undefined, ['a']);
      r.op(6, 7, 'ok', 'read', 'k', undefined, ['a', 'b']);
      r.op(8, 9, 'ok', 'cas', 'k', [['a', 'b'], []]);
      r.op(10, 11, 'fail', 'cas', 'k', [['a', 'b'], ['z']]);
      r.op(12, 13, 'ok', 'append', 'k', { n: 1, m: 2 });
      r.op(14, 15, 'ok', 'read', 'k', undefined, [{ m: 2, n: 1 }]);
      expect(r.check(kv).ok).toBe(true);
    });

    it('a read of a list no write and appends could make fails at once, saying which element nobody appended', () => {
      const r = new Run();
      r.op(0, 1, 'ok', 'append', 'k', 1);
      const bad = r.op(2, 3, 'ok', 'read', 'k', undefined, [1, 7]);
      const v = r.check(kv);
      expect(v).toMatchObject({ ok: false, at: s(3), ops: [bad], measured: { steps: 1 } }); // one probe: the prefix before it
      expect(v.detail).toBe(
        `A read of k returned [1,7] at 3s (op ${bad}, invoked at 2s), but no write of [1,7] to k, nor appends to a value written before, had been invoked by then (nothing had appended 7) (the initial value is null).`,
      );
    });

    it('appending to a value that is not a list (or nothing) cannot happen', () => {
      const r = new Run();
      r.op(0, 1, 'ok', 'write', 'k', 5);
      r.op(2, 3, 'ok', 'append', 'k', 1);
      r.op(4, 5, 'ok', 'read', 'k', undefined, 5);
      expect(r.check(kv)).toMatchObject({ ok: false, at: s(3) });
      expect(r.check({ ...kv, append: 'add' }).ok).toBe(true); // `append` is not the append op now: ignored
    });
  });

  describe('config', () => {
    const issues = (c: Record<string, unknown>) => {
      const r = checkSchema.safeParse({ check: 'linearizable', ...c });
      return r.success ? [] : r.error.issues.map((i) => ({ path: i.path, message: i.message }));
    };

    it('an op the model does not know is a validation error naming the field', () => {
      expect(issues({ append: 'add' })).toEqual([
        {
          path: ['append'],
          message: 'linearizable: the register model has no append operation (it knows read, write, cas); use `model: key-value` to check appends',
        },
      ]);
      expect(issues({ model: 'key-value', append: 'add' })).toEqual([]);
      expect(issues({ model: 'hash-map' })[0]?.path).toEqual(['model']);
      expect(issues({ incr: 'inc' })[0]).toMatchObject({ path: [] });
    });

    it('two operations cannot share a name', () => {
      // At the field the file gave, not at the one that kept its default name.
      expect(issues({ read: 'write' })).toEqual([
        { path: ['read'], message: "linearizable: `read` and `write` both name the operation 'write'; each operation of the model needs its own name" },
      ]);
      expect(issues({ model: 'key-value', append: 'cas' })[0]?.path).toEqual(['append']);
      expect(issues({ model: 'key-value', write: 'append' })[0]?.path).toEqual(['write']);
      expect(issues({ read: 'get', write: 'get' })[0]?.path).toEqual(['write']);
    });

    it('the scenario loader reports it at the field, with its line', () => {
      const text = edit(
        '  - check: exactly-once\n    effect: charge\n',
        '  - check: exactly-once\n    effect: charge\n  - check: linearizable\n    append: add\n',
      );
      const r = parseScenario(text, 'x.yaml');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const line = text.split('\n').indexOf('    append: add') + 1;
      expect(r.issues).toEqual([
        expect.objectContaining({ path: ['checks', 1, 'append'], line, message: expect.stringMatching(/register model has no append/) }),
      ]);
    });
  });

  it('property: a real sequential register with non-overlapping timings is always linearizable', () => {
    const step = fc.record({
      kind: fc.constantFrom('read', 'write', 'cas'),
      key: fc.constantFrom('x', 'y'),
      a: fc.integer({ min: 0, max: 3 }),
      b: fc.integer({ min: 0, max: 3 }),
      gapMs: fc.integer({ min: 0, max: 50 }),
      tookMs: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const r = new Run();
        const reg = new Map<string, number>();
        let t = 0;
        for (const st of steps) {
          t += st.gapMs / 1000;
          const cur = reg.get(st.key) ?? 0;
          const done = t + st.tookMs / 1000;
          if (st.kind === 'read') r.op(t, done, 'ok', 'read', st.key, undefined, cur);
          else if (st.kind === 'write') {
            reg.set(st.key, st.a);
            r.op(t, done, 'ok', 'write', st.key, st.a);
          } else if (cur === st.a) {
            reg.set(st.key, st.b);
            r.op(t, done, 'ok', 'cas', st.key, [st.a, st.b]);
          } else r.op(t, done, 'fail', 'cas', st.key, [st.a, st.b]);
          t = done;
        }
        expect(r.check({ ...lin, allowEmpty: true }).ok).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('property: concurrent clients of a real register, each op taking effect inside its interval, are linearizable', () => {
    const op = fc.record({
      kind: fc.constantFrom('read', 'write', 'write-info'),
      startMs: fc.integer({ min: 0, max: 100 }),
      pointMs: fc.integer({ min: 0, max: 30 }),
      afterMs: fc.integer({ min: 1, max: 30 }),
      v: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (spec) => {
        // Each op takes effect at start + point (an info write may also never take effect: v odd).
        type Ev = { t: number; i: number; phase: 0 | 1 | 2 };
        const evs: Ev[] = [];
        spec.forEach((o, i) => {
          evs.push({ t: o.startMs, i, phase: 0 });
          if (!(o.kind === 'write-info' && o.v % 2 === 1)) evs.push({ t: o.startMs + o.pointMs, i, phase: 1 });
          evs.push({ t: o.startMs + o.pointMs + o.afterMs, i, phase: 2 });
        });
        evs.sort((a, b) => a.t - b.t || a.phase - b.phase || a.i - b.i);
        const r = new Run();
        const ids = new Map<number, number>();
        const result = new Map<number, number>();
        let reg = 0;
        for (const e of evs) {
          const o = spec[e.i]!;
          if (e.phase === 0) ids.set(e.i, r.invoke(e.t / 1000, o.kind === 'read' ? 'read' : 'write', 'x', o.kind === 'read' ? undefined : o.v));
          else if (e.phase === 1) {
            if (o.kind === 'read') result.set(e.i, reg);
            else reg = o.v;
          } else if (o.kind === 'write-info') r.info(e.t / 1000, ids.get(e.i)!);
          else r.ok(e.t / 1000, ids.get(e.i)!, o.kind === 'read' ? result.get(e.i) : undefined);
        }
        expect(r.check({ ...lin, allowEmpty: true }).ok).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
