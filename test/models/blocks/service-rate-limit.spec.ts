import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../../sim/index.js';

const ADMIT = [{ effect: { kind: 'admit' } }, { reply: 'ok' }];

/** A `service` api with that rate limit, four requests 100 ms apart from 0.85 s, over a 1 ms network. */
function run(rateLimit: Record<string, unknown>, more: { params?: Record<string, unknown>; client?: unknown[] } = {}) {
  const input = {
    name: 'service-rate-limit-test',
    duration: '5s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [{ id: 'api', model: 'service', params: { rateLimit, handlers: { default: ADMIT }, ...more.params } }],
    workload: { target: 'api', arrival: { process: 'burst', at: '850ms', count: 4, spread: '400ms' } },
    variants: { v: { client: more.client ?? [] } },
    checks: [{ check: 'rate-bound', effect: 'admit', max: 2, window: '1s' }],
  };
  const r = parseScenario(JSON.stringify(input), 'rate-limit.json');
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { seed: 1 });
}
const admits = (r: ReturnType<typeof run>) => r.effects.filter((e) => e.kind === 'admit').map((e) => e.time);
const fails = (r: ReturnType<typeof run>) => r.history.filter((h) => h.type === 'fail').map((h) => h.note);
const total = (r: ReturnType<typeof run>, metric: string) => (r.series.nodes.api![metric]?.values ?? []).reduce((a, b) => a + b, 0);
const twoPerSecond = (algorithm: string) => ({ algorithm, limitForPeriod: 2, limitRefreshPeriod: '1s' });

describe('service rateLimit', () => {
  it('fixed window: admits 2 on each side of the boundary; the handler runs at arrival for each', () => {
    const r = run(twoPerSecond('fixed-window'));
    expect(admits(r)).toEqual([851_000, 951_000, 1_051_000, 1_151_000]);
    expect(r.effects[0]).toMatchObject({ node: 'api', kind: 'admit', key: r.history[0]!.key });
    expect(r.checks[0]!.ok).toBe(false);
  });

  it('sliding log: refuses with a 429, not retryable, before the handler; refusals are counted `limited`', () => {
    const r = run(twoPerSecond('sliding-log'), { client: [{ type: 'retry', maxAttempts: 3, waitDuration: '10ms' }] });
    expect(admits(r)).toEqual([851_000, 951_000]);
    // The default retry does not retry a non-retryable error: one attempt each.
    expect(fails(r)).toEqual(['429 too many requests', '429 too many requests']);
    expect(total(r, 'limited')).toBe(2);
    expect(total(r, 'requests')).toBe(4);
    expect(total(r, 'errors')).toBe(2);
    expect(total(r, 'completed')).toBe(2);
  });

  it('leaky bucket: admits late, as each request leaks out, and then it waits in the queue like any other', () => {
    const r = run(twoPerSecond('leaky-bucket'));
    expect(admits(r)).toEqual([851_000, 1_351_000, 1_851_000]);
    expect(r.checks[0]!.ok).toBe(true);
    // One worker, 400 ms of work: what leaks out at 1.351 s waits for the first request's worker.
    const slow = run(twoPerSecond('leaky-bucket'), {
      params: { workers: 1, handlers: { default: ['work', ...ADMIT] }, serviceTime: { dist: 'constant', value: '600ms' } },
    });
    expect(admits(slow)).toEqual([1_451_000, 2_051_000, 2_651_000]);
  });

  it('with retryAfter a 429 carries the hint, which a retry of 429s honours', () => {
    const r = run({ ...twoPerSecond('sliding-log'), retryAfter: '1s' }, { client: [{ type: 'retry', maxAttempts: 2, waitDuration: '10ms', retryOn: [429] }] });
    // 1.05 s and 1.15 s are refused and come back 1 s later (not 10 ms), a second after the first two.
    expect(admits(r)).toEqual([851_000, 951_000, 2_053_000, 2_153_000]);
    expect(fails(r)).toEqual([]);
  });

  it('without a rateLimit nothing is limited; a bad one is a positioned error', () => {
    const bad = (rateLimit: unknown) => {
      const input = {
        name: 'x',
        duration: '1s',
        nodes: [{ id: 'api', model: 'service', params: { rateLimit } }],
        variants: { v: {} },
        checks: [{ check: 'slo', errorRate: '0%' }],
      };
      const r = parseScenario(JSON.stringify(input), 'x.json');
      return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ algorithm: 'token-bucket', limitForPeriod: 5 })).toEqual([]);
    expect(bad({ algorithm: 'leaky', limitForPeriod: 5 })[0]).toMatch(/^nodes\.0\.params\.rateLimit\.algorithm: /);
    expect(bad({ limitForPeriod: 0 })[0]).toMatch(/^nodes\.0\.params\.rateLimit\.limitForPeriod: /);
    expect(bad({ type: 'rate-limiter' })[0]).toMatch(/^nodes\.0\.params\.rateLimit\.type: unknown field/);
    expect(bad({ retryAfter: '0s' })[0]).toMatch(/^nodes\.0\.params\.rateLimit\.retryAfter: /);
  });
});
