import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, parseScenario, runScenario } from '../../../sim/index.js';
import { documentedExample } from '../../examples/documented.js';

/**
 * A worker pool with a steady `demand` of busy workers (× the slowdown fault: slower work needs
 * more workers): records `utilisation` = demand / workers (at most 1) and the `workers` it has,
 * its own or the autoscaler's (ctx.conditions().workers) × capacity.
 */
const pool = defineModel({
  name: 'test-pool',
  summary: 'a utilisation gauge from a fixed demand',
  params: z.strictObject({ demand: z.number().default(2), workers: z.number().int().default(2) }),
  create: (p) => (ctx) => {
    const record = () => {
      const c = ctx.conditions();
      const w = Math.floor((c.workers ?? p.workers) * c.capacity);
      ctx.metric.gauge('utilisation', w === 0 ? 1 : Math.min(1, (p.demand * c.slowdown) / w));
      ctx.metric.gauge('workers', w);
    };
    return { onStart: record, onRecover: record, onConditions: record };
  },
});
const models = { './pool.ts': pool };

const base = { nodes: ['pool'], initial: 4, scaleUpAbove: 0.8, scaleDownBelow: 0.3, step: 2, min: 2, max: 10, every: '5s', delay: '2s' };
/** Demand ×3 from 10 s to 30 s. */
const surge = { kind: 'slowdown', node: 'pool', at: '10s', duration: '20s', factor: 3 };

function run(autoscaler: Record<string, unknown>, faults: unknown[] = [surge], poolNodes = ['pool']) {
  const input = {
    name: 'autoscaler-test',
    duration: '50s',
    nodes: [{ id: 'scaler', model: 'autoscaler', params: { ...base, ...autoscaler } }, ...poolNodes.map((id) => ({ id, model: './pool.ts' }))],
    faults,
    variants: { v: {} },
    checks: [{ check: 'rate-bound', effect: 'scale', max: 1000, window: '1s' }],
  };
  const r = parseScenario(JSON.stringify(input), 'autoscaler.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { models });
}
type Run = ReturnType<typeof run>;
const scales = (r: Run) => r.effects.filter((e) => e.kind === 'scale').map((e) => [e.time / 1e6, e.key, e.value]);

describe('autoscaler', () => {
  it('adds `step` workers `delay` after the gauge passes scaleUpAbove, up to `max`; removes them at once below scaleDownBelow, down to `min`', () => {
    const r = run({});
    expect(scales(r)).toEqual([
      // 15 s: the mean over 10–15 s is 1 → 6 workers at 17 s; 20 s: still 1 → 8 at 22 s.
      [17, 'pool', { from: 4, to: 6 }],
      [22, 'pool', { from: 6, to: 8 }],
      // 25 s: 1 until 22 s, then 6/8 = 0.75: mean 0.85 → 10 (the max) at 27 s.
      [27, 'pool', { from: 8, to: 10 }],
      // The surge ends at 30 s; at 35 s the mean is 2/10 = 0.2 → 8 at once, at 40 s 0.25 → 6; 0.33 stays.
      [35, 'pool', { from: 10, to: 8 }],
      [40, 'pool', { from: 8, to: 6 }],
    ]);
    // The pool sees the workers it was given (as ctx.conditions().workers), from the first instant.
    expect(r.series.nodes.pool!.workers!.values.map(Math.round)).toEqual([
      ...Array(17).fill(4),
      ...Array(5).fill(6),
      ...Array(5).fill(8),
      ...Array(8).fill(10),
      ...Array(5).fill(8),
      ...Array(10).fill(6),
    ]);
    expect(r.series.nodes.scaler!['workers-pool']!.values[30]).toBe(10);
    expect(r.nodes.scaler!.belief).toEqual({ workers: { pool: 6 }, pending: {} });
  });

  it('`cooldown` leaves a node alone after a change lands; `max` caps it', () => {
    const r = run({ cooldown: '12s', max: 8 });
    // 17 s: 6 workers; quiet until 29 s; the 30 s look sees 1 until the surge ended → 8 at 32 s;
    // quiet until 44 s; the 45 s look sees 2/8 = 0.25 → 6.
    expect(scales(r)).toEqual([
      [17, 'pool', { from: 4, to: 6 }],
      [32, 'pool', { from: 6, to: 8 }],
      [45, 'pool', { from: 8, to: 6 }],
    ]);
  });

  it('scales each node on its own gauge', () => {
    const r = run({ nodes: ['pool', 'quiet'] }, [surge], ['pool', 'quiet']);
    expect(scales(r).filter(([, node]) => node === 'quiet')).toEqual([]);
    expect(scales(r).filter(([, node]) => node === 'pool')).toHaveLength(5);
  });

  it('sees what capacity faults do to its nodes: a CPU cut raises utilisation, and it adds workers', () => {
    const r = run({ scaleDownBelow: undefined, max: 6 }, [{ kind: 'capacity', node: 'pool', at: '10s', duration: '20s', fraction: '25%' }]);
    // 4 workers × 25% = 1 for a demand of 2: utilisation 1 → 6 (× 25% = 1.5: still 1).
    expect(scales(r)).toEqual([[17, 'pool', { from: 4, to: 6 }]]);
  });

  it('keeps the desired workers on its disk: a crash loses the change provisioning, not the count', () => {
    const r = run({}, [surge, { kind: 'crash', node: 'scaler', at: '16s', duration: '3s' }]);
    // The change due at 17 s died with it; back at 19 s it looks at 24 s (every 5 s from boot) → 6 at 26 s.
    expect(scales(r)[0]).toEqual([26, 'pool', { from: 4, to: 6 }]);
    // The pool kept its 4 workers through the crash: nothing reset them.
    expect(r.series.nodes.pool!.workers!.values.slice(0, 26).every((w) => w === 4)).toBe(true);
  });

  it('a pause delays its looks: the change lands late', () => {
    const r = run({}, [surge, { kind: 'pause', node: 'scaler', at: '14s', duration: '4s' }]);
    // The 15 s look runs when it resumes at 18 s (the mean over 13–18 s is 1) → 6 at 20 s.
    expect(scales(r)[0]![0]).toBe(20);
  });

  it('params mistakes are positioned errors', () => {
    const issues = (autoscaler: Record<string, unknown>) => {
      const input = {
        name: 'a',
        duration: '5s',
        nodes: [
          { id: 'scaler', model: 'autoscaler', params: { ...base, ...autoscaler } },
          { id: 'pool', model: './pool.ts' },
        ],
        variants: { v: {} },
        checks: [{ check: 'rate-bound', effect: 'scale', max: 1, window: '1s' }],
      };
      const r = parseScenario(JSON.stringify(input), 'a.json', { models });
      return r.ok ? [] : r.issues.map((i) => ({ path: i.path, message: i.message }));
    };
    expect(issues({ cooldwn: '1s' })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'cooldwn'],
      message: expect.stringContaining("did you mean 'cooldown'"),
    });
    expect(issues({ nodes: ['pol'] })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'nodes', 0], message: expect.stringContaining("did you mean 'pool'") });
    expect(issues({ min: 12 })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'min'], message: 'expected `min` (12) to be at most `max` (10)' });
    expect(issues({ initial: 1 })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'initial'] });
    expect(issues({ scaleDownBelow: 0.9 })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'scaleDownBelow'] });
    expect(issues({ max: 1_000_000 })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'max'] });
    expect(issues({ scaleUpAbove: '80%' })).toEqual([]);
  });

  it('the documented example runs: a slowdown saturates the service, the autoscaler adds workers and latency recovers', () => {
    const scenario = documentedExample('docs/examples/blocks/autoscaler.yaml');
    const scaled = runScenario(scenario);
    expect(scaled.verdict).toBe('pass');
    expect(scaled.effects.filter((e) => e.kind === 'scale').length).toBeGreaterThan(1);
    expect(Math.max(...scaled.series.nodes.api!.workers!.values)).toBeGreaterThan(4);
    expect(runScenario(scenario, { variant: 'fixed' }).verdict).toBe('fail');
  });
});
