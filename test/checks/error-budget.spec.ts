import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { pairOps } from '../../sim/checks/common.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { Run, s } from './helpers.js';

/** One `f` request completing every second at t + 0.5 s for `seconds` seconds; those in `errors` fail. */
function steady(r: Run, seconds: number, errors: number[], f = 'charge', type: 'fail' | 'info' = 'fail'): Record<number, number> {
  const ops: Record<number, number> = {};
  for (let i = 0; i < seconds; i++) {
    const t = i + 0.5;
    ops[t] = r.op(t - 0.1, t, errors.includes(t) ? type : 'ok', f);
  }
  return ops;
}

const budget = { check: 'error-budget', budget: '10%', window: '10s' } as const;

describe('error-budget', () => {
  it('slides the window over every moment, not fixed buckets: two errors 3 s apart burn twice the budget', () => {
    const r = new Run();
    r.endUs = s(20);
    // Fixed windows [0, 10) and [10, 20) hold one error in ten each (10%: within); (1.5s, 11.5s] holds both.
    const ops = steady(r, 20, [8.5, 11.5]);
    const v = r.check(budget);
    expect(v).toMatchObject({
      ok: false,
      at: s(11.5),
      ops: [ops[8.5], ops[11.5]],
      measured: { requests: 20, errors: 2, open: 0, worstErrorRate: 0.2, burnRate: 2, worstWindowStartUs: s(1.5), worstWindowEndUs: s(11.5) },
    });
    expect(v.detail).toBe(
      'charge: 2 of 10 requests completed in the 10s window from 1.5s to 11.5s failed or got no answer (20%), above the 10% budget: burn rate 2; charge first went over at 11.5s.',
    );
    const one = new Run();
    one.endUs = s(20);
    steady(one, 20, [8.5, 18.5]);
    const ok = one.check(budget);
    expect(ok).toMatchObject({ ok: true, measured: { worstErrorRate: 0.1, burnRate: 1 } });
    expect(ok.detail).toBe(
      'charge: 1 of 10 requests completed in the 10s window from 0s to 10s failed or got no answer (10%), within the 10% budget: burn rate 1.',
    );
  });

  it('counts unknown outcomes as errors unless count: failed; open requests are left out', () => {
    const r = new Run();
    r.endUs = s(20);
    steady(r, 20, [3.5, 4.5], 'charge', 'info');
    r.invoke(19, 'charge'); // never answered
    expect(r.check(budget)).toMatchObject({ ok: false, at: s(10), measured: { requests: 20, errors: 2, open: 1, burnRate: 2 } });
    const failed = r.check({ ...budget, count: 'failed' });
    expect(failed).toMatchObject({ ok: true, measured: { errors: 0, burnRate: 0 } });
    expect(failed.detail).toContain('0 of 10 requests completed in the 10s window from 0s to 10s failed (0%)');
  });

  it('judges each operation on its own and names the one over budget; f narrows', () => {
    const r = new Run();
    r.endUs = s(20);
    steady(r, 20, [], 'browse');
    steady(r, 20, [2.5, 3.5, 12.5], 'checkout');
    const v = r.check(budget);
    // Together 3 of 20 in a window would be 15%; alone, checkout burns 20% in (0, 10].
    expect(v).toMatchObject({ ok: false, at: s(10), measured: { requests: 40, errors: 3, worstErrorRate: 0.2 } });
    expect(v.detail).toMatch(/^checkout: 2 of 10 requests completed in the 10s window from 0s to 10s failed or got no answer \(20%\)/);
    expect(r.check({ ...budget, f: 'browse' })).toMatchObject({ ok: true, measured: { requests: 20, errors: 0 } });
    expect(r.check({ ...budget, f: ['browse', 'checkout'], budget: '25%' }).detail).toContain('(worst of 2 operations)');
  });

  it('minRequests: windows with fewer requests are not judged', () => {
    const r = new Run();
    r.endUs = s(20);
    r.op(1, 1.5, 'ok', 'charge');
    r.op(15, 15.5, 'fail', 'charge');
    expect(r.check(budget)).toMatchObject({ ok: false, at: s(15.5), measured: { worstErrorRate: 1, burnRate: 10 } });
    const v = r.check({ ...budget, minRequests: 2 });
    expect(v).toMatchObject({ ok: false, measured: { requests: 2 } });
    expect(v.detail).toBe('judged nothing: no 10s window had 2 completed requests (2 in all); set `allowEmpty: true` if that is expected.');
  });

  it('from and to bound the requests; a span shorter than the window is judged whole', () => {
    const r = new Run();
    r.endUs = s(20);
    steady(r, 20, [1.5, 2.5]);
    expect(r.check({ ...budget, from: '3s' })).toMatchObject({ ok: true, measured: { requests: 17, errors: 0 } });
    const short = r.check({ ...budget, to: '5s' });
    expect(short).toMatchObject({
      ok: false,
      at: s(5),
      measured: { requests: 5, errors: 2, worstErrorRate: 0.4, worstWindowStartUs: 0, worstWindowEndUs: s(5) },
    });
    expect(short.detail).toContain('in the whole span (0s to 5s, shorter than the 10s window)');
  });

  it('judged nothing fails unless allowEmpty', () => {
    const r = new Run();
    r.op(1, 2, 'ok', 'browse');
    const v = r.check({ ...budget, f: 'charge' });
    expect(v).toMatchObject({ ok: false, measured: { requests: 0 } });
    expect(v.detail).toBe('judged nothing: no charge request completed from 0s to 100s; set `allowEmpty: true` if that is expected.');
    expect(r.check({ ...budget, f: 'charge', allowEmpty: true })).toMatchObject({ ok: true });
  });

  it('needs a budget above zero and a window; to after from', () => {
    const bad = (extra: Record<string, unknown>) => checkSchema.safeParse({ ...budget, ...extra }).error?.issues[0];
    expect(bad({ budget: '0%' })).toMatchObject({ path: ['budget'] });
    expect(bad({ budget: '120%' })).toMatchObject({ path: ['budget'] });
    expect(bad({ window: '0s' })).toMatchObject({ path: ['window'] });
    expect(bad({ count: 'unknown' })).toMatchObject({ path: ['count'] });
    expect(bad({ from: '5s', to: '5s' })).toMatchObject({ path: ['to'] });
    expect(checkSchema.safeParse({ check: 'error-budget', budget: '1%' }).success).toBe(false);
  });

  it('through a real run: an errors fault burns the budget in the windows it covers, not before', () => {
    const scenario = {
      name: 'error-budget-run',
      duration: '10s',
      nodes: [{ id: 'api', model: 'service', params: { workers: 8, serviceTime: { dist: 'constant', value: '5ms' } } }],
      workload: { clients: 2, target: 'api', arrival: { process: 'poisson', rate: '100/s' }, ops: [{ f: 'checkout' }], until: '9s' },
      faults: [{ kind: 'errors', node: 'api', at: '4s', duration: '1s', rate: '30%' }],
      variants: { v: {} },
      checks: [
        { check: 'error-budget', f: 'checkout', budget: '1%', window: '2s' },
        { name: 'before-fault', check: 'error-budget', budget: '1%', window: '2s', to: '4s' },
      ],
    };
    const parsed = parseScenario(JSON.stringify(scenario), 'error-budget.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const run = runScenario(parsed.scenario, { seed: 4 });
    const [burnt, before] = run.checks;
    expect(burnt!.ok).toBe(false);
    expect(burnt!.at).toBeGreaterThan(s(4));
    expect(burnt!.at).toBeLessThan(s(4.5));
    // The worst window covers the fault; its errors are real fail answers within it.
    const m = burnt!.measured!;
    expect(m.worstWindowStartUs).toBeLessThan(s(4));
    expect(m.worstWindowEndUs).toBeGreaterThan(s(4.5));
    expect(m.worstWindowEndUs! - m.worstWindowStartUs!).toBe(s(2));
    expect(m.burnRate).toBeGreaterThan(10);
    expect(m.burnRate).toBeLessThan(20);
    const ops = new Map(pairOps(run.history).map((o) => [o.op, o]));
    for (const id of burnt!.ops!) {
      const o = ops.get(id)!;
      expect(o.outcome).toBe('fail');
      expect(o.doneUs).toBeGreaterThan(m.worstWindowStartUs!);
      expect(o.doneUs).toBeLessThanOrEqual(m.worstWindowEndUs!);
    }
    expect(burnt!.detail).toMatch(/^checkout: \d+ of \d+ requests completed in the 2s window from /);
    expect(before).toMatchObject({ ok: true, measured: { errors: 0, burnRate: 0 } });
  });
});
