import { describe, expect, it } from 'vitest';
import { Run, s } from './helpers.js';

describe('single-leader', () => {
  it('passes with one leader per term, re-announcements included', () => {
    const r = new Run();
    r.effect(1, 'n1', 'leader', '1', { node: 'n1' });
    r.effect(1.5, 'n1', 'leader', '1', { node: 'n1' });
    r.effect(5, 'n2', 'leader', '2', { node: 'n2' });
    expect(r.check({ check: 'single-leader' })).toMatchObject({ ok: true, kind: 'safety', measured: { terms: 2, termsWithTwoLeaders: 0 } });
  });

  it('reports two leaders in one term at the second election', () => {
    const r = new Run();
    const a = r.effect(1, 'n1', 'leader', '3', { node: 'n1' });
    r.effect(2, 'n1', 'leader', '3', { node: 'n1' });
    const b = r.effect(4, 'n2', 'leader', '3'); // no value: the recording node is the leader
    const v = r.check({ check: 'single-leader', name: 'election safety' });
    expect(v).toMatchObject({ name: 'election safety', ok: false, at: s(4), effects: [a, b] });
    expect(v.detail).toBe('Term 3 had two leaders: n1 from 1s and n2 from 4s.');
  });

  it('reads the configured effect kind', () => {
    const r = new Run();
    r.effect(1, 'n1', 'elected', '1');
    r.effect(2, 'n2', 'elected', '1');
    expect(r.check({ check: 'single-leader' }).detail).toBe('judged nothing: no leader effect was recorded; set `allowEmpty: true` if that is expected.');
    expect(r.check({ check: 'single-leader', effect: 'elected' }).ok).toBe(false);
  });
});
