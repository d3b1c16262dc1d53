import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import { clientIds, parseScenario, runScenario } from '../../sim/index.js';
import { echoModels } from './echo-model.js';
import { documentedExample } from '../examples/documented.js';

const EXAMPLE = 'docs/examples/format/populations.yaml';

const models = echoModels;

function scenario(workload: unknown, extra: Record<string, unknown> = {}) {
  const input = {
    name: 'populations',
    duration: '10s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [
      { id: 'api', model: './echo.ts' },
      { id: 'admin', model: './echo.ts' },
    ],
    workload,
    variants: { v: {} },
    checks: [{ check: 'slo', errorRate: '0%' }],
    ...extra,
  };
  return parseScenario(JSON.stringify(input, null, 1), 'populations.json', { models });
}
function run(workload: unknown) {
  const r = scenario(workload);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return { scenario: r.scenario, out: runScenario(r.scenario, { models }) };
}
function issues(workload: unknown): string[] {
  const r = scenario(workload);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const invokes = (out: ReturnType<typeof runScenario>, process: string) => out.history.filter((e) => e.type === 'invoke' && e.process === process);

describe('several client populations', () => {
  const two = [
    { name: 'shoppers', clients: 3, target: 'api', arrival: { process: 'constant', rate: '30/s' }, ops: [{ f: 'browse' }], until: '1s' },
    {
      name: 'admins',
      clients: ['root'],
      target: 'admin',
      arrival: { process: 'constant', rate: '2/s' },
      ops: [{ f: 'charge' }],
      from: '2s',
      until: '9s',
      maxRequests: 3,
    },
  ];

  it('each population has its own clients (named after it), target, ops, arrival, window and cap', () => {
    const { scenario: s, out } = run(two);
    expect(clientIds(s)).toEqual(['shoppers-1', 'shoppers-2', 'shoppers-3', 'root']);
    // 30/s split over three clients: each every 100ms, offset by 1/30 s, from 0 to 1s.
    expect(invokes(out, 'shoppers-1').map((e) => e.time)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 100_000));
    expect(invokes(out, 'shoppers-2')[0]!.time).toBe(33_333);
    expect(out.history.filter((e) => e.type === 'invoke' && e.f === 'browse')).toHaveLength(31);
    // The admins: from 2s, every 500ms, at most 3 requests, to the admin node.
    expect(invokes(out, 'root').map((e) => [e.time, e.f])).toEqual([
      [2_000_000, 'charge'],
      [2_500_000, 'charge'],
      [3_000_000, 'charge'],
    ]);
    const served = out.effects.filter((e) => e.kind === 'served').map((e) => e.value as { by: string; from: string });
    expect(new Set(served.filter((d) => d.from === 'root').map((d) => d.by))).toEqual(new Set(['admin']));
    expect(new Set(served.filter((d) => d.from !== 'root').map((d) => d.by))).toEqual(new Set(['api']));
  });

  it('write values stay unique across populations: the prefix is the client’s place among all clients', () => {
    const { out } = run(two);
    const values = out.effects.filter((e) => e.kind === 'served').map((e) => (e.value as { value: number }).value);
    expect(new Set(values).size).toBe(values.length);
    expect(Math.min(...out.effects.filter((e) => (e.value as { from: string }).from === 'root').map((e) => (e.value as { value: number }).value))).toBe(
      4_000_001,
    );
  });

  it('the mapping form keeps client-1...; a `name` there prefixes its clients too', () => {
    const one = { clients: 2, target: 'api', arrival: { process: 'constant', rate: '2/s' } };
    expect(clientIds(run(one).scenario)).toEqual(['client-1', 'client-2']);
    expect(clientIds(run({ ...one, name: 'web' }).scenario)).toEqual(['web-1', 'web-2']);
    expect(clientIds(run([{ ...one, name: 'web' }]).scenario)).toEqual(['web-1', 'web-2']);
  });

  it('bad populations are positioned errors', () => {
    const base = { target: 'api', arrival: { process: 'constant', rate: '2/s' } };
    expect(issues([{ ...base, name: 'a' }, base])).toEqual([
      'workload.1: a population in a workload list needs a `name` (its clients are named after it: shoppers-1...)',
    ]);
    expect(
      issues([
        { ...base, name: 'a' },
        { ...base, name: 'a' },
      ]),
    ).toEqual(["workload.1.name: two populations are named 'a'"]);
    expect(
      issues([
        { ...base, name: 'a', clients: ['x', 'y'] },
        { ...base, name: 'b', clients: ['z', 'y'] },
      ]),
    ).toEqual(["workload.1.clients.1: client 'y' is defined twice (client names are unique across populations: give each population its own `name`)"]);
    expect(issues([{ ...base, name: 'a', clients: ['api'] }])).toEqual(["workload.0.clients.0: client 'api' has the name of a node already defined"]);
    expect(
      issues([
        { ...base, name: 'a' },
        { ...base, name: 'b', target: ['api', 'admn'] },
      ]),
    ).toEqual(["workload.1.target.1: no node named 'admn'; did you mean 'admin'? (nodes: api, admin, a-1, b-1)"]);
    expect(
      issues([
        { ...base, name: 'a', clients: 600 },
        { ...base, name: 'b', clients: 600 },
      ]),
    ).toEqual(['workload: expected at most 1000 clients in all populations together, found 1200']);
    expect(issues([{ ...base, name: 'a', arival: {} }])[0]).toMatch(/^workload\.0\.arival: unknown field 'arival'; did you mean 'arrival'\?/);
  });

  it('a node reference may name a client of any population', () => {
    const r = scenario(two, { network: { links: [{ from: 'root', to: 'admin', loss: '100%' }] } });
    expect(r.ok).toBe(true);
  });
});

describe(`the documented example (${EXAMPLE})`, () => {
  it('runs: the export job slows the shoppers down only while it runs', () => {
    const scenario = documentedExample(EXAMPLE);
    expect(clientIds(scenario)).toEqual(['shoppers-1', 'shoppers-2', 'shoppers-3', 'shoppers-4', 'export-1']);
    const out = runScenario(scenario);
    expect(Object.fromEntries(out.checks.map((c) => [c.name, c.ok]))).toEqual({ 'browse-before': true, 'browse-during': false });
    const exports = out.history.filter((e) => e.type === 'invoke' && e.f === 'export').map((e) => e.time);
    expect(exports).toHaveLength(601); // 120/s from 5s to 10s (gaps of 8333µs, rounded)
    expect(exports[0]).toBe(5_000_000);
    expect(exports.at(-1)).toBe(5_000_000 + 600 * 8333);
    expect(out.stats.perOperation.browse!.requests).toBeGreaterThan(900);
  });
});

describe('a swarm with several populations', () => {
  it('draws fault starts up to the latest `until` of the populations', async () => {
    const { drawFaultPlan } = await import('../../sim/index.js');
    const pop = (name: string, until: string) => ({ name, target: 'api', arrival: { process: 'constant', rate: '2/s' }, until });
    const r = scenario([pop('a', '2s'), pop('b', '3s')], { duration: '60s', swarm: { faults: { min: 5, max: 5 }, kinds: ['pause'] } });
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const starts = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => drawFaultPlan(r.scenario, seed).map((f) => f.at));
    expect(Math.max(...starts)).toBeLessThanOrEqual(3_000_000);
    expect(Math.max(...starts)).toBeGreaterThan(2_000_000);
  });
});
