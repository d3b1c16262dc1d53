import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, isRequest, ModelError, parseScenario, reply, runScenario } from '../../../sim/index.js';
import { probability } from '../../../sim/units/human-units.js';
import { documentedExample } from '../../examples/documented.js';

/** A web server: answers every request, failing `failRate` of them; records `requests`, `errors` and a `fail-rate` gauge. */
const web = defineModel({
  name: 'test-web',
  summary: 'answers, failing a share',
  params: z.strictObject({ failRate: probability.default(0), tag: z.string().default('') }),
  create: (p) => (ctx) => {
    const draws = ctx.stream('errors');
    return {
      onStart: () => ctx.metric.gauge('fail-rate', p.failRate),
      onRecover: () => ctx.metric.gauge('fail-rate', p.failRate),
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        ctx.metric.count('requests');
        const version = ctx.conditions().version;
        ctx.effect('served', msg.key, { by: ctx.id, version });
        if (p.failRate > 0 && draws.next() < p.failRate) {
          ctx.metric.count('errors');
          return reply(ctx, from, msg, { ok: false, error: '500 broken', retryable: true });
        }
        reply(ctx, from, msg, { ok: true, value: version });
      },
    };
  },
});
const models = { './web.ts': web };

const group = (n: number) => Array.from({ length: n }, (_, i) => `web-${i + 1}`);

function input(deployer: Record<string, unknown>, extra: { nodes?: number; faults?: unknown[]; versions?: unknown } = {}) {
  const webs = group(extra.nodes ?? 4);
  return {
    name: 'deployer-test',
    duration: '40s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [{ id: 'deployer', model: 'deployer', params: { group: webs, ...deployer } }, ...webs.map((id) => ({ id, model: './web.ts' }))],
    workload: { clients: 2, target: webs, pick: 'round-robin', arrival: { process: 'constant', rate: '200/s' }, until: '39s' },
    versions: extra.versions ?? { v2: { params: { tag: 'v2' } }, bad: { params: { failRate: '50%' } } },
    faults: extra.faults ?? [],
    variants: { v: {} },
    checks: [{ check: 'slo', errorRate: '100%' }],
  };
}

function run(deployer: Record<string, unknown>, extra: Parameters<typeof input>[1] = {}) {
  const r = parseScenario(JSON.stringify(input(deployer, extra)), 'deployer.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { models });
}
type Run = ReturnType<typeof run>;

const effects = (r: Run, kind: string) => r.effects.filter((e) => e.kind === kind).map((e) => ({ time: e.time, key: e.key, value: e.value }));
/** Which version each node served with, in [from, until). */
const versionsServed = (r: Run, from: number, until: number) => {
  const by: Record<string, Set<string>> = {};
  for (const e of r.effects) {
    if (e.kind !== 'served' || e.time < from || e.time >= until) continue;
    const v = e.value as { by: string; version: string };
    (by[v.by] ??= new Set()).add(v.version);
  }
  return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, [...v].sort()]));
};
const watch = { metric: 'errors', over: 'requests', window: '5s', threshold: '10%' };

describe('deployer', () => {
  it('rolls out step by step: the first ⌈fraction·n⌉ nodes of the group each step, `stepEvery` apart', () => {
    const r = run({ version: 'v2', at: '5s', steps: [0.25, 0.5, 1], stepEvery: '5s', watch });
    expect(effects(r, 'deploy-step')).toEqual([
      { time: 5_000_000, key: 'v2', value: { step: 1, fraction: 0.25, nodes: ['web-1'] } },
      { time: 10_000_000, key: 'v2', value: { step: 2, fraction: 0.5, nodes: ['web-2'] } },
      { time: 15_000_000, key: 'v2', value: { step: 3, fraction: 1, nodes: ['web-3', 'web-4'] } },
    ]);
    expect(r.timeline.deploys.map((d) => [d.node, d.version, d.atUs])).toEqual([
      ['web-1', 'v2', 5_000_000],
      ['web-2', 'v2', 10_000_000],
      ['web-3', 'v2', 15_000_000],
      ['web-4', 'v2', 15_000_000],
    ]);
    expect(versionsServed(r, 6_000_000, 9_000_000)).toEqual({ 'web-1': ['v2'], 'web-2': ['initial'], 'web-3': ['initial'], 'web-4': ['initial'] });
    expect(effects(r, 'rollback')).toEqual([]);
    expect(r.nodes.deployer!.belief).toEqual({ step: 3, rolledBack: false, done: true, onNewVersion: group(4), watched: 0 });
    expect(r.series.nodes.deployer!['on-new-version']!.values.slice(4, 17).map(Math.round)).toEqual([0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 4, 4]);
  });

  it('rolls a bad canary back to the nodes’ own params once the error rate on it passes the threshold, and stops', () => {
    const r = run({ version: 'bad', at: '5s', canary: '25%', stepEvery: '20s', watch });
    const [rb, ...more] = effects(r, 'rollback');
    expect(more).toEqual([]);
    // Judged every second from the deploy: the first evaluation already sees about 50% errors.
    expect(rb).toMatchObject({ time: 6_000_000, key: 'bad', value: { at: 1, nodes: ['web-1'], to: 'initial' } });
    expect((rb!.value as { errorRate: number }).errorRate).toBeGreaterThan(0.3);
    expect(r.timeline.deploys.map((d) => [d.node, d.version, d.atUs])).toEqual([
      ['web-1', 'bad', 5_000_000],
      ['web-1', 'initial', 6_000_000],
    ]);
    // Back on its own params: no more errors, and the version it reports is `initial` again.
    expect(versionsServed(r, 7_000_000, 39_000_000)['web-1']).toEqual(['initial']);
    expect(r.history.filter((e) => e.type === 'fail').every((e) => e.time >= 5_000_000 && e.time < 6_100_000)).toBe(true);
    expect(r.nodes.deployer!.belief).toMatchObject({ step: 1, rolledBack: true, done: false, onNewVersion: [] });
  });

  it('judges once more at the end of each bake; a threshold never passed lets the rollout complete', () => {
    // 50% errors never pass 90%: both steps go out, and the rollout completes.
    const r = run({ version: 'bad', at: '2s', steps: [0.25, 0.5], stepEvery: '3s', watch: { ...watch, threshold: '90%' } });
    expect(effects(r, 'deploy-step').map((e) => (e.value as { nodes: string[] }).nodes)).toEqual([['web-1'], ['web-2']]);
    expect(r.nodes.deployer!.belief).toMatchObject({ done: true, onNewVersion: ['web-1', 'web-2'] });
    // Watched every 10 s, so only the end of the 3 s bake judges: at 5 s, after step 1.
    const caught = run({ version: 'bad', at: '2s', steps: [0.25, 0.5, 1], stepEvery: '3s', watch: { ...watch, every: '10s' } });
    expect(effects(caught, 'rollback')).toMatchObject([{ time: 5_000_000, value: { at: 1, nodes: ['web-1'] } }]);
  });

  it('with `rollback: false` it carries on past the threshold (a rollout without automated analysis)', () => {
    const r = run({ version: 'bad', at: '5s', steps: [0.25, 1], stepEvery: '5s', watch, rollback: false });
    expect(effects(r, 'rollback')).toEqual([]);
    expect(effects(r, 'deploy-step')).toHaveLength(2);
    expect(r.nodes.deployer!.belief).toMatchObject({ done: true, rolledBack: false });
    expect(r.nodes.deployer!.belief!.watched).toBeGreaterThan(0.3);
  });

  it('rolls back to `rollbackTo` when given', () => {
    const r = run({ version: 'bad', at: '5s', canary: '25%', watch, rollbackTo: 'v2' });
    expect(r.timeline.deploys.map((d) => d.version)).toEqual(['bad', 'v2']);
  });

  it('a canary of 10% of 10 nodes is one node; 50% of 3 is two', () => {
    expect(effects(run({ version: 'v2', canary: '10%' }, { nodes: 10 }), 'deploy-step')[0]!.value).toMatchObject({ nodes: ['web-1'] });
    expect(effects(run({ version: 'v2', canary: '50%' }, { nodes: 3 }), 'deploy-step')[0]!.value).toMatchObject({ nodes: ['web-1', 'web-2'] });
  });

  it('`minSamples` holds the verdict until the new version has served that many requests', () => {
    const r = run({ version: 'bad', at: '5s', canary: '25%', stepEvery: '20s', watch: { ...watch, minSamples: 200 } });
    // web-1 gets a quarter of 200/s: 200 requests take 4 s.
    expect(effects(r, 'rollback')[0]!.time).toBe(9_000_000);
  });

  it("without `over`, a gauge's time-weighted mean over the window is judged", () => {
    const r = run({ version: 'bad', at: '5s', canary: '25%', watch: { metric: 'fail-rate', window: '2s', threshold: 0.3 } });
    expect(effects(r, 'rollback')).toMatchObject([{ time: 6_000_000, value: { errorRate: 0.5 } }]);
    const fine = run({ version: 'bad', at: '5s', canary: '25%', watch: { metric: 'fail-rate', window: '2s', threshold: 0.6 } });
    expect(effects(fine, 'rollback')).toEqual([]);
  });

  it('keeps its progress on disk: a crash mid-rollout resumes the step it was on, deploying no node twice', () => {
    const r = run(
      { version: 'v2', at: '2s', steps: [0.25, 0.5, 1], stepEvery: '5s', watch },
      { faults: [{ kind: 'crash', node: 'deployer', at: '8s', duration: '2s' }] },
    );
    // Step 2 at 7 s; the crash at 8 s; back at 10 s, step 2 bakes again (5 s) and step 3 is at 15 s.
    expect(effects(r, 'deploy-step').map((e) => [e.time, (e.value as { step: number }).step])).toEqual([
      [2_000_000, 1],
      [7_000_000, 2],
      [15_000_000, 3],
    ]);
    expect(r.timeline.deploys.map((d) => d.node)).toEqual(group(4));
  });

  it('a pause delays it: the next step is taken when it resumes', () => {
    const r = run({ version: 'v2', at: '2s', steps: [0.5, 1], stepEvery: '5s' }, { faults: [{ kind: 'pause', node: 'deployer', at: '6s', duration: '4s' }] });
    expect(effects(r, 'deploy-step').map((e) => e.time)).toEqual([2_000_000, 10_000_000]);
  });

  it('refuses at create a version the scenario does not define (`version` and `rollbackTo`), before anything runs', () => {
    expect(() => run({ version: 'v3' })).toThrow(ModelError);
    expect(() => run({ version: 'v3' })).toThrow(
      /deployer.*params\.version: no version named 'v3' in the scenario's `versions` \(versions: v2, bad, or initial\)/,
    );
    expect(() => run({ version: 'v2', rollbackTo: 'v1' })).toThrow(/params\.rollbackTo: no version named 'v1'/);
    expect(() => run({ version: 'v2' }, { versions: {} })).toThrow(/none: add a `versions` section/);
  });

  it('params mistakes are positioned errors', () => {
    const issues = (deployer: Record<string, unknown>) => {
      const r = parseScenario(JSON.stringify(input(deployer)), 'deployer.json', { models });
      return r.ok ? [] : r.issues.map((i) => ({ path: i.path, message: i.message }));
    };
    expect(issues({ version: 'v2', stepEvry: '5s' })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'stepEvry'],
      message: expect.stringContaining("did you mean 'stepEvery'"),
    });
    expect(issues({ version: 'v2', group: ['web-1', 'web-9'] })[0]).toMatchObject({
      path: ['nodes', 0, 'params', 'group', 1],
      message: expect.stringContaining("no node named 'web-9'"),
    });
    expect(issues({ version: 'v2', steps: [0.5, 0.25] })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'steps', 1] });
    expect(issues({ version: 'v2', steps: [0.5], canary: '10%' })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'canary'] });
    expect(issues({ version: 'v2', canary: '0%' })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'canary'], message: 'expected a fraction above 0%' });
    expect(issues({ version: 'v2', watch: { metric: 'errors', threshold: 'lots' } })[0]).toMatchObject({ path: ['nodes', 0, 'params', 'watch', 'threshold'] });
  });

  it('the documented example runs: the canary of a version that cannot start is rolled back', () => {
    const scenario = documentedExample('docs/examples/blocks/deployer.yaml');
    const out = runScenario(scenario);
    expect(out.verdict).toBe('pass');
    expect(out.effects.filter((e) => e.kind === 'rollback')).toMatchObject([{ key: 'v2', value: { nodes: ['api-1'] } }]);
    const noRollback = runScenario(scenario, { variant: 'no-rollback' });
    expect(noRollback.verdict).toBe('fail');
  });
});
