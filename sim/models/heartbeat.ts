import { z } from 'zod';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { createFailureDetector, failureDetectorSchema, PhiAccrualDetector } from '../strategies/failure-detectors.js';
import { defineModel } from './registry.js';

/**
 * Heartbeat-based failure detection, as a database primary and its monitor do it (Redis
 * Sentinel, Patroni, a ZooKeeper session, Akka cluster membership).
 *
 * `heartbeat-sender` is the watched node: every `every` it sends `{ t: 'heartbeat', seq }` to
 * each node in `to`.
 *
 * `heartbeat-monitor` feeds every heartbeat from `watch` to a failure detector (sim/strategies:
 * `fixed-timeout` or `phi-accrual`) and asks it every `checkEvery` whether the node is still
 * available. The moment the answer turns to no, the monitor acts on it: it records a `suspect`
 * effect (key = the suspected node, value `{ by }`, the failure-detection check's convention)
 * and fails over. A later heartbeat makes it trust the node again: a live node suspected and
 * trusted again is a flap, each one a needless failover.
 *
 * Heartbeats ride a TCP connection, so they are delivered in order: one heartbeat stuck in a
 * latency spike holds back the ones sent after it (head-of-line blocking), which is why a spike
 * on the wire becomes a silence at the monitor. The simulated network delivers each message on
 * its own, so the monitor restores the order by sequence number (`inOrder: false` turns this
 * off). TCP retransmission is not modelled: if a heartbeat is lost outright, the monitor stops
 * waiting for it once `MAX_HELD` later ones are waiting.
 */
interface Heartbeat {
  t: 'heartbeat';
  seq: number;
  /** The sender's incarnation: a restarted sender is a new connection, numbering from 1 again. */
  boot: number;
}
const MAX_HELD = 64;

export const heartbeatSender = defineModel({
  name: 'heartbeat-sender',
  summary: 'the watched node (a primary): sends a heartbeat to its monitors at a fixed interval',
  params: z.strictObject({
    to: z.array(nodeId).min(1).default(['monitor']),
    every: positiveDuration.default(250_000),
  }),
  nodeRefs: (p) => p.to.map((node, i) => ({ path: ['to', i], node })),
  create: (p) => (ctx) => {
    let seq = 0;
    const beat = () => {
      seq++;
      for (const to of p.to) ctx.send(to, { t: 'heartbeat', seq, boot: ctx.incarnation } satisfies Heartbeat);
      ctx.after(p.every, beat);
    };
    return { onStart: beat, inspect: () => ({ seq }) };
  },
});

export const heartbeatMonitor = defineModel({
  name: 'heartbeat-monitor',
  summary: 'watches a node through its heartbeats with a fixed-timeout or phi-accrual detector; records suspect effects',
  params: z.strictObject({
    watch: nodeId.default('primary'),
    detector: failureDetectorSchema.default({ type: 'fixed-timeout', timeout: 5_000_000 }),
    /** How often the monitor asks its detector (its reaction time on top of the detector's). */
    checkEvery: positiveDuration.default(50_000),
    inOrder: z.boolean().default(true),
  }),
  nodeRefs: (p) => [{ path: ['watch'], node: p.watch }],
  create: (p) => (ctx) => {
    const detector = createFailureDetector(p.detector);
    let suspected = false;
    let suspicions = 0;
    let nextSeq = 1;
    const held = new Set<number>();

    const deliver = () => {
      detector.heartbeat(ctx.monotonic());
      if (suspected) {
        suspected = false;
        ctx.note(`hears from ${p.watch} again: it was alive all along`);
      }
    };
    /** TCP order: a heartbeat is seen only once every earlier one has been. */
    let boot = 0;
    const receive = (seq: number, from: number) => {
      if (!p.inOrder) return deliver();
      if (from < boot) return; // from before the sender's restart
      if (from > boot) {
        // The sender restarted: a new connection, numbered from 1 again.
        boot = from;
        nextSeq = 1;
        held.clear();
      }
      if (seq < nextSeq) return;
      held.add(seq);
      if (held.size > MAX_HELD) nextSeq = Math.min(...held);
      while (held.delete(nextSeq)) {
        nextSeq++;
        deliver();
      }
    };

    const check = () => {
      const now = ctx.monotonic();
      if (!suspected && !detector.isAvailable(now)) {
        suspected = true;
        suspicions++;
        const phi = detector instanceof PhiAccrualDetector ? { phi: Math.round(detector.phi(now) * 100) / 100 } : {};
        ctx.effect('suspect', p.watch, { by: ctx.id, ...phi });
        ctx.note(`suspects ${p.watch} is dead and fails over (suspicion #${suspicions})`);
      }
      ctx.after(p.checkEvery, check);
    };

    return {
      onStart: () => void ctx.after(p.checkEvery, check),
      onMessage(from, msg) {
        const hb = msg as Heartbeat | undefined;
        if (from === p.watch && hb?.t === 'heartbeat') receive(hb.seq, hb.boot ?? 0);
      },
      inspect: () => ({ suspected, suspicions }),
    };
  },
});
