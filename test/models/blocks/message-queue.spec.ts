import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, duration, isRequest, parseScenario, reply, runScenario } from '../../../sim/index.js';
import { historyDriver } from './scripted-driver.js';

interface Delivered {
  id: string;
  group: string;
  partition: number;
  offset: number;
  attempt: number;
  payload: unknown;
}

/**
 * A consumer: takes `delay` per message, then acks; refuses the first attempt of the offsets in
 * `refuse` (every attempt with `refuseAll`); `silent` never answers. Records `processing` (key:
 * message id) with how many of its partition's messages it holds at once.
 */
const consumer = defineModel({
  name: 'test-consumer',
  summary: 'acks after a delay',
  params: z.strictObject({
    delay: duration.default(10_000),
    refuse: z.array(z.number()).default([]),
    refuseAll: z.boolean().default(false),
    silent: z.boolean().default(false),
  }),
  create: (p) => (ctx) => {
    const holding = new Map<string, number>();
    return {
      onMessage(from, msg) {
        if (!isRequest(msg) || p.silent) return;
        const v = msg.value as Delivered;
        const lane = `${v.group}/${msg.key}/${v.partition}`;
        holding.set(lane, (holding.get(lane) ?? 0) + 1);
        ctx.effect('processing', v.id, { ...v, f: msg.f, topic: msg.key, node: ctx.id, holding: holding.get(lane) });
        ctx.after(p.delay, () => {
          holding.set(lane, holding.get(lane)! - 1);
          if (p.refuseAll || (v.attempt === 1 && p.refuse.includes(v.offset))) reply(ctx, from, msg, { ok: false, error: `500 cannot process ${v.id}` });
          else reply(ctx, from, msg, { ok: true });
        });
      },
    };
  },
});

const models = { './consumer.ts': consumer, './driver.ts': historyDriver };

interface Setup {
  queue: Record<string, unknown>;
  consumers?: Record<string, Record<string, unknown>>;
  workload?: Record<string, unknown>;
  script?: { at: string; f?: string; key: string; value?: unknown }[];
  faults?: unknown[];
  duration?: string;
}

function input(s: Setup) {
  return {
    name: 'mq-test',
    duration: s.duration ?? '20s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [
      { id: 'queue', model: 'message-queue', params: { storeLatency: { dist: 'constant', value: '2ms' }, ...s.queue } },
      ...Object.entries(s.consumers ?? { c1: {} }).map(([id, params]) => ({ id, model: './consumer.ts', params })),
      ...(s.script ? [{ id: 'pub', model: './driver.ts', params: { target: 'queue', script: s.script } }] : []),
    ],
    ...(s.workload ? { workload: { target: 'queue', ops: [{ f: 'publish', keys: 50, keyspace: 'orders' }], ...s.workload } } : {}),
    faults: s.faults ?? [],
    variants: { v: {} },
    checks: [{ check: 'slo', latency: '1h' }],
  };
}

function run(s: Setup) {
  const r = parseScenario(JSON.stringify(input(s)), 'mq.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { models, seed: 1 });
}
type Run = ReturnType<typeof run>;
const effects = (r: Run, kind: string) => r.effects.filter((e) => e.kind === kind);
const ids = (r: Run, kind: string) => effects(r, kind).map((e) => e.key);
const processing = (r: Run) =>
  effects(r, 'processing').map((e) => ({ ...(e.value as Delivered & { f: string; node: string; holding: number }), time: e.time }));
const total = (r: Run, metric: string) => r.series.nodes.queue![metric]?.values.reduce((a, b) => a + b, 0) ?? 0;
const sorted = (xs: string[]) => [...xs].sort();
const orders = (topics: Record<string, unknown>[] = [{ name: 'orders', partitions: 2 }]) => ({ topics });

describe('message-queue block', () => {
  it('the documented example runs: a consumer crash redelivers to the other consumer, every message acknowledged exactly once', () => {
    const text = readFileSync('docs/examples/blocks/message-queue.yaml', 'utf8');
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    const start = doc.indexOf('### `message-queue`');
    const section = doc.slice(start, doc.indexOf('\n### ', start + 1));
    expect(section).toContain('examples/blocks/message-queue.yaml');
    expect(section).toContain(text.slice(text.indexOf('nodes:')).trim());
    const r = parseScenario(text, 'docs/examples/blocks/message-queue.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const out = runScenario(r.scenario);
    const verdict = Object.fromEntries(out.checks.map((c) => [c.name, c.ok ? 'pass' : 'fail']));
    expect(verdict).toMatchObject(r.scenario.variants['at-least-once']!.expect!);
    const published = ids(out, 'published');
    expect(published.length).toBe(out.stats.ok);
    expect(sorted(ids(out, 'acked'))).toEqual(sorted(published));
    const redelivered = effects(out, 'delivered').filter((e) => (e.value as { attempt: number }).attempt > 1);
    expect(redelivered.length).toBeGreaterThan(0);
    expect(redelivered.every((e) => (e.value as { node: string }).node === 'mailer-2')).toBe(true);
    expect(out.nodes.queue!.belief).toMatchObject({ backlog: 0, deadLetters: 0, consumers: [{ group: 'mail', owners: ['mailer-2', 'mailer-2'] }] });
  });

  it('delivers each partition in offset order, one unacknowledged message at a time: a refused message is redelivered before the next', () => {
    const r = run({
      queue: { ...orders(), consumers: [{ group: 'g', topic: 'orders', nodes: ['c1'] }], redeliveryDelay: '50ms' },
      consumers: { c1: { delay: '20ms', refuse: [2, 5] } },
      workload: { clients: 2, arrival: { process: 'constant', rate: '40/s' }, until: '3s' },
    });
    const seen = processing(r);
    for (const p of [0, 1]) {
      const inPartition = seen.filter((d) => d.partition === p);
      const offsets = inPartition.map((d) => d.offset);
      // Each refused offset appears twice in a row, then the partition moves on.
      const expected = [...new Set(offsets)].sort((a, b) => a - b).flatMap((o) => (o === 2 || o === 5 ? [o, o] : [o]));
      expect(offsets).toEqual(expected);
      expect(inPartition.filter((d) => d.attempt === 2).map((d) => d.offset)).toEqual([2, 5]);
    }
    expect(Math.max(...seen.map((d) => d.holding))).toBe(1);
    expect(total(r, 'redelivered')).toBe(4);
    expect(sorted(ids(r, 'acked'))).toEqual(sorted(ids(r, 'published')));
    expect(new Set(ids(r, 'acked')).size).toBe(ids(r, 'acked').length);
    expect(r.nodes.queue!.belief).toMatchObject({ backlog: 0 });
  });

  it('maxInFlight lets several unacknowledged messages of a partition be processed at once', () => {
    const r = run({
      queue: { ...orders([{ name: 'orders' }]), consumers: [{ group: 'g', topic: 'orders', nodes: ['c1'], maxInFlight: 4 }] },
      consumers: { c1: { delay: '500ms' } },
      workload: { clients: 1, arrival: { process: 'burst', at: '1s', count: 10 } },
    });
    expect(Math.max(...processing(r).map((d) => d.holding))).toBe(4);
    expect(Math.max(...r.series.nodes.queue!['in-flight']!.values)).toBeGreaterThan(1);
    expect(ids(r, 'acked')).toHaveLength(10);
  });

  it('after maxAttempts refused deliveries a message is dead-lettered and the partition moves on', () => {
    const r = run({
      queue: { ...orders([{ name: 'orders' }]), consumers: [{ group: 'g', topic: 'orders', nodes: ['c1'], maxAttempts: 3 }], redeliveryDelay: '50ms' },
      consumers: { c1: { refuseAll: true } },
      script: [
        { at: '1s', key: 'orders', value: 'a' },
        { at: '1s', key: 'orders', value: 'b' },
      ],
    });
    const seen = processing(r);
    expect(seen.map((d) => `${d.id}#${d.attempt}`)).toEqual(['orders-0@0#1', 'orders-0@0#2', 'orders-0@0#3', 'orders-0@1#1', 'orders-0@1#2', 'orders-0@1#3']);
    // Each attempt: 1 ms there, 10 ms of work, 1 ms back, 50 ms of redelivery delay.
    expect(seen[1]!.time - seen[0]!.time).toBe(62_000);
    expect(effects(r, 'dead-letter').map((e) => [e.key, e.value])).toEqual([
      ['orders-0@0', { group: 'g', attempts: 3, error: '500 cannot process orders-0@0' }],
      ['orders-0@1', { group: 'g', attempts: 3, error: '500 cannot process orders-0@1' }],
    ]);
    expect(ids(r, 'acked')).toEqual([]);
    expect(r.nodes.queue!.belief).toMatchObject({
      backlog: 0,
      deadLetters: 2,
      recentDeadLetters: [{ id: 'orders-0@0', attempts: 3 }, { id: 'orders-0@1' }],
      consumers: [{ committed: [2] }],
    });
    expect(total(r, 'dead-letters')).toBe(2);
  });

  it('an unanswered delivery is redelivered after ackTimeout (+ redeliveryDelay), then dead-lettered', () => {
    const r = run({
      queue: {
        ...orders([{ name: 'orders' }]),
        consumers: [{ group: 'g', topic: 'orders', nodes: ['c1'] }],
        ackTimeout: '200ms',
        redeliveryDelay: '100ms',
        maxAttempts: 2,
      },
      consumers: { c1: { silent: true } },
      script: [{ at: '1s', key: 'orders', value: 'x' }],
    });
    const delivered = effects(r, 'delivered');
    expect(delivered.map((e) => e.value)).toEqual([
      { group: 'g', node: 'c1', attempt: 1 },
      { group: 'g', node: 'c1', attempt: 2 },
    ]);
    expect(delivered[1]!.time - delivered[0]!.time).toBe(300_000);
    expect(effects(r, 'dead-letter').map((e) => e.value)).toEqual([{ group: 'g', attempts: 2, error: 'no ack within 200ms' }]);
    expect(effects(r, 'dead-letter')[0]!.time - delivered[1]!.time).toBe(200_000);
  });

  it('a crashed consumer: its partitions fail over to the group’s next node after ackTimeout, nothing is lost', () => {
    const r = run({
      queue: { ...orders(), consumers: [{ group: 'g', topic: 'orders', nodes: ['c1', 'c2'] }], ackTimeout: '300ms' },
      consumers: { c1: {}, c2: {} },
      workload: { clients: 2, arrival: { process: 'constant', rate: '20/s' }, until: '6s' },
      faults: [{ kind: 'crash', node: 'c1', at: '2s' }], // crash-stop
    });
    const seen = processing(r);
    expect(new Set(seen.filter((d) => d.time < 2_000_000).map((d) => `${d.partition}→${d.node}`))).toEqual(new Set(['0→c1', '1→c2']));
    expect(new Set(seen.filter((d) => d.time > 2_400_000).map((d) => d.node))).toEqual(new Set(['c2']));
    expect(sorted(ids(r, 'acked'))).toEqual(sorted(ids(r, 'published')));
    expect(r.nodes.queue!.belief).toMatchObject({ backlog: 0, consumers: [{ owners: ['c2', 'c2'] }] });
  });

  it('a queue crash loses no acknowledged publish; what was in flight is delivered again after the restart, acks are not repeated', () => {
    const r = run({
      queue: { ...orders(), consumers: [{ group: 'g', topic: 'orders', nodes: ['c1'] }] },
      consumers: { c1: { delay: '40ms' } },
      workload: { clients: 2, arrival: { process: 'constant', rate: '50/s' }, until: '6s' },
      faults: [{ kind: 'crash', node: 'queue', at: '3s', duration: '1s' }],
    });
    const okPublishes = r.history.filter((e) => e.type === 'ok').map((e) => (e.value as { id: string }).id);
    expect(okPublishes.length).toBeGreaterThan(200);
    expect(r.stats.unknown).toBeGreaterThan(0); // publishes sent while the queue was down, or being stored at the crash
    // Every acknowledged publish was stored and acknowledged by the consumer, exactly once.
    const acked = ids(r, 'acked');
    expect(new Set(acked).size).toBe(acked.length);
    expect(sorted(acked)).toEqual(sorted(ids(r, 'published')));
    for (const id of okPublishes) expect(acked).toContain(id);
    // The messages the consumer held at the crash came again after the restart.
    const twice = [...new Set(ids(r, 'delivered'))].filter((id) => ids(r, 'delivered').filter((x) => x === id).length > 1);
    expect(twice.length).toBeGreaterThan(0);
    expect(effects(r, 'delivered').filter((e) => twice.includes(e.key) && e.time >= 4_000_000)).toHaveLength(twice.length);
    expect(r.nodes.queue!.belief).toMatchObject({ backlog: 0 });
  });

  it('publish: partition by partitionKey, by the key after the topic, explicit, or round-robin; the answer names the stored message', () => {
    const r = run({
      queue: orders([
        { name: 'orders', partitions: 3 },
        { name: 'orders-eu', partitions: 2 },
      ]),
      consumers: {},
      script: [
        { at: '1s', key: 'orders', value: 1 },
        { at: '1100ms', key: 'orders', value: 2 },
        { at: '1200ms', key: 'orders', value: 3 },
        { at: '1300ms', key: 'orders', value: 4 },
        { at: '2s', key: 'orders', value: { payload: 'a', partitionKey: 'user-7' } },
        { at: '2100ms', key: 'orders', value: { payload: 'b', partitionKey: 'user-7' } },
        { at: '3s', key: 'orders', value: { payload: 'c', partition: 2 } },
        { at: '4s', key: 'orders-eu-12', value: 'x' },
        { at: '4100ms', key: 'orders-eu-12', value: 'y' },
        { at: '5s', key: 'orders', value: { payload: 'd', partition: 3 } },
        { at: '5s', key: 'payments', value: 1 },
        { at: '5s', f: 'consume', key: 'orders' },
      ],
    });
    const answers = r.history.filter((e) => e.type !== 'invoke').sort((a, b) => a.op - b.op);
    const placed = answers.slice(0, 9).map((e) => e.value as { id: string; topic: string; partition: number; offset: number });
    expect(placed.slice(0, 4).map((a) => a.partition)).toEqual([0, 1, 2, 0]);
    expect(placed[0]).toEqual({ id: 'orders-0@0', topic: 'orders', partition: 0, offset: 0 });
    expect(placed[4]!.partition).toBe(placed[5]!.partition);
    expect(placed[6]).toMatchObject({ topic: 'orders', partition: 2 });
    expect(placed[7]).toMatchObject({ topic: 'orders-eu', offset: 0 });
    expect(placed[8]).toMatchObject({ topic: 'orders-eu', partition: placed[7]!.partition, offset: 1 });
    expect(answers.slice(9).map((e) => [e.type, e.note])).toEqual([
      ['fail', "400 no partition 3 in topic 'orders' (partitions 0 to 2)"],
      ['fail', "404 unknown topic 'payments' (topics: orders, orders-eu)"],
      ['fail', "400 unknown operation 'consume' (the queue answers publish)"],
    ]);
    expect(effects(r, 'published')).toHaveLength(9);
    const ends = (r.nodes.queue!.belief as { topics: Record<string, { ends: number[] }> }).topics;
    expect([ends.orders!.ends.reduce((a, b) => a + b), ends['orders-eu']!.ends.reduce((a, b) => a + b)]).toEqual([7, 2]);
  });

  it('the payload reaches the consumer as published; every group gets every message; the backlog gauge shows a stalled group', () => {
    const r = run({
      queue: {
        ...orders([{ name: 'orders' }]),
        consumers: [
          { group: 'fast', topic: 'orders', nodes: ['c1'] },
          { group: 'stalled', topic: 'orders', nodes: ['c2'], f: 'audit', ackTimeout: '30s' },
        ],
      },
      consumers: { c1: {}, c2: { silent: true } },
      script: Array.from({ length: 5 }, (_, i) => ({ at: `${1 + i}s`, key: 'orders', value: { payload: { n: i }, partitionKey: 'k' } })),
    });
    expect(processing(r).map((d) => [d.f, d.payload])).toEqual(Array.from({ length: 5 }, (_, i) => ['message', { n: i }]));
    expect(effects(r, 'delivered').filter((e) => (e.value as { group: string }).group === 'stalled')).toHaveLength(1);
    expect(ids(r, 'acked')).toHaveLength(5);
    const backlog = r.series.nodes.queue!.backlog!.values;
    expect(backlog[6]).toBe(5); // the stalled group's five
    expect(r.nodes.queue!.belief).toMatchObject({
      backlog: 5,
      consumers: [
        { group: 'fast', committed: [5] },
        { group: 'stalled', committed: [0], inFlight: 1 },
      ],
    });
  });

  it('honours capacity faults on publishing: slowdown, capacity and injected errors', () => {
    const script = [
      { at: '1s', key: 'orders', value: 1 },
      { at: '2s', key: 'orders', value: 2 },
    ];
    const latencies = (r: Run) => {
      const inv = new Map(r.history.filter((e) => e.type === 'invoke').map((e) => [e.op, e.time]));
      return r.history.filter((e) => e.type !== 'invoke').map((e) => `${e.type} ${(e.time - inv.get(e.op)!) / 1000}`);
    };
    const base = { queue: orders([{ name: 'orders' }]), consumers: {}, script };
    expect(latencies(run(base))).toEqual(['ok 4', 'ok 4']); // 1 + 2 (store) + 1
    expect(latencies(run({ ...base, faults: [{ kind: 'slowdown', node: 'queue', at: '1500ms', duration: '1s', factor: 5, extra: '1ms' }] }))).toEqual([
      'ok 4',
      'ok 13',
    ]);
    const cut = run({ ...base, faults: [{ kind: 'capacity', node: 'queue', at: '1500ms', duration: '1s', fraction: '0%' }] });
    expect(latencies(cut)).toEqual(['ok 4', 'ok 503']); // waits for a worker until 2.5 s
    const failing = run({ ...base, faults: [{ kind: 'errors', node: 'queue', at: '1500ms', duration: '1s', rate: '100%' }] });
    expect(latencies(failing)).toEqual(['ok 4', 'fail 2']);
    expect(effects(failing, 'published')).toHaveLength(1);
    expect(failing.history.find((e) => e.type === 'fail')!.note).toBe('503 injected error');
  });

  it('params mistakes are positioned errors: an unknown topic or node, a typo, a duplicate topic or subscription', () => {
    const issues = (queue: Record<string, unknown>) => {
      const r = parseScenario(JSON.stringify(input({ queue }), null, 1), 'mq.json', { models });
      return r.ok ? [] : r.issues.map((i) => ({ path: i.path.join('.'), message: i.message, line: i.line }));
    };
    const group = (extra: Record<string, unknown> = {}) => ({ group: 'g', topic: 'orders', nodes: ['c1'], ...extra });
    expect(issues({ ...orders(), consumers: [group({ topic: 'order' })] })).toEqual([
      expect.objectContaining({ path: 'nodes.0.params.consumers.0.topic', message: "no topic named 'order' (topics: orders)" }),
    ]);
    expect(issues({ ...orders(), consumers: [group({ nodes: ['c1', 'c9'] })] })).toEqual([
      expect.objectContaining({ path: 'nodes.0.params.consumers.0.nodes.1', message: expect.stringContaining("no node named 'c9'") }),
    ]);
    expect(issues({ ...orders(), ackTimout: '1s' })).toEqual([
      expect.objectContaining({ path: 'nodes.0.params.ackTimout', message: "unknown field 'ackTimout'; did you mean 'ackTimeout'?" }),
    ]);
    expect(issues({ ...orders(), consumers: [group({ maxInflight: 2 })] })[0]).toMatchObject({ path: 'nodes.0.params.consumers.0.maxInflight' });
    expect(issues(orders([{ name: 'orders' }, { name: 'orders' }]))[0]).toMatchObject({
      path: 'nodes.0.params.topics.1.name',
      message: "topic 'orders' is listed twice",
    });
    expect(issues({ ...orders(), consumers: [group(), group()] })[0]).toMatchObject({ path: 'nodes.0.params.consumers.1.group' });
    expect(issues(orders([{ name: 'orders', partitions: 0 }]))[0]).toMatchObject({ path: 'nodes.0.params.topics.0.partitions' });
    expect(issues({})[0]).toMatchObject({ path: 'nodes.0.params.topics' });
    for (const i of issues({ ...orders(), consumers: [group({ topic: 'order' })], ackTimout: '1s' })) expect(i.line).toBeGreaterThan(0);
  });
});
