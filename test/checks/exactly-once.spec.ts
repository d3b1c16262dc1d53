import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { Run, s } from './helpers.js';

describe('exactly-once', () => {
  it('passes when every order is charged once', () => {
    const r = new Run();
    for (const k of ['order-1', 'order-2', 'order-3']) {
      const op = r.invoke(1, 'charge', k);
      r.effect(1.1, 'pg', 'charge', k);
      r.ok(1.2, op);
    }
    const v = r.check({ check: 'exactly-once', effect: 'charge', f: 'charge', atLeastOnceForOk: true });
    expect(v).toMatchObject({ name: 'exactly-once', kind: 'safety', ok: true, measured: { keys: 3, effects: 3, duplicatedKeys: 0 } });
    expect(v.detail).toContain('3 keys');
  });

  it('names the key, both charges and the moment of the second one', () => {
    const r = new Run();
    const first = r.invoke(1, 'charge', 'order-17');
    r.info(2, first); // timed out: the client retries
    const retry = r.invoke(2, 'charge', 'order-17');
    const other = r.invoke(2, 'charge', 'order-18');
    const e1 = r.effect(2.5, 'pg', 'charge', 'order-17');
    r.effect(2.6, 'pg', 'charge', 'order-18');
    const e2 = r.effect(3.25, 'pg', 'charge', 'order-17');
    r.ok(3.5, retry).ok(3.5, other);
    const v = r.check({ check: 'exactly-once', f: 'charge' });
    expect(v.ok).toBe(false);
    expect(v.at).toBe(s(3.25));
    expect(v.effects).toEqual([e1, e2]);
    expect(v.ops).toEqual([first, retry]);
    expect(v.detail).toMatch(/order-17 had 2 charge effects/);
    expect(v.measured).toMatchObject({ duplicatedKeys: 1 });
  });

  it('without f, ties the ops of any name about the key, and sums up every duplicated key', () => {
    const r = new Run();
    const a = r.op(1, 2, 'ok', 'pay', 'o1');
    r.op(1, 2, 'ok', 'pay', 'o2');
    for (const t of [1.5, 1.6]) r.effect(t, 'pg', 'charge', 'o1');
    for (const t of [1.7, 1.8, 1.9]) r.effect(t, 'pg', 'charge', 'o2');
    const v = r.check({ check: 'exactly-once' });
    expect(v).toMatchObject({ ok: false, at: s(1.6), ops: [a], effects: [0, 1] });
    expect(v.detail).toBe('o1 had 2 charge effects (at 1.5s on pg, at 1.6s on pg). In all, 2 of 2 keys had more than one charge.');
  });

  it('counts only the configured effect kind', () => {
    const r = new Run();
    r.effect(1, 'db', 'seat', 'A1');
    r.effect(2, 'db', 'seat', 'A1');
    r.effect(3, 'pg', 'charge', 'A1');
    expect(r.check({ check: 'exactly-once' }).ok).toBe(true); // default effect: charge
    expect(r.check({ check: 'exactly-once', effect: 'seat' })).toMatchObject({ ok: false, at: s(2) });
  });

  it('with atLeastOnceForOk, an acknowledged order with no charge is a violation', () => {
    const r = new Run();
    const paid = r.op(1, 2, 'ok', 'charge', 'order-1');
    r.effect(1.5, 'pg', 'charge', 'order-1');
    const lied = r.op(3, 4, 'ok', 'charge', 'order-2');
    r.op(5, 6, 'fail', 'charge', 'order-3'); // failed: no charge owed
    const v = r.check({ check: 'exactly-once', f: 'charge', atLeastOnceForOk: true });
    expect(v).toMatchObject({ ok: false, at: s(4), ops: [lied] });
    expect(v.detail).toMatch(/op \d+ \(charge order-2\) was acknowledged ok at 4s but no charge effect/);
    expect(v.ops).not.toContain(paid);
  });

  it('refuses atLeastOnceForOk without f', () => {
    const r = checkSchema.safeParse({ check: 'exactly-once', atLeastOnceForOk: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['f']);
  });
});
