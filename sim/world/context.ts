import type { Kernel } from '../kernel/kernel.js';
import type { RandomStreams } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import { MAX_TIMER_DELAY_US } from '../units/human-units.js';
import type { TimerEvent, WorldEvent } from './events.js';
import type { Effect, History, HistoryEntry } from './history.js';
import type { NodeId, TimerId } from './ids.js';
import type { ClientHistory, NodeContext } from './model.js';
import type { NodeRuntime } from './node-runtime.js';
import type { Tracer } from './tracer.js';
import type { MetricsRecorder } from './metrics.js';
import type { Transport } from './transport.js';

/** What every node's context shares: the world's kernel, streams, history, tracer and transport. */
export interface ContextDeps {
  kernel: Kernel<WorldEvent>;
  streams: RandomStreams;
  nodeIds: readonly NodeId[];
  history: History;
  tracer: Tracer;
  transport: Transport;
  nodeIndex(id: NodeId): number;
  /** Timer ids are unique across the world and its restarts. */
  timerIds: { next: number };
  metrics: MetricsRecorder;
  /** The world's side of `ctx.control`: node indices, and who asked. */
  deploy(node: number, version: string, by: number): void;
  setWorkers(node: number, workers: number | undefined): void;
}

/**
 * The `NodeContext` one incarnation of a node sees (see model.ts for the contract). A handler kept
 * from an earlier incarnation (a callback held past a crash) can no longer send: its sends are
 * ignored, its timers were cancelled at the crash.
 */
export function createContext(w: ContextDeps, node: NodeRuntime, incarnation: number): NodeContext {
  const { kernel, history: log, tracer } = w;
  const live = () => node.up && node.incarnation === incarnation;
  const traced = (e: HistoryEntry): HistoryEntry => {
    tracer.op(w.nodeIndex(e.process), e);
    return e;
  };
  const history: ClientHistory = {
    invoke: (f, key, value) => traced(log.invoke(kernel.now, node.id, f, key, value)).op,
    ok: (op, value, note) => void traced(log.complete(kernel.now, op, 'ok', value, note)),
    fail: (op, error) => void traced(log.complete(kernel.now, op, 'fail', undefined, error)),
    info: (op, note) => void traced(log.complete(kernel.now, op, 'info', undefined, note)),
    isOpen: (op) => log.isOpen(op),
  };
  const schedule = (delayUs: Micros, payload: unknown, fn: (() => void) | undefined): TimerId => {
    if (!(delayUs >= 0 && delayUs <= MAX_TIMER_DELAY_US))
      throw new Error(`timer delay must be a number of µs from 0 to ${MAX_TIMER_DELAY_US} (a century), got ${delayUs}`);
    const id = ++w.timerIds.next;
    const t: TimerEvent = { k: 'timer', node: node.idx, id, incarnation, payload, fn, cancelled: false };
    node.timers.set(id, t);
    kernel.schedule(kernel.now + node.clock.trueDelay(Math.round(delayUs)), t);
    return id;
  };
  return {
    id: node.id,
    nodes: w.nodeIds,
    random: node.rng,
    stream: (name) => w.streams.stream(`node:${node.id}/${name}`),
    incarnation,
    disk: node.disk,
    history,
    send(to, msg) {
      if (!live()) return;
      // A reply to the last sender (the usual send) needs no lookup of its id.
      w.transport.send(node.idx, to === node.lastFromId ? node.lastFromIdx : w.nodeIndex(to), msg);
    },
    setTimer: (delayUs, payload) => schedule(delayUs, payload, undefined),
    after: (delayUs, fn) => schedule(delayUs, undefined, fn),
    cancelTimer(timer) {
      const t = node.timers.get(timer);
      if (t !== undefined) {
        t.cancelled = true;
        node.timers.delete(timer);
      }
    },
    conditions: () => node.conditions.value,
    monotonic: () => node.clock.monotonic(kernel.now),
    wallClock: () => node.clock.wall(kernel.now),
    effect(kind, key, value) {
      const eff: Effect = { time: kernel.now, node: node.id, kind, key };
      if (value !== undefined) eff.value = value;
      log.effect(eff);
      tracer.effect(node.idx, eff, log.effects.length);
    },
    note(text) {
      tracer.note(node.idx, text);
    },
    metric: {
      count: (name, n = 1) => w.metrics.count(node.idx, name, n),
      gauge: (name, value) => w.metrics.gauge(node.idx, name, value),
    },
    control: {
      deploy: (to, version) => {
        if (live()) w.deploy(w.nodeIndex(to), version, node.idx);
      },
      setWorkers: (to, workers) => {
        if (live()) w.setWorkers(w.nodeIndex(to), workers);
      },
      observe: (of, metric, windowUs) => w.metrics.observe(w.nodeIndex(of), metric, windowUs),
    },
  };
}
