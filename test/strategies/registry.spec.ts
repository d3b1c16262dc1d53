import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import createAimd from '../../docs/examples/custom-strategy.js';
import { buildLayers, buildStack, customModules, stackSchema, strategySchema, type StrategyConfig } from '../../sim/strategies/index.js';
import { err, ok, scripted, start, TestEnv } from './harness.js';

const YAML = `
variants:
  robust:
    client: [ {type: bulkhead, maxConcurrentCalls: 10}, {type: circuit-breaker, failureRateThreshold: 50}, {type: retry, maxAttempts: 3, backoff: exponential, jitter: full}, {type: timeout, timeout: 2s} ]
`;

describe('strategy registry', () => {
  it('parses a variant written in YAML, with units and library defaults', () => {
    const doc = parse(YAML) as { variants: { robust: { client: unknown } } };
    const stack = stackSchema.parse(doc.variants.robust.client);
    expect(stack.map((s) => s.type)).toEqual(['bulkhead', 'circuit-breaker', 'retry', 'timeout']);
    expect(stack[3]).toEqual({ type: 'timeout', timeout: 2_000_000 });
    expect(stack[0]).toMatchObject({ maxConcurrentCalls: 10, maxWaitDuration: 0 });
    expect(stack[2]).toMatchObject({ maxAttempts: 3, waitDuration: 500_000, backoff: 'exponential', jitter: 'full', honourRetryAfter: true });
  });

  it('rejects unknown types and unknown options with a path', () => {
    expect(strategySchema.safeParse({ type: 'magic' }).success).toBe(false);
    const r = stackSchema.safeParse([{ type: 'retry', maxAttempt: 3 }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['maxAttempt'], path: [0] });
    expect(stackSchema.safeParse([{ type: 'timeout', timeout: '2 parsecs' }]).success).toBe(false);
  });

  it('builds a working stack: the breaker opens on the retried failures and then rejects', () => {
    const env = new TestEnv();
    const configs = stackSchema.parse([
      { type: 'circuit-breaker', minimumNumberOfCalls: 3, slidingWindowSize: 3 },
      { type: 'retry', maxAttempts: 2, waitDuration: '10ms' },
      { type: 'timeout', timeout: '100ms' },
    ]);
    const layers = buildLayers(configs, env);
    const policy = buildStack(configs, env);
    expect(typeof policy).toBe('function');
    const stack = layers.map((l) => l.policy).reduceRight((inner, p) => p(inner), scripted(env, [{ latencyUs: 5_000, outcome: err() }]).call);
    for (let i = 0; i < 3; i++) {
      start(env, stack);
      env.runAll();
    }
    expect(layers[0]!.inspect()).toMatchObject({ state: 'OPEN' });
    expect(layers[1]!.inspect()).toEqual({ calls: 3, retries: 3, budgetDenied: 0 });
    expect(start(env, stack).outcomes).toEqual([{ kind: 'rejected', by: 'circuit-breaker' }]);
  });

  it('a fallback outside the stack turns a rejection into a marked substitute', () => {
    const env = new TestEnv();
    const policy = buildStack(
      stackSchema.parse([
        { type: 'fallback', value: 'payment pending' },
        { type: 'bulkhead', maxConcurrentCalls: 1 },
      ]),
      env,
    );
    const s = scripted(env, [{ latencyUs: 10, outcome: ok('charged') }]);
    start(env, policy(s.call));
    expect(start(env, policy(s.call)).outcomes).toEqual([{ kind: 'ok', value: 'payment pending', fallback: 'payment pending' }]);
  });
});

describe('custom strategies', () => {
  const configs: StrategyConfig[] = stackSchema.parse([
    { type: 'custom', module: './custom-strategy.js', options: { initialLimit: 2 } },
    { type: 'timeout', timeout: '1s' },
  ]);

  it('lists the modules a stack needs', () => {
    expect(customModules([...configs, ...configs])).toEqual(['./custom-strategy.js']);
  });

  it('refuses to build a custom entry nobody loaded', () => {
    expect(() => buildStack(configs, new TestEnv())).toThrow(/custom strategy '.\/custom-strategy.js' was not loaded/);
  });

  it('runs the example factory through buildStack', () => {
    const env = new TestEnv();
    const policy = buildStack(configs, env, new Map([['./custom-strategy.js', createAimd]]));
    const s = scripted(env, [{ latencyUs: 10, outcome: ok(1) }]);
    const got = [0, 1, 2].map(() => start(env, policy(s.call)));
    env.runAll();
    expect(got.map((g) => g.outcomes[0])).toEqual([ok(1), ok(1), { kind: 'rejected', by: 'aimd-limit' }]);
    expect(() => buildStack(stackSchema.parse([{ type: 'custom', module: 'm', options: { initialLimit: 0 } }]), env, new Map([['m', createAimd]]))).toThrow();
  });
});
