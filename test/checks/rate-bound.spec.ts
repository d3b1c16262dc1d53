import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { Run, s } from './helpers.js';

describe('rate-bound', () => {
  it('passes at exactly the limit, with windows half-open', () => {
    const r = new Run();
    // 5 at 0.0..0.8 s, then 5 more from 1.0 s: a fixed [0,1) [1,2) grid and every sliding window see at most 5.
    for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8]) r.effect(t, 'pg', 'charge', `o${t}`);
    expect(r.check({ check: 'rate-bound', effect: 'charge', max: 5, window: '1s' })).toMatchObject({ ok: true, measured: { maxInWindow: 5 } });
  });

  it('slides over every start point, not fixed windows', () => {
    const r = new Run();
    // Fixed windows [0,1) and [1,2) hold 3 each; the window [0.5, 1.5) holds 6.
    const idx = [0.1, 0.5, 0.6, 0.9, 1.0, 1.1, 1.4, 1.9].map((t) => r.effect(t, 'pg', 'charge', `o${t}`));
    const v = r.check({ check: 'rate-bound', effect: 'charge', max: 5, window: '1s' });
    expect(v).toMatchObject({ ok: false, at: s(1.4), measured: { maxInWindow: 6, windowStartUs: s(0.5) } });
    expect(v.effects).toEqual(idx.slice(1, 7));
    expect(v.detail).toMatch(/6 charge effects within 1s, from 500ms to 1.5s \(at most 5 allowed\); the bound was first exceeded at 1.4s/);
  });

  it('counts ok completions of f, filtered by client', () => {
    const r = new Run();
    const ops = [0, 0.1, 0.2].map((t) => r.op(t, t + 0.05, 'ok', 'charge', undefined));
    r.op(0.3, 0.35, 'fail', 'charge');
    const other = r.invoke(0.3, 'charge', undefined, undefined, 'client-2');
    r.ok(0.4, other);
    expect(r.check({ check: 'rate-bound', f: 'charge', max: 3, window: '1s', node: 'client-1' }).ok).toBe(true);
    expect(r.check({ check: 'rate-bound', f: 'charge', max: 2, window: '1s', node: 'client-1' })).toMatchObject({ ok: false, at: s(0.25), ops });
  });

  it('max 0 forbids any, and a key filter narrows', () => {
    const r = new Run();
    r.effect(1, 'pg', 'refund', 'a');
    // Nothing of key b to count: judged nothing, which passes only when allowed.
    expect(r.check({ check: 'rate-bound', effect: 'refund', key: 'b', max: 0, window: '1m' }).ok).toBe(false);
    expect(r.check({ check: 'rate-bound', effect: 'refund', key: 'b', max: 0, window: '1m', allowEmpty: true }).ok).toBe(true);
    expect(r.check({ check: 'rate-bound', effect: 'refund', max: 0, window: '1m' })).toMatchObject({ ok: false, at: s(1) });
  });

  it('needs exactly one of effect and f, and a positive window', () => {
    expect(checkSchema.safeParse({ check: 'rate-bound', max: 1, window: '1s' }).success).toBe(false);
    expect(checkSchema.safeParse({ check: 'rate-bound', effect: 'x', f: 'y', max: 1, window: '1s' }).success).toBe(false);
    expect(checkSchema.safeParse({ check: 'rate-bound', effect: 'x', max: 1, window: '0s' }).success).toBe(false);
  });
});
