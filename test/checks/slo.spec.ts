import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { Run, s } from './helpers.js';

/** 100 charges a second apart: latency i ms for the i-th (1..100), so p99 is 99 ms. */
function hundred(r = new Run()) {
  const ids: number[] = [];
  for (let i = 1; i <= 100; i++) ids.push(r.op(i, i + i / 1000, 'ok', 'charge', `o${i}`));
  r.endUs = s(200);
  return { r, ids };
}

describe('slo', () => {
  it('p99 latency is the nearest rank over ok requests', () => {
    const { r } = hundred();
    expect(r.check({ check: 'slo', f: 'charge', latency: '99ms' })).toMatchObject({ ok: true, kind: 'liveness', measured: { p99Us: 99_000, requests: 100 } });
    const v = r.check({ check: 'slo', f: 'charge', latency: '98ms' });
    expect(v).toMatchObject({ ok: false, at: s(200), measured: { p99Us: 99_000 } });
    expect(v.ops).toHaveLength(2); // the 99 ms and 100 ms requests
    expect(v.detail).toMatch(/p99 latency was 99ms, above 98ms \(2 requests slower\)/);
    expect(r.check({ check: 'slo', f: 'charge', percentile: 50, latency: '50ms' }).measured).toMatchObject({ p50Us: 50_000 });
  });

  it('error rate counts fail, info and open; failures do not count toward latency', () => {
    const r = new Run();
    r.endUs = s(10);
    for (let i = 0; i < 7; i++) r.op(1, 1.01, 'ok', 'pay');
    const f = r.op(1, 1.001, 'fail', 'pay');
    const i = r.op(1, 3, 'info', 'pay');
    const o = r.op(1, undefined, 'ok', 'pay');
    r.op(1, 5, 'fail', 'other');
    expect(r.check({ check: 'slo', f: 'pay', errorRate: '30%', latency: '10ms' })).toMatchObject({ ok: true, measured: { errors: 3, p99Us: 10_000 } });
    const v = r.check({ check: 'slo', f: 'pay', errorRate: '29%' });
    expect(v).toMatchObject({ ok: false, at: s(10), ops: [f, i, o] });
    expect(v.detail).toMatch(/30% of them failed or got no answer, above 29%/);
  });

  it('measures only requests invoked in [from, to)', () => {
    const { r } = hundred();
    expect(r.check({ check: 'slo', f: 'charge', latency: '49ms', to: '50s' })).toMatchObject({ ok: true, measured: { requests: 49 } });
    expect(r.check({ check: 'slo', f: 'charge', latency: '49ms', to: '51s' })).toMatchObject({ ok: false, at: s(51) });
    expect(r.check({ check: 'slo', f: 'charge', latency: '99ms', from: '90s' }).measured).toMatchObject({ requests: 11 });
  });

  it('no requests at all is a failure: the check is probably misnamed', () => {
    const { r } = hundred();
    expect(r.check({ check: 'slo', f: 'refund', latency: '1s' })).toMatchObject({ ok: false, measured: { requests: 0 } });
  });

  it('needs an objective', () => {
    expect(checkSchema.safeParse({ check: 'slo', f: 'x' }).success).toBe(false);
    expect(checkSchema.safeParse({ check: 'slo', errorRate: '1%', from: '5s', to: '5s' }).success).toBe(false);
    expect(checkSchema.parse({ check: 'slo', errorRate: '1%' })).toMatchObject({ errorRate: 0.01, percentile: 99, from: 0 });
  });
});
