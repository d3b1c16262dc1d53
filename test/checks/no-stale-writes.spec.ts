import { describe, expect, it } from 'vitest';
import { Run, s } from './helpers.js';

/**
 * The split-brain story: lock grants n1 a 10 s lease (term 1) at 0 s; n1 writes, then a GC pause
 * freezes it from 5 s to 25 s; the lease passes at 10 s and the lock grants n2 term 2 at 11 s;
 * n2 writes; n1 wakes at 25 s and writes with its old term.
 */
function splitBrain(storageFences: boolean) {
  const r = new Run();
  const g1 = r.effect(0, 'lock', 'grant', 'leader-lock', { holder: 'n1', term: 1 });
  r.effect(1, 'storage', 'write', 'x', { holder: 'n1', term: 1 });
  const g2 = r.effect(11, 'lock', 'grant', 'leader-lock', { holder: 'n2', term: 2 });
  r.effect(12, 'storage', 'write', 'x', { holder: 'n2', term: 2 });
  const stale = storageFences ? undefined : r.effect(25, 'storage', 'write', 'x', { holder: 'n1', term: 1 });
  return { r, g1, g2, stale };
}

describe('no-stale-writes', () => {
  it('catches the old leader writing after its lease passed and a new term was granted', () => {
    const { r, g1, g2, stale } = splitBrain(false);
    const v = r.check({ check: 'no-stale-writes', lease: '10s' });
    expect(v).toMatchObject({ ok: false, kind: 'safety', at: s(25), effects: [stale, g1, g2] });
    expect(v.detail).toMatch(/storage accepted a write of x from n1 \(term\/token 1\) at 25s/);
    expect(v.detail).toMatch(/lease \(granted at 0s\) had passed at 10s/);
    expect(v.detail).toMatch(/n2 was granted term\/token 2 at 11s/);
  });

  it('passes when fencing tokens make storage reject the stale write', () => {
    const { r } = splitBrain(true);
    expect(r.check({ check: 'no-stale-writes', lease: '10s' })).toMatchObject({ ok: true, measured: { grants: 2, writes: 2, violations: 0 } });
  });

  it('without a lease length, a newer grant alone makes a write stale', () => {
    const { r } = splitBrain(false);
    expect(r.check({ check: 'no-stale-writes' })).toMatchObject({ ok: false, at: s(25) });
  });

  it('a write after the lease passed is stale even before anyone else is granted', () => {
    const r = new Run();
    r.effect(0, 'lock', 'grant', 'l', { holder: 'n1' });
    r.effect(9.999, 'storage', 'write', 'x', { holder: 'n1' });
    const late = r.effect(10, 'storage', 'write', 'x', { holder: 'n1' });
    const v = r.check({ check: 'no-stale-writes', lease: '10s' });
    expect(v).toMatchObject({ ok: false, at: s(10), effects: [late, 0] });
  });

  it('a renewal extends the lease; a write without term is judged against its latest grant', () => {
    const r = new Run();
    r.effect(0, 'lock', 'grant', 'l', { holder: 'n1' });
    r.effect(8, 'lock', 'grant', 'l', { holder: 'n1' });
    r.effect(15, 'storage', 'write', 'x', { holder: 'n1' });
    expect(r.check({ check: 'no-stale-writes', lease: '10s' }).ok).toBe(true);
    r.effect(16, 'lock', 'grant', 'l', { holder: 'n2' });
    r.effect(17, 'storage', 'write', 'x', { holder: 'n1' });
    expect(r.check({ check: 'no-stale-writes', lease: '10s' })).toMatchObject({ ok: false, at: s(17) });
  });

  it('a write from a node that never held the lease is stale; grants of other locks do not count', () => {
    const r = new Run();
    r.effect(0, 'lock', 'grant', 'other-lock', { holder: 'n1', token: 1 });
    r.effect(1, 'storage', 'write', 'x', { holder: 'n1', token: 1 });
    expect(r.check({ check: 'no-stale-writes' }).ok).toBe(true);
    const v = r.check({ check: 'no-stale-writes', lock: 'my-lock' });
    expect(v).toMatchObject({ ok: false, at: s(1) });
    expect(v.detail).toMatch(/n1 was never granted term\/token 1/);
  });

  it('reads who wrote, and with which token, from the row a database write recorded ({ value, version })', () => {
    const r = new Run();
    const g1 = r.effect(0, 'lock', 'grant', 'leader', { holder: 'n1', token: 1 });
    r.effect(1, 'db', 'write', 'leader', { value: { holder: 'n1', token: 1, data: 'a' }, version: 1 });
    const g2 = r.effect(11, 'lock', 'grant', 'leader', { holder: 'n2', token: 2 });
    r.effect(12, 'db', 'write', 'leader', { value: { holder: 'n2', token: 2, data: 'b' }, version: 2 });
    expect(r.check({ check: 'no-stale-writes', lease: '10s' })).toMatchObject({ ok: true, measured: { grants: 2, writes: 2 } });
    const stale = r.effect(25, 'db', 'write', 'leader', { value: { holder: 'n1', token: 1, data: 'c' }, version: 3 });
    const v = r.check({ check: 'no-stale-writes', lease: '10s' });
    expect(v).toMatchObject({ ok: false, at: s(25), effects: [stale, g1, g2] });
    expect(v.detail).toBe(
      'db accepted a write of leader from n1 (term/token 1) at 25s, but its lease (granted at 0s) had passed at 10s and n2 was granted term/token 2 at 11s.',
    );
    // A row without a holder (a delete's { value: null, version }) breaks the convention.
    r.effect(26, 'db', 'write', 'leader', { value: null, version: 4, deleted: true });
    expect(r.check({ check: 'no-stale-writes', lease: '10s' }).measured).toMatchObject({ violations: 2 });
  });

  it('a write effect without a holder breaks the convention and says so', () => {
    const r = new Run();
    r.effect(1, 'storage', 'write', 'x', { value: 3 });
    expect(r.check({ check: 'no-stale-writes' }).detail).toMatch(/has no `holder`/);
  });

  it('with node (and key), judges only the writes of the storage the lease guards', () => {
    const { r } = splitBrain(false);
    // Another database's commits: its writes carry no holder, and are not the lease's business.
    r.effect(13, 'orders-db', 'write', 'order-1', { value: { total: 3 }, version: 1 });
    expect(r.check({ check: 'no-stale-writes', lease: '10s' })).toMatchObject({ ok: false, measured: { writes: 4, violations: 2 } });
    const v = r.check({ check: 'no-stale-writes', lease: '10s', node: 'storage' });
    expect(v).toMatchObject({ ok: false, at: s(25), measured: { writes: 3, violations: 1 } });
    expect(r.check({ check: 'no-stale-writes', lease: '10s', node: 'storage', key: 'y' })).toMatchObject({ measured: { writes: 0 } });
  });
});
