import type { Micros } from '../../kernel/time.js';
import { formatMicros } from '../../kernel/time.js';
import type { NodeId, TimerId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';
import type { Response, RpcClient } from '../rpc.js';
import { messageId, type PartitionLog } from './message-queue-log.js';

/**
 * Delivery to consumer groups, at least once. Every (group, topic) subscription has a lane per
 * partition; a lane delivers its partition's messages in offset order to one node of the group
 * (its owner: partition p starts on node p mod n, as Kafka's range assignor would place it) with
 * at most `maxInFlight` unacknowledged at once, so with 1 the partition is processed in order,
 * each message acknowledged before the next is sent.
 *
 * A delivery is an RPC request `{ f, key: topic, value: { id, group, partition, offset, attempt,
 * payload } }`; an ok answer is the ack (a late ok from an earlier attempt counts too: the work was
 * done). An error answer, or no answer within `ackTimeout` (Pulsar's ackTimeout, SQS's visibility
 * timeout), sends it again after `redeliveryDelay` (Pulsar's negativeAckRedeliveryDelay) as
 * attempt + 1; no answer also moves the partition to the group's next node, as a Kafka rebalance
 * after a session timeout would, so a crashed consumer's partitions fail over. After `maxAttempts`
 * deliveries the message is dead-lettered (Pulsar's deadLetterPolicy, SQS's maxReceiveCount) and
 * the lane moves on.
 *
 * Delivery state is persisted, not recomputed: each lane's cursor (`cursor/<group>/<topic>/<p>`:
 * the committed offset below which everything is done, the done offsets above it, the attempts
 * of those in flight, the dead-letter count) is written and fsynced at each delivery, ack and
 * dead letter. After a queue crash a lane resumes from its cursor: what was in flight is
 * delivered again (at least once), counting on from its persisted attempts.
 */
export interface Subscription {
  group: string;
  topic: string;
  nodes: NodeId[];
  f: string;
  maxInFlight: number;
  ackTimeoutUs: Micros;
  redeliveryDelayUs: Micros;
  maxAttempts: number;
}

interface Flight {
  offset: number;
  attempt: number;
  node: NodeId;
  /** Every attempt's request id: any ok answer among them is the ack. */
  rids: number[];
  /** The ack timer while waiting for an answer, then the redelivery timer. */
  timer?: TimerId;
  waiting: boolean;
  lastError: string;
}

interface Cursor {
  committed: number;
  done: number[];
  attempts: [number, number][];
  dead: number;
}

interface Lane {
  sub: Subscription;
  partition: number;
  committed: number;
  /** The next offset not yet taken into flight. */
  next: number;
  done: Set<number>;
  attempts: Map<number, number>;
  flights: Map<number, Flight>;
  owner: number;
  dead: number;
  cursorKey: string;
}

export interface DeadLetter {
  id: string;
  group: string;
  attempts: number;
  error: string;
}

/** The dead letters inspect() lists (the most recent); `deadLetters` counts them all. */
export const RECENT_DEAD_LETTERS = 100;

export class Delivery {
  private readonly lanes: Lane[] = [];
  private readonly byPartition = new Map<string, Lane[]>();
  private backlog = 0;
  private inFlight = 0;

  constructor(
    private readonly ctx: NodeContext,
    private readonly rpc: RpcClient,
    private readonly log: PartitionLog,
    subs: readonly Subscription[],
    partitionsOf: ReadonlyMap<string, number>,
  ) {
    for (const sub of subs) {
      const n = partitionsOf.get(sub.topic)!;
      for (let p = 0; p < n; p++) {
        const lane: Lane = {
          sub,
          partition: p,
          committed: 0,
          next: 0,
          done: new Set(),
          attempts: new Map(),
          flights: new Map(),
          owner: p % sub.nodes.length,
          dead: 0,
          cursorKey: `cursor/${sub.group}/${sub.topic}/${p}`,
        };
        this.lanes.push(lane);
        const k = `${sub.topic}/${p}`;
        const list = this.byPartition.get(k);
        if (list === undefined) this.byPartition.set(k, [lane]);
        else list.push(lane);
      }
    }
  }

  /** At boot (first or after a crash): every lane resumes from its persisted cursor. */
  start(): void {
    for (const lane of this.lanes) {
      const c = this.ctx.disk.read<Cursor>(lane.cursorKey);
      if (c !== undefined) {
        lane.committed = c.committed;
        lane.done = new Set(c.done);
        lane.attempts = new Map(c.attempts);
        lane.dead = c.dead;
      }
      lane.next = lane.committed;
      this.backlog += this.log.end(lane.sub.topic, lane.partition) - lane.committed - lane.done.size;
    }
    for (const lane of this.lanes) this.pump(lane);
    this.gauges();
  }

  /** A message was stored: every group of its topic has one more to deliver. */
  published(topic: string, partition: number): void {
    for (const lane of this.byPartition.get(`${topic}/${partition}`) ?? []) {
      this.backlog++;
      this.pump(lane);
    }
    this.gauges();
  }

  inspect() {
    return {
      backlog: this.backlog,
      deadLetters: this.lanes.reduce((a, l) => a + l.dead, 0),
      consumers: this.subscriptions().map(({ sub, lanes }) => ({
        group: sub.group,
        topic: sub.topic,
        committed: lanes.map((l) => l.committed),
        inFlight: lanes.reduce((a, l) => a + l.flights.size, 0),
        owners: lanes.map((l) => sub.nodes[l.owner]!),
      })),
    };
  }

  private subscriptions(): { sub: Subscription; lanes: Lane[] }[] {
    const out: { sub: Subscription; lanes: Lane[] }[] = [];
    for (const l of this.lanes) {
      const last = out[out.length - 1];
      if (last?.sub === l.sub) last.lanes.push(l);
      else out.push({ sub: l.sub, lanes: [l] });
    }
    return out;
  }

  private gauges(): void {
    this.ctx.metric.gauge('backlog', this.backlog);
    this.ctx.metric.gauge('in-flight', this.inFlight);
  }

  private pump(lane: Lane): void {
    const end = this.log.end(lane.sub.topic, lane.partition);
    while (lane.flights.size < lane.sub.maxInFlight && lane.next < end) {
      const offset = lane.next++;
      if (lane.done.has(offset)) continue;
      const flight: Flight = { offset, attempt: 0, node: '', rids: [], waiting: false, lastError: 'the queue restarted with its attempts spent' };
      lane.flights.set(offset, flight);
      this.inFlight++;
      this.deliver(lane, flight);
    }
  }

  private deliver(lane: Lane, f: Flight): void {
    const { sub } = lane;
    const attempt = (lane.attempts.get(f.offset) ?? 0) + 1;
    if (attempt > sub.maxAttempts) return this.finish(lane, f, 'dead');
    lane.attempts.set(f.offset, attempt);
    this.persist(lane);
    const message = this.log.read(sub.topic, lane.partition, f.offset);
    const id = messageId(sub.topic, lane.partition, f.offset);
    f.attempt = attempt;
    f.node = sub.nodes[lane.owner]!;
    f.waiting = true;
    const value = { id, group: sub.group, partition: lane.partition, offset: f.offset, attempt, payload: message?.payload };
    f.rids.push(this.rpc.call(f.node, sub.f, sub.topic, value, (res) => this.answered(lane, f, attempt, res)));
    f.timer = this.ctx.after(sub.ackTimeoutUs, () => this.timedOut(lane, f, attempt));
    this.ctx.effect('delivered', id, { group: sub.group, node: f.node, attempt });
    this.ctx.metric.count('delivered');
    if (attempt > 1) this.ctx.metric.count('redelivered');
  }

  private answered(lane: Lane, f: Flight, attempt: number, res: Response): void {
    if (lane.flights.get(f.offset) !== f) return; // already acked or dead-lettered
    if (res.ok) return this.finish(lane, f, 'acked');
    if (attempt !== f.attempt || !f.waiting) return; // an earlier attempt's error: already redelivered
    this.failed(lane, f, res.error ?? 'error');
  }

  private timedOut(lane: Lane, f: Flight, attempt: number): void {
    if (lane.flights.get(f.offset) !== f || attempt !== f.attempt || !f.waiting) return;
    const { sub } = lane;
    // No answer: the consumer may be down. Its partition moves to the group's next node.
    if (sub.nodes.length > 1 && sub.nodes[lane.owner] === f.node) {
      lane.owner = (lane.owner + 1) % sub.nodes.length;
      this.ctx.note(
        `${sub.group}: ${sub.topic}-${lane.partition} moves from ${f.node} to ${sub.nodes[lane.owner]} (no ack within ${formatMicros(sub.ackTimeoutUs)})`,
      );
    }
    this.failed(lane, f, `no ack within ${formatMicros(sub.ackTimeoutUs)}`);
  }

  private failed(lane: Lane, f: Flight, why: string): void {
    if (f.timer !== undefined) this.ctx.cancelTimer(f.timer);
    f.waiting = false;
    f.lastError = why;
    if (f.attempt >= lane.sub.maxAttempts) return this.finish(lane, f, 'dead');
    f.timer = this.ctx.after(lane.sub.redeliveryDelayUs, () => {
      if (lane.flights.get(f.offset) === f) this.deliver(lane, f);
    });
  }

  private finish(lane: Lane, f: Flight, how: 'acked' | 'dead'): void {
    const { sub } = lane;
    if (f.timer !== undefined) this.ctx.cancelTimer(f.timer);
    for (const rid of f.rids) this.rpc.forget(rid);
    const attempts = lane.attempts.get(f.offset) ?? f.attempt;
    lane.flights.delete(f.offset);
    lane.attempts.delete(f.offset);
    lane.done.add(f.offset);
    while (lane.done.delete(lane.committed)) lane.committed++;
    const id = messageId(sub.topic, lane.partition, f.offset);
    if (how === 'acked') {
      this.ctx.effect('acked', id, { group: sub.group });
      this.ctx.metric.count('acked');
    } else {
      lane.dead++;
      const letter: DeadLetter = { id, group: sub.group, attempts, error: f.lastError };
      const recent = this.ctx.disk.read<DeadLetter[]>('dead-letters') ?? [];
      this.ctx.disk.write('dead-letters', [...recent.slice(-(RECENT_DEAD_LETTERS - 1)), letter]);
      this.ctx.effect('dead-letter', id, { group: sub.group, attempts, error: f.lastError });
      this.ctx.metric.count('dead-letters');
      this.ctx.note(`${sub.group}: ${id} dead-lettered after ${attempts} attempts (${f.lastError})`);
    }
    this.persist(lane);
    this.backlog--;
    this.inFlight--;
    this.pump(lane);
    this.gauges();
  }

  private persist(lane: Lane): void {
    const c: Cursor = { committed: lane.committed, done: [...lane.done], attempts: [...lane.attempts], dead: lane.dead };
    this.ctx.disk.write(lane.cursorKey, c);
    this.ctx.disk.fsync();
  }
}
