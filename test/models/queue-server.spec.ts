import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';
import { queueServer } from '../../sim/models/queue-server.js';

/** Four requests at t=0 to a backend whose work takes exactly 100 ms, over a 1 ms network. */
function burstOfFour(queue: Record<string, unknown>, client: unknown[] = []) {
  const scenario = scenarioSchema.parse({
    name: 'queue-server-test',
    duration: '2s',
    nodes: [{ id: 'backend', model: 'queue-server', params: { service: { dist: 'constant', value: '100ms' }, queue: { type: 'load-shedding', ...queue } } }],
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    workload: { target: 'backend', arrival: { process: 'burst', at: '0ms', count: 4 } },
    variants: { only: { client } },
    checks: [{ check: 'slo', errorRate: '100%' }],
  });
  return runScenario(scenario, { seed: 1 });
}
const completions = (r: ReturnType<typeof burstOfFour>) => r.history.filter((h) => h.type !== 'invoke').map((h) => [h.type, h.time]);

describe('queue-server', () => {
  it('works on at most maxInFlight requests at once, the rest wait in FIFO order', () => {
    const r = burstOfFour({ maxInFlight: 2 });
    expect(completions(r)).toEqual([
      ['ok', 102_000],
      ['ok', 102_000],
      ['ok', 202_000],
      ['ok', 202_000],
    ]);
  });

  it('refuses past maxQueueSize with a retryable 503', () => {
    const r = burstOfFour({ maxInFlight: 1, maxQueueSize: 1 });
    expect(r.history.filter((h) => h.type === 'fail').map((h) => h.note)).toEqual(['503 overloaded: request queue full', '503 overloaded: request queue full']);
    expect(r.history.filter((h) => h.type === 'ok')).toHaveLength(2);
  });

  it('naive: works on a request whose caller gave up long ago', () => {
    const r = burstOfFour({ maxInFlight: 1 }, [{ type: 'timeout', timeout: '150ms' }]);
    expect(r.history.filter((h) => h.type === 'info')).toHaveLength(3);
    expect(r.nodes.backend!.belief).toMatchObject({ taken: 4, expired: 0 });
  });

  it('with queueTimeout and dropExpired: drops what waited past the deadline, unanswered and unworked', () => {
    const r = burstOfFour({ maxInFlight: 1, dropExpired: true, queueTimeout: '150ms' }, [{ type: 'timeout', timeout: '150ms' }]);
    // Taken at 1 ms and 101 ms (within 150 ms); at 201 ms the last two have expired.
    expect(r.nodes.backend!.belief).toMatchObject({ taken: 2, expired: 2 });
    expect(r.history.filter((h) => h.type === 'ok')).toHaveLength(1);
  });

  it('validates its queue with the load-shedding strategy schema', () => {
    expect(queueServer.params.safeParse({ queue: { type: 'load-shedding', maxInFlight: 0 } }).success).toBe(false);
    expect(queueServer.params.parse({}).queue).toMatchObject({ maxInFlight: 4, order: 'fifo', dropExpired: false });
  });
});
