import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, isRequest, parseScenario, reply, runScenario } from '../../../sim/index.js';
import { duration } from '../../../sim/units/human-units.js';
import { documentedExample } from '../../examples/documented.js';

/**
 * A backend: answers `health` ok (unless `sick`), and every other request after `delay`
 * (× the slowdown fault), ok with its own name, or `500 boom` when `fail`, or the injected
 * error of an `errors` fault.
 */
const backend = defineModel({
  name: 'test-backend',
  summary: 'answers ok, or fails',
  params: z.strictObject({ delay: duration.default(1_000), fail: z.boolean().default(false), sick: z.boolean().default(false) }),
  create: (p) => (ctx) => {
    const errors = ctx.stream('errors');
    return {
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        if (msg.f === 'health') return reply(ctx, from, msg, p.sick ? { ok: false, error: '503 sick' } : { ok: true });
        const c = ctx.conditions();
        ctx.after(Math.round(p.delay * c.slowdown + c.extraUs), () => {
          if (c.errorRate > 0 && errors.next() < c.errorRate) return reply(ctx, from, msg, { ok: false, error: c.error, retryable: c.retryable });
          if (p.fail) return reply(ctx, from, msg, { ok: false, error: '500 boom', retryable: true });
          ctx.effect('served', msg.key, { by: ctx.id });
          reply(ctx, from, msg, { ok: true, value: ctx.id });
        });
      },
    };
  },
});
const models = { './backend.ts': backend };

interface Setup {
  lb?: Record<string, unknown>;
  /** Backend name → its params. */
  backends?: Record<string, Record<string, unknown>>;
  workload?: Record<string, unknown>;
  faults?: unknown[];
  client?: unknown[];
  duration?: string;
}

function input(s: Setup) {
  const backends = s.backends ?? { b1: {}, b2: {}, b3: {} };
  return {
    name: 'lb-test',
    duration: s.duration ?? '10s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [
      { id: 'lb', model: 'load-balancer', params: { backends: Object.keys(backends), ...s.lb } },
      ...Object.entries(backends).map(([id, params]) => ({ id, model: './backend.ts', params })),
    ],
    workload: { clients: 1, target: 'lb', arrival: { process: 'constant', rate: '100/s' }, until: '7.999s', ...s.workload },
    faults: s.faults ?? [],
    variants: { v: { client: s.client ?? [{ type: 'timeout', timeout: '20s' }] } },
    checks: [{ check: 'slo', latency: '20s' }],
  };
}

function run(s: Setup, seed = 1) {
  const r = parseScenario(JSON.stringify(input(s)), 'lb.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { models, seed });
}
type Run = ReturnType<typeof run>;

const servedBy = (r: Run, from = 0, until = Number.POSITIVE_INFINITY) => {
  const n: Record<string, number> = {};
  for (const e of r.effects)
    if (e.kind === 'served' && e.time >= from && e.time < until) n[(e.value as { by: string }).by] = (n[(e.value as { by: string }).by] ?? 0) + 1;
  return n;
};
const notes = (r: Run, type: 'ok' | 'fail' | 'info') => r.history.filter((e) => e.type === type).map((e) => e.note);
const series = (r: Run, metric: string, node = 'lb') => r.series.nodes[node]?.[metric]?.values;
const sum = (xs: number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);

describe('load-balancer: picking a backend', () => {
  it('round-robin spreads requests evenly; answers reach the caller under its own rid; sent-<backend> counts them', () => {
    const r = run({});
    expect(r.stats.requests).toBe(800);
    expect(r.stats.ok).toBe(800);
    const by = servedBy(r);
    expect(Object.values(by).sort()).toEqual([266, 267, 267]);
    // The value the backend answered with travels back unchanged.
    const okValues = r.history.filter((e) => e.type === 'ok').map((e) => e.value);
    expect(new Set(okValues)).toEqual(new Set(['b1', 'b2', 'b3']));
    expect(sum(series(r, 'sent-b1'))).toBe(by.b1);
    expect(sum(series(r, 'requests'))).toBe(800);
    expect(sum(series(r, 'errors'))).toBe(0);
  });

  it('weights split traffic: smooth weighted round-robin gives a 10% canary exactly 10%, random about 10%', () => {
    const lb = { backends: ['stable', 'canary'], weights: { stable: 9, canary: 1 } };
    const backends = { stable: {}, canary: {} };
    const rr = servedBy(run({ lb, backends }));
    expect(rr).toEqual({ stable: 720, canary: 80 });
    const random = servedBy(run({ lb: { ...lb, policy: 'random' }, backends }));
    expect(random.canary).toBeGreaterThan(50);
    expect(random.canary).toBeLessThan(110);
    expect(random.stable! + random.canary!).toBe(800);
  });

  it('smooth weighted round-robin interleaves (nginx): weights 5:1:1 give a a b a c a a, not a burst of a', () => {
    const r = run({ lb: { weights: { b1: 5, b2: 1, b3: 1 } }, workload: { maxRequests: 7 } });
    const order = r.effects.filter((e) => e.kind === 'served').map((e) => (e.value as { by: string }).by);
    expect(order).toEqual(['b1', 'b1', 'b2', 'b1', 'b3', 'b1', 'b1']);
  });

  it('a weight of 0 drains a backend', () => {
    expect(servedBy(run({ lb: { weights: { b3: 0 } } }))).toEqual({ b1: 400, b2: 400 });
  });

  it.each(['least-outstanding', 'power-of-two'])('%s sends most requests to the fast backend while the other is slow', (policy) => {
    const backends = { fast: { delay: '5ms' }, slow: { delay: '200ms' } };
    const r = run({ lb: { policy }, backends, workload: { arrival: { process: 'poisson', rate: '200/s' } } });
    const by = servedBy(r);
    expect(by.fast! / (by.fast! + by.slow!)).toBeGreaterThan(0.85);
    const rr = servedBy(run({ backends, workload: { arrival: { process: 'poisson', rate: '200/s' } } }));
    expect(rr.fast! / (rr.fast! + rr.slow!)).toBeLessThan(0.55);
  });

  it('the outstanding gauge follows the requests in flight; inspect() shows them per backend', () => {
    const r = run({ backends: { b1: { delay: '100ms' } }, workload: { until: '9.5s' } });
    // 100 requests a second, each held 100 ms (+ 1 ms to the backend and back): about 10 in flight.
    const out = series(r, 'outstanding')!;
    expect(out[5]).toBeGreaterThan(9.5);
    expect(out[5]).toBeLessThan(10.5);
    expect(r.nodes.lb!.belief).toEqual({ healthy: ['b1'], down: [], ejected: [], outstanding: { b1: expect.any(Number) } });
  });
});

describe('load-balancer: failures', () => {
  it('a backend that does not answer within `timeout`: 504 upstream timeout, retryable and in doubt (unknown, never failed)', () => {
    const r = run({ lb: { timeout: '50ms' }, backends: { b1: {}, b2: { delay: '1s' } }, workload: { maxRequests: 10 } });
    expect(r.stats.ok).toBe(5);
    expect(notes(r, 'info')).toEqual(Array(5).fill('504 upstream timeout'));
    expect(notes(r, 'fail')).toEqual([]);
    expect(sum(series(r, 'timeouts'))).toBe(5);
    expect(sum(series(r, 'errors'))).toBe(5);
  });

  it('a 504 is retryable: a client retry goes to the next backend and succeeds', () => {
    const r = run({
      lb: { timeout: '50ms' },
      backends: { b1: {}, b2: { delay: '1s' } },
      workload: { arrival: { process: 'constant', rate: '5/s' }, maxRequests: 10 },
      client: [{ type: 'retry', maxAttempts: 2, waitDuration: '1ms' }],
    });
    expect(r.stats.ok).toBe(10);
  });

  it('relays backend errors as they are (error text, retryable)', () => {
    const r = run({ backends: { b1: { fail: true } }, workload: { maxRequests: 3 } });
    expect(notes(r, 'fail')).toEqual(['500 boom', '500 boom', '500 boom']);
  });

  it('active health checks take a crashed backend out after `unhealthyAfter` misses and back after `healthyAfter` passes', () => {
    const r = run({
      lb: { healthCheck: { every: '100ms', timeout: '50ms', unhealthyAfter: 3, healthyAfter: 2 }, timeout: '100ms' },
      faults: [{ kind: 'crash', node: 'b2', at: '2s', duration: '3s' }],
    });
    // Checks at 2.0 (just before the crash: answered), 2.1, 2.2, 2.3 miss: out at 2.35 s.
    expect(servedBy(r, 2_400_000, 5_000_000)).toEqual({ b1: 130, b3: 130 });
    // Restarted at 5 s: passes at 5.0 + 0.1 and 5.2 bring it back by 5.21 s.
    const after = servedBy(r, 5_300_000, 8_000_000);
    expect(after.b2).toBeGreaterThan(85);
    // Only the few requests sent to b2 between the crash and its removal were lost (timed out).
    expect(r.stats.unknown).toBeGreaterThan(0);
    expect(r.stats.unknown).toBeLessThan(15);
    const healthy = series(r, 'healthy')!;
    expect([healthy[1], healthy[3], healthy[6]]).toEqual([3, 2, 3]);
  });

  it('a backend failing its health checks (an error answer) gets no traffic; with none healthy: 503 no healthy upstream', () => {
    const some = run({ lb: { healthCheck: { every: '100ms', unhealthyAfter: 1 } }, backends: { b1: {}, b2: { sick: true } } });
    expect(servedBy(some, 200_000)).toEqual({ b1: 780 });
    const none = run({ lb: { healthCheck: { every: '100ms', unhealthyAfter: 1 } }, backends: { b1: { sick: true } } });
    expect(none.stats.failed).toBeGreaterThan(770);
    expect(new Set(notes(none, 'fail'))).toEqual(new Set(['503 no healthy upstream']));
    expect(none.nodes.lb!.belief).toMatchObject({ healthy: [], down: ['b1'] });
  });

  it('outlier ejection: a backend answering 5xx in a row is ejected for `ejectFor`, then tried again', () => {
    const r = run({
      lb: { outlierEjection: { consecutiveErrors: 5, ejectFor: '2s', maxEjectedPercent: '50%' } },
      faults: [{ kind: 'errors', node: 'b3', at: '0s', rate: '100%', error: '503 overloaded' }],
      workload: { until: '4s' },
    });
    // Every third request goes to b3 until its fifth error (t ≈ 0.14 s); it is back at ≈ 2.14 s, errs 5 more times.
    expect(r.stats.failed).toBe(10);
    expect(new Set(notes(r, 'fail'))).toEqual(new Set(['503 overloaded']));
    const ejected = series(r, 'ejected')!;
    expect(ejected[1]).toBe(1);
    expect(ejected[3]).toBe(1);
  });

  it('outlier ejection ejects at most maxEjectedPercent of the backends (and always at least one)', () => {
    const failing = [
      { kind: 'errors', node: 'b1', at: '0s', rate: '100%' },
      { kind: 'errors', node: 'b2', at: '0s', rate: '100%' },
    ];
    const capped = run({ lb: { outlierEjection: { consecutiveErrors: 3, ejectFor: '1m', maxEjectedPercent: '10%' } }, faults: failing });
    expect(capped.nodes.lb!.belief).toMatchObject({ ejected: ['b1'] });
    // b2 keeps getting half the traffic: only one of three may be out at once.
    expect(capped.stats.failed).toBeGreaterThan(390);
    const roomy = run({ lb: { outlierEjection: { consecutiveErrors: 3, ejectFor: '1m', maxEjectedPercent: '70%' } }, faults: failing });
    expect(roomy.nodes.lb!.belief).toMatchObject({ ejected: ['b1', 'b2'], healthy: ['b3'] });
    expect(roomy.stats.failed).toBe(6);
  });

  it('non-5xx answers reset the consecutive count: a backend failing half its requests is never ejected', () => {
    const r = run({
      lb: { outlierEjection: { consecutiveErrors: 8, ejectFor: '1m' } },
      faults: [{ kind: 'errors', node: 'b1', at: '0s', rate: '50%' }],
    });
    expect(r.nodes.lb!.belief).toMatchObject({ ejected: [] });
    expect(r.stats.failed).toBeGreaterThan(100);
  });
});

describe('load-balancer: its own conditions, crash and params', () => {
  it('its `latency` (× slowdown + extra) delays every forward', () => {
    const r = run({
      lb: { latency: { dist: 'constant', value: '10ms' } },
      faults: [{ kind: 'slowdown', node: 'lb', at: '4s', duration: '1s', factor: 5, extra: '20ms' }],
    });
    const latency = (from: number, until: number) =>
      r.history
        .filter((e) => e.type === 'ok' && e.time >= from && e.time < until)
        .map((e) => e.time - r.history.find((i) => i.type === 'invoke' && i.op === e.op)!.time);
    // 1 ms to the LB, 10 ms in it, 1 ms to the backend, 1 ms of work, 1 ms back on each hop.
    expect(new Set(latency(1_000_000, 3_000_000))).toEqual(new Set([15_000]));
    // In the slowdown: 10 ms × 5 + 20 ms in the LB.
    expect(new Set(latency(4_200_000, 4_900_000))).toEqual(new Set([75_000]));
  });

  it('an errors fault on the LB answers that share with the injected error, without forwarding', () => {
    const r = run({ faults: [{ kind: 'errors', node: 'lb', at: '2s', duration: '2s', rate: '50%', error: '502 bad gateway', retryable: false }] });
    const failed = notes(r, 'fail');
    expect(failed.length).toBeGreaterThan(70);
    expect(failed.length).toBeLessThan(130);
    expect(new Set(failed)).toEqual(new Set(['502 bad gateway']));
    expect(sum(Object.values(servedBy(r)).map(Number))).toBe(800 - failed.length);
  });

  it('a capacity fault scales maxOutstanding; past it: 503 upstream overflow', () => {
    const r = run({
      lb: { maxOutstanding: 20 },
      backends: { b1: { delay: '100ms' } },
      faults: [{ kind: 'capacity', node: 'lb', at: '3s', duration: '2s', fraction: '20%' }],
    });
    // 10 in flight fit in 20, not in 4.
    const failed = r.history.filter((e) => e.type === 'fail');
    expect(failed.length).toBeGreaterThan(100);
    expect(failed.every((e) => e.note === '503 upstream overflow: too many requests in flight' && e.time >= 3_000_000 && e.time < 5_010_000)).toBe(true);
  });

  it('a crash loses the requests in flight and the ejections; the LB is a fresh one after it restarts', () => {
    const r = run({
      lb: { outlierEjection: { consecutiveErrors: 2, ejectFor: '1m' } },
      backends: { b1: { delay: '200ms' }, b2: { fail: true } },
      faults: [{ kind: 'crash', node: 'lb', at: '3s', duration: '1s' }],
      client: [{ type: 'timeout', timeout: '2s' }],
    });
    // In flight at the crash: about 20 requests (200 ms × 100/s), answered to a node that lost them.
    expect(r.stats.unknown).toBeGreaterThan(110);
    // b2 was ejected at the start, and again after the restart (2 more errors).
    expect(r.stats.failed).toBe(4);
    expect(r.nodes.lb!.belief).toMatchObject({ ejected: ['b2'] });
  });

  it('the LB answers `health` itself, so it can sit behind another LB', () => {
    const text = JSON.stringify({
      ...input({}),
      nodes: [
        { id: 'edge', model: 'load-balancer', params: { backends: ['lb'], healthCheck: { every: '100ms', unhealthyAfter: 1 } } },
        { id: 'lb', model: 'load-balancer', params: { backends: ['b1'] } },
        { id: 'b1', model: './backend.ts' },
      ],
      workload: { clients: 1, target: 'edge', arrival: { process: 'constant', rate: '10/s' }, until: '5s' },
    });
    const p = parseScenario(text, 'edge.json', { models });
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const r = runScenario(p.scenario, { models });
    expect(r.stats.ok).toBe(r.stats.requests);
    expect(r.nodes.edge!.belief).toMatchObject({ healthy: ['lb'] });
  });

  it('params mistakes are positioned errors: a typo, an unknown backend, a weight for a node not among the backends', () => {
    const issues = (lb: Record<string, unknown>) => {
      const r = parseScenario(JSON.stringify(input({ lb })), 'lb.json', { models });
      return r.ok ? [] : r.issues.map((i) => ({ path: i.path, message: i.message }));
    };
    expect(issues({ polcy: 'random' })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'polcy'], message: expect.stringContaining("did you mean 'policy'") });
    expect(issues({ backends: ['b1', 'b4'] })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'backends', 1],
      message: expect.stringContaining("no node named 'b4'"),
    });
    expect(issues({ weights: { b9: 2 } })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'weights', 'b9'],
      message: "'b9' is not one of the backends (b1, b2, b3)",
    });
    expect(issues({ weights: { b1: 0, b2: 0, b3: 0 } })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'weights'] });
    expect(issues({ backends: ['b1', 'b1'] })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'backends', 1], message: "backend 'b1' is listed twice" });
    expect(issues({ healthCheck: { unhealthyAfter: 0 } })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'healthCheck', 'unhealthyAfter'] });
    expect(issues({ outlierEjection: { maxEjectedPercent: '150%' } })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'outlierEjection', 'maxEjectedPercent'],
    });
  });

  it('the documented example runs: the failing replica is ejected, the crashed one marked down, and the SLO holds', () => {
    const scenario = documentedExample('docs/examples/blocks/load-balancer.yaml');
    const out = runScenario(scenario);
    expect(out.verdict).toBe('pass');
    expect(out.nodes.lb!.belief).toMatchObject({ down: [] });
    expect(sum(out.series.nodes.lb!['sent-api-3']!.values.slice(6, 9))).toBe(0);
  });
});
