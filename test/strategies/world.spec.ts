import { describe, expect, it } from 'vitest';
import { faultSchema, World, type Model } from '../../sim/index.js';
import { buildLayers, compose, envFromContext, stackSchema, type BreakerTransition, type Call } from '../../sim/strategies/index.js';
import { constantNet } from '../world/harness.js';

/** Answers every request at once. */
const server: Model = (ctx) => ({ onMessage: (from, msg) => ctx.send(from, { re: (msg as { id: number }).id }) });

/** Calls the server every 100ms until 6s through [circuit-breaker, retry, timeout]. */
function client(out: { transitions: BreakerTransition[]; outcomes: string[] }): Model {
  return (ctx) => {
    const env = envFromContext(ctx);
    const layers = buildLayers(
      stackSchema.parse([
        { type: 'circuit-breaker', minimumNumberOfCalls: 4, slidingWindowSize: 4, waitDurationInOpenState: '2s', permittedNumberOfCallsInHalfOpenState: 2 },
        { type: 'retry', maxAttempts: 2, waitDuration: '10ms' },
        { type: 'timeout', timeout: '50ms' },
      ]),
      env,
    );
    const policy = compose(...layers.map((l) => l.policy));
    const waiting = new Map<number, () => void>();
    let next = 0;
    const rpc: Call<string> = (done) => {
      const id = ++next;
      waiting.set(id, () => done({ kind: 'ok', value: 'pong' }));
      ctx.send('server', { id });
    };
    const tick = (): void => {
      if (ctx.monotonic() > 6_000_000) return;
      const op = ctx.history.invoke('ping');
      policy(rpc)((o) => {
        out.outcomes.push(o.kind);
        if (o.kind === 'ok') ctx.history.ok(op, o.value);
        else if (o.kind === 'timeout') ctx.history.info(op, 'timeout');
        else ctx.history.fail(op, o.kind);
      });
      ctx.after(100_000, tick);
    };
    return {
      onStart: tick,
      onMessage: (_from, msg) => {
        const re = (msg as { re: number }).re;
        waiting.get(re)?.();
        waiting.delete(re);
      },
      inspect: () => {
        out.transitions = (layers[0]!.inspect() as { transitions: BreakerTransition[] }).transitions;
        return { breaker: layers[0]!.inspect().state };
      },
    };
  };
}

function run() {
  const out = { transitions: [] as BreakerTransition[], outcomes: [] as string[] };
  const world = new World({
    seed: 3,
    nodes: [
      { id: 'client', model: client(out) },
      { id: 'server', model: server },
    ],
    network: constantNet('5ms'),
    faults: [faultSchema.parse({ kind: 'crash', node: 'server', at: '950ms', duration: '3s' })],
  });
  const result = world.run({ untilUs: 7_000_000 });
  return { out, result };
}

describe('a composed stack inside the World', () => {
  it('the breaker opens while the server is down, probes, and closes after it restarts', () => {
    const { out, result } = run();
    expect(result.nodes['client']!.belief).toEqual({ breaker: 'CLOSED' });
    // calls at 1.0s and 1.1s fail after two 50ms attempts (at 1.11s, 1.21s): 2 of the last 4 = 50%
    expect(out.transitions.map((t) => [t.atUs, t.to])).toEqual([
      [1_210_000, 'OPEN'],
      [3_300_000, 'HALF_OPEN'], // first call at least 2s after opening
      [3_510_000, 'OPEN'], // both probes fail: the server is down until 3.95s
      [5_600_000, 'HALF_OPEN'],
      [5_710_000, 'CLOSED'],
    ]);
    expect(out.outcomes.filter((k) => k === 'rejected').length).toBeGreaterThan(30);
  });

  it('is deterministic', () => {
    expect(run().result.traceDigest).toBe(run().result.traceDigest);
  });
});
