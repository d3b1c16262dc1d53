import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArrayTraceSink, defineModel, isRequest, parseScenario, reply, runScenario, scenarioSchema, type ScenarioInput } from '../../sim/index.js';

/** Every answer from the API is lost: the client only ever times out. */
const lostAnswers = (client: unknown[]): ScenarioInput => ({
  name: 'lost-answers',
  duration: '10s',
  nodes: [
    { id: 'api', model: 'service', params: { handlers: { charge: [{ call: { node: 'pg', f: 'charge' } }] } } },
    { id: 'pg', model: 'service', params: { handlers: { charge: ['work', { effect: { kind: 'charge' } }] } } },
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

/** A replica that records which node served each request; with `primary`, others redirect to it. */
const replica = defineModel({
  name: 'test-replica',
  summary: 'serves or redirects',
  params: z.strictObject({ primary: z.string().optional() }),
  create: (p) => (ctx) => ({
    onMessage(from, msg) {
      if (!isRequest(msg)) return;
      if (p.primary !== undefined && p.primary !== ctx.id) return reply(ctx, from, msg, { ok: false, error: 'not the primary', redirect: p.primary });
      ctx.effect('served', msg.key, { by: ctx.id, client: from });
      reply(ctx, from, msg, { ok: true });
    },
  }),
});
const models = { './replica.ts': replica };

function replicas(workload: Record<string, unknown>, primary?: string, trace?: ArrayTraceSink, extra: Record<string, unknown> = {}) {
  const input = {
    name: 'replicas',
    duration: '5s',
    nodes: ['r1', 'r2', 'r3'].map((id) => ({ id, model: './replica.ts', params: primary === undefined ? {} : { primary } })),
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    workload: { clients: 3, target: ['r1', 'r2', 'r3'], arrival: { process: 'constant', rate: '30/s' }, until: '4s', ...workload },
    variants: { v: {} },
    checks: [{ check: 'exactly-once', effect: 'served' }],
    ...extra,
  };
  const r = parseScenario(JSON.stringify(input), 'replicas.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return runScenario(r.scenario, { models, ...(trace ? { trace } : {}) });
}
const servedBy = (run: ReturnType<typeof replicas>) => run.effects.filter((e) => e.kind === 'served').map((e) => e.value as { by: string; client: string });
const count = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((x) => [x, xs.filter((y) => y === x).length]));

describe('workload client: keys, targets, redirects', () => {
  it('a sticky client whose node stops answering moves on to the next target after its timeout', () => {
    // r2 is cut off from the start: client-2 (sticky on r2) must move on, or it is lost for good.
    const run = replicas({ pick: 'sticky' }, undefined, undefined, {
      faults: [{ kind: 'isolate', node: 'r2', at: '0s' }],
      variants: { v: { client: [{ type: 'timeout', timeout: '100ms' }] } },
    });
    const client2 = servedBy(run).filter((s) => s.client === 'client-2');
    expect(client2.length).toBeGreaterThan(30);
    expect(new Set(client2.map((s) => s.by))).toEqual(new Set(['r3']));
  });

  it('ops with `keys` share one keyspace by default, so reads see the keys writes wrote; a named keyspace keeps them apart', () => {
    const ops = (keyspace?: string) => [
      { f: 'write', keys: 2 },
      { f: 'read', keys: 2, ...(keyspace ? { keyspace } : {}) },
    ];
    const keys = (run: ReturnType<typeof replicas>, f: string) => new Set(run.history.filter((e) => e.type === 'invoke' && e.f === f).map((e) => e.key));
    const shared = replicas({ ops: ops() });
    expect([...keys(shared, 'write')].sort()).toEqual(['key-0', 'key-1']);
    expect([...keys(shared, 'read')].sort()).toEqual(['key-0', 'key-1']);
    const apart = replicas({ ops: ops('reads') });
    expect([...keys(apart, 'read')].sort()).toEqual(['reads-0', 'reads-1']);
  });

  it('writes carry values unique across clients and requests; reads carry none', () => {
    const run = replicas({
      ops: [
        { f: 'write', keys: 1 },
        { f: 'read', keys: 1 },
      ],
    });
    const writes = run.history.filter((e) => e.type === 'invoke' && e.f === 'write').map((e) => e.value);
    expect(writes.length).toBeGreaterThan(50);
    expect(new Set(writes).size).toBe(writes.length);
    expect(run.history.filter((e) => e.type === 'invoke' && e.f === 'read').every((e) => e.value === undefined)).toBe(true);
  });

  it('pick: round-robin spreads each client evenly, sticky keeps client i on target i mod n, random uses every target', () => {
    const rr = count(servedBy(replicas({ pick: 'round-robin' })).map((s) => s.by));
    expect(Object.keys(rr)).toEqual(['r1', 'r2', 'r3']);
    expect(Math.max(...Object.values(rr)) - Math.min(...Object.values(rr))).toBeLessThanOrEqual(3);
    const sticky = servedBy(replicas({ pick: 'sticky' }));
    expect(new Set(sticky.map((s) => `${s.client}→${s.by}`))).toEqual(new Set(['client-1→r1', 'client-2→r2', 'client-3→r3']));
    expect(Object.keys(count(servedBy(replicas({ pick: 'random' })).map((s) => s.by)))).toEqual(['r1', 'r2', 'r3']);
  });

  it('follows a redirect to the node named, within the same attempt, and a sticky client stays there', () => {
    const run = replicas({ pick: 'sticky' }, 'r1');
    const served = servedBy(run);
    expect(new Set(served.map((s) => s.by))).toEqual(new Set(['r1']));
    expect(run.stats.ok).toBe(run.stats.requests - run.stats.unknown);
    expect(run.stats.failed).toBe(0);
    // After its first redirect a sticky client asks r1 directly: r2 and r3 each see one request.
    const sink = new ArrayTraceSink();
    replicas({ pick: 'sticky' }, 'r1', sink);
    const asked = sink.events.flatMap((e) => (e.type === 'send' && e.from.startsWith('client-') ? [`${e.from}→${e.to}`] : []));
    expect(asked.filter((x) => x === 'client-2→r2')).toHaveLength(1);
    expect(asked.filter((x) => x === 'client-3→r3')).toHaveLength(1);
    expect(asked.filter((x) => x.endsWith('→r1')).length).toBe(asked.length - 2);
  });

  it('an answer that is in doubt stays in doubt when it redirects: the op ends unknown, never failed', () => {
    // r1 may have done part of the work ("stepped down, try r2"); r2 then refuses outright.
    const stepsDown = defineModel({
      name: 'steps-down',
      summary: 'in doubt, redirects',
      params: z.strictObject({}),
      create: () => (ctx) => ({
        onMessage(from, msg) {
          if (!isRequest(msg)) return;
          if (ctx.id === 'r1') reply(ctx, from, msg, { ok: false, error: 'no longer the primary', inDoubt: true, redirect: 'r2' });
          else reply(ctx, from, msg, { ok: false, error: 'no primary known' });
        },
      }),
    });
    const input = {
      name: 'in-doubt-redirect',
      duration: '1s',
      nodes: ['r1', 'r2'].map((id) => ({ id, model: './steps-down.ts' })),
      workload: { target: 'r1', arrival: { process: 'burst', at: 0, count: 3 }, ops: [{ f: 'write', keys: 1 }] },
      variants: { v: {} },
      checks: [{ check: 'linearizable' }],
    };
    const m = { './steps-down.ts': stepsDown };
    const r = parseScenario(JSON.stringify(input), 'in-doubt.json', { models: m });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const run = runScenario(r.scenario, { models: m });
    expect(run.stats.requests).toBe(3);
    expect(run.stats.unknown).toBe(3);
    expect(run.stats.failed).toBe(0);
  });
});
