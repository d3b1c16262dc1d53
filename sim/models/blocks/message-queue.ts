/**
 * A message broker: topics with partitions and consumer groups, delivering at least once. The
 * log follows Kafka's semantics: a topic is split into partitions, each an append-only log
 * numbered by offset; a message goes to the partition its key hashes to (FNV-1a here, murmur2 in
 * Kafka), or round-robin without a key; within a group each partition is consumed by one node,
 * in offset order. Acknowledgement follows Pulsar's (and SQS's) per-message model instead of
 * Kafka's offset commits: a message not acknowledged within `ackTimeout` (Pulsar's ackTimeout,
 * SQS's visibility timeout) or refused is delivered again after `redeliveryDelay`, and after
 * `maxAttempts` it is dead-lettered (Pulsar's deadLetterPolicy, SQS's maxReceiveCount). With
 * `maxInFlight: 1` per partition (the default) a partition is processed strictly in order; with
 * more, redeliveries may overtake.
 *
 * The broker pushes (as Pulsar and SQS's Lambda event-source mapping do): consumers are data in
 * its params, so they survive restarts on both sides, and a consumer is any node that answers the
 * delivery op (`f`, default `message`) with ok (a model of your own, or a `service` handling it).
 * Durability: a publish is acknowledged only after the message is written and fsynced
 * (message-queue-log.ts), so a crash of the queue loses nothing acknowledged; delivery state is
 * persisted too (message-queue-delivery.ts), and after a restart what was in flight is delivered
 * again. A publisher's retry of a publish that was stored but whose ack was lost stores the
 * message twice (no idempotent producer).
 *
 * Capacity faults apply to publishing through the broker's request threads (worker-slots.ts):
 * `storeLatency` × slowdown + extra is a worker's time to append and fsync, workers × capacity,
 * and errorRate of the publishes taken answered with the fault's error. Deliveries hold no
 * worker.
 */
import { z } from 'zod';
import { ms, seconds } from '../../kernel/time.js';
import { duration, nodeId, positiveDuration } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import { latencySchema } from '../../world/latency.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { isRequest, type Request, reply, RpcClient } from '../rpc.js';
import { Delivery, type DeadLetter, type Subscription } from './message-queue-delivery.js';
import { hashKey, messageId, PartitionLog, readPublish } from './message-queue-log.js';
import { serviceTime } from './capacity-faults.js';
import { workerFields, workerSlots } from './worker-slots.js';

export const MAX_TOPICS = 100;
export const MAX_PARTITIONS = 1024;
/** Consumer entries (group × topic subscriptions) of one queue. */
export const MAX_CONSUMERS = 100;
/** Nodes of one consumer group. */
export const MAX_GROUP_NODES = 1000;
/** Unacknowledged messages per partition per group, and delivery attempts per message. */
export const MAX_IN_FLIGHT = 1000;
export const MAX_ATTEMPTS = 1000;

const name = (what: string) =>
  z
    .string({ error: `expected a ${what} name (a string)` })
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: `expected a ${what} name of letters, digits, '-', '_' or '.'` });

const topicSchema = z.strictObject({
  name: name('topic'),
  partitions: z.number().int().min(1).max(MAX_PARTITIONS).default(1),
});

const attemptsSchema = z.number().int().min(1).max(MAX_ATTEMPTS);

const consumerSchema = z.strictObject({
  group: name('group'),
  topic: name('topic'),
  /** The group's nodes; partition p starts on nodes[p mod n]. */
  nodes: z.array(nodeId).min(1).max(MAX_GROUP_NODES),
  /** The op a delivery is sent as. */
  f: z.string().min(1).max(100).default('message'),
  maxInFlight: z.number().int().min(1).max(MAX_IN_FLIGHT).default(1),
  /** Overrides of the queue's own settings, for this group. */
  ackTimeout: positiveDuration.optional(),
  redeliveryDelay: duration.optional(),
  maxAttempts: attemptsSchema.optional(),
});

const paramsSchema = z
  .strictObject({
    topics: z.array(topicSchema).min(1).max(MAX_TOPICS),
    consumers: z.array(consumerSchema).max(MAX_CONSUMERS).default([]),
    /** A delivery not answered within this is delivered again. */
    ackTimeout: positiveDuration.default(seconds(2)),
    /** The wait before a refused or unanswered message is delivered again. */
    redeliveryDelay: duration.default(ms(100)),
    /** Deliveries of one message, the first included, before it is dead-lettered. */
    maxAttempts: attemptsSchema.default(5),
    /** A worker's time to append a message and fsync it, before capacity faults. */
    storeLatency: latencySchema.prefault({ dist: 'uniform', min: '1ms', max: '3ms' }),
    ...workerFields({ workers: 8, queueSize: 1000 }),
  })
  .superRefine((p, ctx) => {
    const topics = new Set<string>();
    p.topics.forEach((t, i) => {
      if (topics.has(t.name)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'name'], message: `topic '${t.name}' is listed twice` });
      topics.add(t.name);
    });
    const subs = new Set<string>();
    p.consumers.forEach((c, i) => {
      if (!topics.has(c.topic))
        ctx.addIssue({ code: 'custom', path: ['consumers', i, 'topic'], message: `no topic named '${c.topic}' (topics: ${[...topics].join(', ')})` });
      const k = `${c.group}/${c.topic}`;
      if (subs.has(k)) ctx.addIssue({ code: 'custom', path: ['consumers', i, 'group'], message: `group '${c.group}' already consumes '${c.topic}'` });
      subs.add(k);
    });
  });
type QueueParams = z.output<typeof paramsSchema>;

export const messageQueue = defineModel({
  name: 'message-queue',
  summary: 'topics with partitions, consumer groups, at-least-once delivery with ack timeout, redelivery and dead letters; publishes fsynced',
  params: paramsSchema,
  nodeRefs: (p) => p.consumers.flatMap((c, i) => c.nodes.map((node, j) => ({ path: ['consumers', i, 'nodes', j], node }))),
  create: (p) => (ctx) => queueNode(ctx, p),
});

function queueNode(ctx: NodeContext, p: QueueParams) {
  const rpc = new RpcClient(ctx);
  const log = new PartitionLog(ctx.disk);
  const partitionsOf = new Map(p.topics.map((t) => [t.name, t.partitions]));
  const roundRobin = new Map<string, number>();
  const subs: Subscription[] = p.consumers.map((c) => ({
    group: c.group,
    topic: c.topic,
    nodes: c.nodes,
    f: c.f,
    maxInFlight: c.maxInFlight,
    ackTimeoutUs: c.ackTimeout ?? p.ackTimeout,
    redeliveryDelayUs: c.redeliveryDelay ?? p.redeliveryDelay,
    maxAttempts: c.maxAttempts ?? p.maxAttempts,
  }));
  const delivery = new Delivery(ctx, rpc, log, subs, partitionsOf);
  const draws = ctx.stream('latency');

  const publish = (from: NodeId, req: Request) => {
    const t = readPublish(req.key, req.value, partitionsOf);
    if (!t.ok) {
      ctx.metric.count('errors');
      return reply(ctx, from, req, { ok: false, error: t.error, retryable: false });
    }
    const n = partitionsOf.get(t.topic)!;
    let partition = t.partition;
    if (partition === undefined && t.partitionKey !== undefined) partition = hashKey(t.partitionKey) % n;
    if (partition === undefined) {
      const turn = roundRobin.get(t.topic) ?? 0;
      roundRobin.set(t.topic, turn + 1);
      partition = turn % n;
    }
    const offset = log.append(t.topic, partition, { key: req.key, payload: t.payload });
    const id = messageId(t.topic, partition, offset);
    ctx.effect('published', id, { topic: t.topic, partition, offset });
    ctx.metric.count('published');
    reply(ctx, from, req, { ok: true, value: { id, topic: t.topic, partition, offset } });
    delivery.published(t.topic, partition);
  };

  const slots = workerSlots(ctx, p, (from, req, release) =>
    ctx.after(serviceTime(ctx, p.storeLatency, draws), () => {
      publish(from, req);
      release();
    }),
  );

  return {
    onStart: () => delivery.start(),
    onMessage(from: NodeId, msg: unknown) {
      if (rpc.handle(msg) || !isRequest(msg)) return;
      if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
      if (msg.f !== 'publish')
        return reply(ctx, from, msg, { ok: false, error: `400 unknown operation '${msg.f}' (the queue answers publish)`, retryable: false });
      slots.accept(from, msg);
    },
    onConditions: slots.pump,
    inspect: () => {
      const topics: Record<string, { partitions: number; ends: number[] }> = {};
      for (const [t, n] of partitionsOf) topics[t] = { partitions: n, ends: Array.from({ length: n }, (_, i) => log.end(t, i)) };
      const { backlog, deadLetters, consumers } = delivery.inspect();
      return { topics, backlog, deadLetters, consumers, recentDeadLetters: ctx.disk.read<DeadLetter[]>('dead-letters') ?? [], ...slots.inspect() };
    },
  };
}
