import { describe, expect, it } from 'vitest';
import { Run, s } from './helpers.js';

describe('failed-means-not-done', () => {
  it('passes when every failed payment was really not charged; info answers promise nothing', () => {
    const r = new Run();
    r.op(1, 2, 'fail', 'charge', 'order-1');
    r.op(1, 2, 'info', 'charge', 'order-2');
    r.effect(3, 'pg', 'charge', 'order-2'); // unknown outcome, then charged: allowed
    r.op(1, 2, 'ok', 'charge', 'order-3');
    r.effect(1.5, 'pg', 'charge', 'order-3');
    const v = r.check({ check: 'failed-means-not-done', effect: 'charge', f: 'charge' });
    expect(v).toMatchObject({ ok: true, kind: 'safety', measured: { failed: 1, broken: 0 } });
  });

  it('fails when the gateway charges a payment the customer was told failed, at the later of the two', () => {
    const r = new Run();
    const told = r.op(1, 2, 'fail', 'charge', 'order-7');
    const e = r.effect(9.5, 'pg', 'charge', 'order-7'); // the slow gateway charged it anyway
    const early = r.op(3, 4, 'fail', 'charge', 'order-8');
    r.effect(3.5, 'pg', 'charge', 'order-8'); // charged before the fail answer
    const v = r.check({ check: 'failed-means-not-done', f: 'charge' });
    expect(v.ok).toBe(false);
    expect(v.at).toBe(s(4));
    expect(v.ops).toEqual([early, told]);
    expect(v.detail).toContain('order-8');
    expect(v.measured).toEqual({ failed: 2, broken: 2 });
    expect(v.effects).not.toContain(e);
  });

  it('only judges the named operations and effect kind', () => {
    const r = new Run();
    r.op(1, 2, 'fail', 'browse', 'order-1');
    r.effect(3, 'pg', 'charge', 'order-1');
    r.op(1, 2, 'fail', 'charge', 'order-2');
    r.effect(3, 'pg', 'refund', 'order-2');
    expect(r.check({ check: 'failed-means-not-done', f: 'charge', effect: 'charge' }).ok).toBe(true);
  });
});
