import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Run, s } from './helpers.js';

const lin = { check: 'linearizable', initial: 0 } as const;

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
    r.op(6, 7, 'fail', 'cas', 'x', [0, 5]); // failed: did nothing
    const bad = r.op(8, 9, 'ok', 'cas', 'x', [0, 2]);
    const v = r.check(lin);
    expect(v).toMatchObject({ ok: false, at: s(9) });
    expect(v.detail).toMatch(new RegExp(`A cas of x from 0 to 2 succeeded at 9s \\(op ${bad}, invoked at 8s\\), but op \\d+ set it to 1`));
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

  it('when the search gives up the verdict is unknown, failing unless ifUnknown: pass', () => {
    const r = new Run();
    for (let i = 0; i < 10; i++) r.op(0, 10, 'ok', 'write', 'x', i);
    r.op(11, 12, 'ok', 'read', 'x', undefined, 99);
    const v = r.check({ ...lin, maxSteps: 20 });
    expect(v).toMatchObject({ ok: false, measured: { unknown: 1 } });
    expect(v.detail).toMatch(/Could not decide .* within 20 search steps; raise `maxSteps`/);
    expect(r.check({ ...lin, maxSteps: 20, ifUnknown: 'pass' }).ok).toBe(true);
    expect(r.check(lin).ok).toBe(false);
  });

  it('reads of nothing read null, the default initial value', () => {
    const r = new Run();
    r.op(0, 1, 'ok', 'read', 'x');
    expect(r.check({ check: 'linearizable' }).ok).toBe(true);
    expect(r.check(lin).ok).toBe(false);
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
        expect(r.check(lin).ok).toBe(true);
      }),
      { numRuns: 300 },
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
        expect(r.check(lin).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
