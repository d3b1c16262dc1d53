import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import {
  clientIds,
  type defineModel,
  forVariant,
  parseScenario,
  regressionScenario,
  runScenario,
  scenarioForSeed,
  shrinkFaults,
  sweep,
} from '../../sim/index.js';
import { echoModels } from './echo-model.js';

const EXAMPLE = 'docs/examples/format/variant-overrides.yaml';
const exampleText = readFileSync(EXAMPLE, 'utf8');

function parsed(text: string, file = EXAMPLE, models?: Record<string, ReturnType<typeof defineModel>>) {
  const r = parseScenario(text, file, models ? { models } : {});
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.scenario;
}
const failTimes = (out: ReturnType<typeof runScenario>) => out.history.filter((e) => e.type === 'fail').map((e) => e.time);

describe(`the documented example (${EXAMPLE})`, () => {
  it('"rollback after 5 s" and "no rollback" in one file: each variant runs its own faults', () => {
    expect(readFileSync('docs/scenario-format.md', 'utf8')).toContain('examples/format/variant-overrides.yaml');
    const s = parsed(exampleText);
    expect(s.faults).toEqual([]);
    const none = runScenario(s, { variant: 'no-rollback' });
    const back = runScenario(s, { variant: 'rollback-after-5s' });
    expect(Object.fromEntries(none.checks.map((c) => [c.name, c.ok]))).toEqual({ 'healthy-before': true, recovered: false });
    expect(Object.fromEntries(back.checks.map((c) => [c.name, c.ok]))).toEqual({ 'healthy-before': true, recovered: true });
    // 20/s: every request from the deploy at 10s fails; with the rollback, only those until 15s.
    expect(back.stats.failed).toBe(100);
    expect(Math.min(...failTimes(back))).toBeGreaterThanOrEqual(10_000_000);
    expect(Math.max(...failTimes(back))).toBeLessThan(15_100_000);
    expect(Math.max(...failTimes(none))).toBeGreaterThan(28_000_000);
    expect(back.timeline.faults.map((f) => [f.kind, f.startUs])).toEqual([
      ['deploy', 10_000_000],
      ['deploy', 15_000_000],
    ]);
    // Both variants merge the same base: the client stack.
    expect(s.variants['no-rollback']!.client).toEqual(s.variants['rollback-after-5s']!.client);
  });
});

describe('forVariant', () => {
  const s = parsed(exampleText);

  it('applies the variant’s overrides and takes them off it, so applying it twice changes nothing', () => {
    const v = forVariant(s, 'rollback-after-5s');
    expect(v.faults).toHaveLength(2);
    expect(v.variants['rollback-after-5s']!.faults).toBeUndefined();
    expect(forVariant(v, 'rollback-after-5s')).toEqual(v);
    // The other variants keep theirs; the input is not changed.
    expect(v.variants['no-rollback']!.faults).toHaveLength(1);
    expect(s.variants['rollback-after-5s']!.faults).toHaveLength(2);
    expect(() => forVariant(s, 'nope')).toThrow(/has no variant 'nope'/);
  });

  it('a variant without overrides is the scenario itself', () => {
    const plain = parsed(exampleText.replace(/ {4}faults:(?:\n {6}- .*)+/g, '').replace('  no-rollback:\n', '  no-rollback:\n    description: x\n'));
    expect(forVariant(plain, 'no-rollback')).toBe(plain);
  });
});

const models = echoModels;

function scenarioWith(top: Record<string, unknown>, variants: Record<string, unknown>) {
  return {
    name: 'overrides',
    duration: '5s',
    nodes: [
      { id: 'api', model: './echo.ts' },
      { id: 'db', model: './echo.ts' },
    ],
    workload: { clients: 1, target: 'api', arrival: { process: 'constant', rate: '10/s' }, until: '4s' },
    variants,
    checks: [{ check: 'slo', errorRate: '0%' }],
    ...top,
  };
}
const parse = (input: unknown) => parseScenario(JSON.stringify(input, null, 1), 'o.json', { models });
function issues(input: unknown): string[] {
  const r = parse(input);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('variants overriding workload and network', () => {
  it('a variant’s workload replaces the scenario’s: its own populations and clients', () => {
    const r = parse(
      scenarioWith(
        {},
        {
          base: {},
          twoPopulations: {
            workload: [
              { name: 'web', clients: 2, target: 'api', arrival: { process: 'constant', rate: '4/s' }, until: '2s' },
              { name: 'batch', clients: ['job'], target: 'db', arrival: { process: 'burst', at: '3s', count: 5 } },
            ],
          },
        },
      ),
    );
    if (!r.ok) throw new Error(formatIssues(r.issues));
    expect(clientIds(r.scenario)).toEqual(['client-1']);
    expect(clientIds(forVariant(r.scenario, 'twoPopulations'))).toEqual(['web-1', 'web-2', 'job']);
    const base = runScenario(r.scenario, { variant: 'base', models });
    const two = runScenario(r.scenario, { variant: 'twoPopulations', models });
    expect(new Set(base.history.map((e) => e.process))).toEqual(new Set(['client-1']));
    expect(new Set(two.history.map((e) => e.process))).toEqual(new Set(['web-1', 'web-2', 'job']));
    expect(two.effects.filter((e) => e.node === 'db')).toHaveLength(5);
    expect(two.nodes['client-1']).toBeUndefined();
  });

  it('a variant’s network replaces the scenario’s whole: its own default, not the scenario’s', () => {
    const top = { network: { default: { latency: { dist: 'constant', value: '50ms' } } } };
    const r = parse(
      scenarioWith(top, {
        slow: {},
        lossy: { network: { links: [{ from: 'client-1', to: 'api', loss: '100%' }] } },
        fast: { network: { default: { latency: { dist: 'constant', value: '1ms' } } } },
      }),
    );
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const latency = (variant: string) => runScenario(r.scenario, { variant, models }).stats.latency;
    expect(latency('slow').p50Us).toBe(100_000);
    expect(latency('fast').p50Us).toBe(2_000);
    const lossy = runScenario(r.scenario, { variant: 'lossy', models });
    expect(lossy.stats.ok).toBe(0);
    // Not merged: the scenario's 50ms is gone, the built-in default (1–10ms) applies to the other links.
    expect(lossy.stats.messages.lost).toBe(lossy.stats.requests);
  });

  it('`faults: []` in a variant runs no faults at all', () => {
    const top = { faults: [{ kind: 'crash', at: '1s', duration: '2s', node: 'api' }] };
    const r = parse(scenarioWith(top, { crashing: {}, calm: { faults: [] } }));
    if (!r.ok) throw new Error(formatIssues(r.issues));
    expect(runScenario(r.scenario, { variant: 'crashing', models }).timeline.faults).toHaveLength(1);
    const calm = runScenario(r.scenario, { variant: 'calm', models });
    expect(calm.timeline.faults).toHaveLength(0);
    expect(calm.stats.ok).toBe(calm.stats.requests);
  });

  it('bad references inside a variant’s overrides are positioned inside the variant', () => {
    const v = (over: Record<string, unknown>, top: Record<string, unknown> = {}) => issues(scenarioWith(top, { base: {}, rollback: over }));
    expect(v({ faults: [{ kind: 'pause', at: '1s', duration: '1s', node: 'apj' }] })).toEqual([
      "variants.rollback.faults.0.node: no node named 'apj'; did you mean 'api'? (nodes: api, db, client-1)",
    ]);
    expect(v({ faults: [{ kind: 'deploy', at: '1s', nodes: ['api'], version: 'v3' }] })).toEqual([
      "variants.rollback.faults.0.version: no version named 'v3' (versions: none: add a `versions` section)",
    ]);
    expect(v({ network: { links: [{ from: 'client-9', to: 'api', loss: '1%' }] } })).toEqual([
      "variants.rollback.network.links.0.from: no node named 'client-9'; did you mean 'client-1'? (nodes: api, db, client-1)",
    ]);
    expect(v({ workload: { clients: ['db'], target: 'api', arrival: { process: 'constant', rate: '1/s' } } })).toEqual([
      "variants.rollback.workload.clients.0: client 'db' has the name of a node already defined",
    ]);
    expect(v({ workload: { name: 'web', target: 'apx', arrival: { process: 'constant', rate: '1/s' } } })).toEqual([
      "variants.rollback.workload.target: no node named 'apx'; did you mean 'api'? (nodes: api, db, web-1)",
    ]);
    // A variant's faults may name the variant's own clients...
    const own = { name: 'web', target: 'api', arrival: { process: 'constant', rate: '1/s' } };
    expect(parse(scenarioWith({}, { rollback: { workload: own, faults: [{ kind: 'crash', at: '1s', duration: '1s', node: 'web-1' }] } })).ok).toBe(true);
    // ...but what it keeps of the scenario must not name a client it no longer has.
    expect(v({ workload: own }, { network: { links: [{ from: 'client-1', to: 'api', loss: '1%' }] } })).toEqual([
      "network.links.0.from: 'client-1' is a client of the scenario's workload, which variant 'rollback' replaces with its own (clients: web-1): give the variant its own `network` too, or name one of its clients",
    ]);
    expect(v({ faults: [{ kind: 'pause', at: '1s', duration: '1s', node: 'api', every: '1s' }] })[0]).toMatch(
      /^variants\.rollback\.faults\.0\.every: unknown field/,
    );
  });
});

describe('sweeps, swarms and shrinking use the faults the variant runs', () => {
  /** The example, with an extra fault (harmless to the error rate) in the failing variant's own list. */
  const noisy = exampleText.replace(
    '      - { kind: deploy, at: 10s, nodes: [api], version: v2 }\n    expect: { healthy-before: pass, recovered: fail }',
    '      - { kind: latency, at: 2s, duration: 3s, latency: { dist: constant, value: 20ms } }\n      - { kind: deploy, at: 10s, nodes: [api], version: v2 }\n    expect: { healthy-before: pass, recovered: fail }',
  );

  it('the shrinker shrinks the variant’s own faults, and the regression file runs them', () => {
    const s = parsed(noisy);
    const result = sweep(s, { seeds: [1, 2], variants: ['no-rollback'], shrink: 'all' });
    const cell = result.variants[0]!.checks.find((c) => c.name === 'recovered')!;
    expect(cell.failed).toBe(2);
    const shrunk = cell.shrink!;
    expect(shrunk.reproduced).toBe(true);
    expect(shrunk.fromFaults).toBe(2);
    expect(shrunk.faults).toHaveLength(1);
    expect(shrunk.faults[0]).toMatchObject({ kind: 'deploy', version: 'v2' });
    // The same through the API, given the variant's faults.
    const direct = shrinkFaults(s, { variant: 'no-rollback', seed: 1, check: 'recovered', faults: forVariant(s, 'no-rollback').faults });
    expect(direct.faults).toEqual(shrunk.faults);

    const file = regressionScenario(noisy, { from: EXAMPLE, variant: 'no-rollback', seed: 1, check: 'recovered', faults: shrunk.faults, runs: shrunk.runs });
    const again = parsed(file, 'regression.yaml');
    expect(again.variants['no-rollback']!.faults).toBeUndefined();
    expect(again.faults).toHaveLength(1);
    const out = runScenario(again);
    expect(out.checks.find((c) => c.name === 'recovered')!.ok).toBe(false);
    expect(out.traceDigest).toBe(shrunk.digest);
  });

  it('a swarm plan replaces a variant’s own faults, or extends them with mode: extend', () => {
    const swarm = '\nswarm:\n  faults: { min: 2, max: 2 }\n  kinds: [pause]\n  within: 5s\n  maxDuration: 500ms\n';
    const replaced = parsed(exampleText + swarm);
    const seeded = scenarioForSeed(replaced, 4, true);
    const kinds = (s: typeof seeded, variant: string) => runScenario(s, { variant, seed: 4 }).timeline.faults.map((f) => f.kind);
    expect(kinds(seeded, 'rollback-after-5s')).toEqual(['pause', 'pause']);
    expect(forVariant(seeded, 'rollback-after-5s').faults).toEqual(seeded.faults);
    const extended = scenarioForSeed(parsed(`${exampleText + swarm}  mode: extend\n`), 4, true);
    expect(kinds(extended, 'rollback-after-5s')).toEqual(['deploy', 'deploy', 'pause', 'pause']);
    expect(kinds(extended, 'no-rollback')).toEqual(['deploy', 'pause', 'pause']);
  });
});
