import { describe, expect, it } from 'vitest';
import { runScenario, scenarioSchema, type ScenarioInput } from '../../sim/index.js';

/** Every answer from the API is lost: the client only ever times out. */
const lostAnswers = (client: unknown[]): ScenarioInput => ({
  name: 'lost-answers',
  duration: '10s',
  nodes: [
    { id: 'api', model: 'payment-api' },
    { id: 'pg', model: 'payment-gateway' },
  ],
  network: { default: { latency: { dist: 'constant', value: '1ms' } }, links: [{ from: 'api', to: 'client-1', loss: '100%' }] },
  workload: { clients: 1, target: 'api', arrival: { process: 'constant', rate: '20/s' }, ops: [{ f: 'charge' }], until: '9s' },
  variants: { v: { client } },
  checks: [{ check: 'exactly-once' }],
});

describe('workload client', () => {
  it('forgets attempts it gave up on, so lost answers do not pile up; their outcome is unknown', () => {
    const s = scenarioSchema.parse(
      lostAnswers([
        { type: 'retry', maxAttempts: 2, waitDuration: '10ms' },
        { type: 'timeout', timeout: '100ms' },
      ]),
    );
    const run = runScenario(s);
    expect(run.stats.requests).toBeGreaterThan(150);
    expect(run.stats.unknown).toBe(run.stats.requests);
    expect(run.stats.failed).toBe(0);
    expect(run.nodes['client-1']!.belief).toMatchObject({ awaitingAnswers: 0 });
  });

  it('without a timeout, every request stays open and awaited', () => {
    const run = runScenario(scenarioSchema.parse(lostAnswers([])));
    expect(run.nodes['client-1']!.belief).toMatchObject({ awaitingAnswers: run.stats.requests });
  });
});
