import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';

/** Four requests 100 ms apart from 0.85 s, against a limit of 2 per second, over a 1 ms network. */
function fourAcrossTheBoundary(algorithm: string) {
  const scenario = scenarioSchema.parse({
    name: 'rate-limited-api-test',
    duration: '3s',
    nodes: [{ id: 'api', model: 'rate-limited-api', params: { limiter: { type: 'rate-limiter', algorithm, limitForPeriod: 2, limitRefreshPeriod: '1s' } } }],
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    workload: { target: 'api', arrival: { process: 'burst', at: '850ms', count: 4, spread: '400ms' } },
    variants: { only: {} },
    checks: [{ check: 'rate-bound', effect: 'admit', max: 2, window: '1s' }],
  });
  return runScenario(scenario, { seed: 1 });
}
const admitTimes = (r: ReturnType<typeof fourAcrossTheBoundary>) => r.effects.filter((e) => e.kind === 'admit').map((e) => e.time);

describe('rate-limited-api', () => {
  it('fixed window: admits 2 on each side of the boundary, each an admit effect at arrival', () => {
    const r = fourAcrossTheBoundary('fixed-window');
    expect(admitTimes(r)).toEqual([851_000, 951_000, 1_051_000, 1_151_000]);
    expect(r.effects[0]).toMatchObject({ node: 'api', kind: 'admit', key: r.history[0]!.key });
    expect(r.checks[0]!.ok).toBe(false);
  });

  it('sliding log: refuses with 429 until a second has passed since the oldest admission', () => {
    const r = fourAcrossTheBoundary('sliding-log');
    expect(admitTimes(r)).toEqual([851_000, 951_000]);
    expect(r.history.filter((h) => h.type === 'fail').map((h) => h.note)).toEqual(['429 too many requests', '429 too many requests']);
  });

  it('leaky bucket: admits late, as each request leaks out', () => {
    const r = fourAcrossTheBoundary('leaky-bucket');
    expect(admitTimes(r)).toEqual([851_000, 1_351_000, 1_851_000]);
    expect(r.checks[0]!.ok).toBe(true);
  });
});
