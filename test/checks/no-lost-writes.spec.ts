import { describe, expect, it } from 'vitest';
import { checkNodeRefs, checkSchema } from '../../sim/checks/index.js';
import { Run, s } from './helpers.js';

describe('no-lost-writes', () => {
  it('passes when every acknowledged reservation is on disk', () => {
    const r = new Run().node('db', { 'reservations/A1': { by: 'c1' }, 'reservations/A2': { by: 'c2' } });
    r.op(1, 2, 'ok', 'reserve', 'A1');
    r.op(1, 2, 'ok', 'reserve', 'A2');
    r.op(1, 2, 'fail', 'reserve', 'A3'); // not acknowledged: need not be there
    r.op(1, undefined, 'ok', 'reserve', 'A4'); // never answered: need not be there
    expect(r.check({ check: 'no-lost-writes', node: 'db', path: 'reservations/{key}' })).toMatchObject({
      ok: true,
      measured: { acknowledged: 2, lost: 0 },
    });
  });

  it('reports the lost ops and the crash that lost them', () => {
    const r = new Run().node('db', { 'reservations/A1': 1 });
    r.fault({ kind: 'crash', node: 'db', at: '1s', duration: '1s' }); // before the writes: not the culprit
    r.fault({ kind: 'crash', node: 'db', at: '7s', duration: '2s' });
    r.op(3, 4, 'ok', 'reserve', 'A1');
    const lost1 = r.op(4, 5, 'ok', 'reserve', 'A2');
    const lost2 = r.op(5, 6, 'ok', 'write', 'A3');
    const v = r.check({ check: 'no-lost-writes', node: 'db', path: 'reservations/{key}' });
    expect(v).toMatchObject({ ok: false, at: s(7), ops: [lost1, lost2] });
    expect(v.detail).toMatch(
      /op \d+ \(reserve A2\) was acknowledged ok at 5s but db's disk has no 'reservations\/A2' at the end; lost in the crash of db at 7s \(fault #1\)/,
    );
    expect(v.detail).toMatch(/1 more acknowledged write lost/);
  });

  it('blames only a crash the world executed, not one planned after the run ended', () => {
    const r = new Run().node('db', {});
    r.endUs = s(20);
    r.fault({ kind: 'crash', node: 'db', at: '30s' });
    r.op(1, 2, 'ok', 'reserve', 'A1');
    const v = r.check({ check: 'no-lost-writes', node: 'db', path: 'reservations/{key}' });
    expect(v).toMatchObject({ ok: false, at: s(20) });
    expect(v.detail).not.toMatch(/lost in the crash/);
  });

  it('with no crash to blame, the violation is at the end of the run', () => {
    const r = new Run().node('db', {});
    r.endUs = s(30);
    r.op(1, 2, 'ok', 'write', 'k');
    expect(r.check({ check: 'no-lost-writes', node: 'db' })).toMatchObject({ ok: false, at: s(30) });
  });

  it('matchValue compares the stored value with the written one', () => {
    const r = new Run().node('db', { k: 'old' });
    r.op(1, 2, 'ok', 'write', 'k', 'new');
    expect(r.check({ check: 'no-lost-writes', node: 'db' }).ok).toBe(true);
    expect(r.check({ check: 'no-lost-writes', node: 'db', matchValue: true }).detail).toMatch(/holds "old"/);
  });

  it('values compare structurally: object keys in any order are the same value', () => {
    const r = new Run().node('db', { k: { b: [1, { d: 2, c: 3 }], a: 1 } });
    r.op(1, 2, 'ok', 'write', 'k', { a: 1, b: [1, { c: 3, d: 2 }] });
    r.op(3, 4, 'ok', 'read', 'k', undefined, [{ b: [1, { d: 2, c: 3 }], a: 1 }]);
    expect(r.check({ check: 'no-lost-writes', node: 'db', matchValue: true }).ok).toBe(true);
    expect(r.check({ check: 'no-lost-writes', read: 'read' }).ok).toBe(true);
    const order = new Run().node('db', { k: [2, 1] });
    order.op(1, 2, 'ok', 'write', 'k', [1, 2]);
    expect(order.check({ check: 'no-lost-writes', node: 'db', matchValue: true }).ok).toBe(false);
  });

  it('can look in the final belief instead of disk', () => {
    const r = new Run().node('db', {}, true, { k: 1 });
    r.op(1, 2, 'ok', 'write', 'k', 1);
    expect(r.check({ check: 'no-lost-writes', node: 'db' }).ok).toBe(false);
    expect(r.check({ check: 'no-lost-writes', node: 'db', in: 'belief' }).ok).toBe(true);
  });

  it('or in the last read of each key', () => {
    const r = new Run();
    r.op(1, 2, 'ok', 'write', 'a', 1);
    const lost = r.op(1, 2, 'ok', 'write', 'b', 2);
    r.op(3, 4, 'ok', 'read', 'a', undefined, 1);
    r.op(3, 4, 'ok', 'read', 'b', undefined, 2);
    r.op(5, 6, 'ok', 'read', 'b', undefined, null); // the final read: b is gone
    const v = r.check({ check: 'no-lost-writes', read: 'read' });
    expect(v).toMatchObject({ ok: false, ops: [lost] });
    expect(v.detail).toMatch(/the last read of b \(op \d+, at 6s\) returned null/);
  });

  it('needs exactly one of node and read, and reports its node reference', () => {
    expect(checkSchema.safeParse({ check: 'no-lost-writes' }).success).toBe(false);
    expect(checkSchema.safeParse({ check: 'no-lost-writes', node: 'db', read: 'read' }).success).toBe(false);
    expect(checkNodeRefs(checkSchema.parse({ check: 'no-lost-writes', node: 'db' }))).toEqual([{ path: ['node'], node: 'db' }]);
  });
});
