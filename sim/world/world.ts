import { TraceDigest } from '../kernel/digest.js';
import { Kernel, type RunLimits, type StopReason } from '../kernel/kernel.js';
import { RandomStreams, type RandomStream } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import { LocalClock, type ClockConfig } from './clock.js';
import { faultNodeRefs, swizzleSchedule, type Fault } from './faults.js';
import { History, type Effect, type HistoryEntry } from './history.js';
import type { NodeId, TimerId } from './ids.js';
import { sampleLatency } from './latency.js';
import { ModelError, type ClientHistory, type Model, type NodeBehaviour, type NodeContext } from './model.js';
import type { NetworkConfig } from './network-config.js';
import { NetworkState } from './network.js';
import { bridge, groupsPartition, halves, isolate, majorityRing, oneWayPartition } from './partition.js';
import { DurableStorage } from './storage.js';
import { TRACE_CODE, type DropReason, type TraceEvent, type TraceSink } from './trace.js';

export interface NodeSpec {
  id: NodeId;
  model: Model;
  clock?: Partial<ClockConfig>;
}

export interface WorldConfig {
  seed: number;
  nodes: readonly NodeSpec[];
  network?: NetworkConfig;
  faults?: readonly Fault[];
  /** Receives every trace event as it happens; without one, only the digest is kept. */
  trace?: TraceSink;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  lost: number;
  partitioned: number;
  toDownNode: number;
  duplicated: number;
  held: number;
}

export interface NodeFinalState {
  up: boolean;
  /** Durable storage as it stands (synced and unsynced writes). */
  disk: Record<string, unknown>;
  /** The model's `inspect()`, or undefined when it has none or the node is down. */
  belief: Record<string, unknown> | undefined;
}

export interface WorldResult {
  stopReason: StopReason;
  /** Virtual time at which the run stopped. */
  endUs: Micros;
  events: number;
  traceDigest: string;
  history: HistoryEntry[];
  effects: Effect[];
  nodes: Record<NodeId, NodeFinalState>;
  network: NetworkStats;
}

type WorldEvent =
  | { k: 'deliver'; from: number; to: number; id: number; msg: unknown; dup: boolean }
  | TimerEvent
  | { k: 'start'; node: number }
  | { k: 'fault'; index: number; phase: 'start' | 'end' }
  | { k: 'clock-step'; node: number; by: Micros }
  | { k: 'swizzle-step'; index: number; node: number; clog: boolean };

interface TimerEvent {
  k: 'timer';
  node: number;
  id: TimerId;
  incarnation: number;
  payload: unknown;
  fn: (() => void) | undefined;
  cancelled: boolean;
}

/** Per-fault bookkeeping, so an end or a heal undoes exactly what the start did. */
interface ActiveFault {
  blockedLinks?: number[];
  cloggedLinks?: number[];
  overlayLinks?: number[];
  /** Nodes a swizzle has clogged and not yet released. */
  swizzled?: Set<number>;
  /** The incarnation this fault paused, if it did (a pause of a down node does nothing). */
  pausedIncarnation?: number;
  /** Whether this crash took the node down (crashing a down node does nothing, so it restarts nothing). */
  tookDown?: boolean;
  ended: boolean;
}

class NodeRuntime {
  up = true;
  pauseDepth = 0;
  pausedAt: Micros = 0;
  pauseReason = '';
  incarnation = 0;
  /** Deliveries and timers that came due while paused, in the order they came due. */
  readonly backlog: WorldEvent[] = [];
  readonly timers = new Map<TimerId, TimerEvent>();
  behaviour: NodeBehaviour = {};
  readonly disk = new DurableStorage();

  constructor(
    readonly idx: number,
    readonly id: NodeId,
    readonly model: Model,
    readonly clock: LocalClock,
    readonly rng: RandomStream,
    readonly netRng: RandomStream,
  ) {}
}

/**
 * The simulated world: nodes running their models over a faulty network, driven by the kernel.
 * `run()` may be called more than once (run to T, inspect, run on); the result is a snapshot.
 */
export class World {
  readonly streams: RandomStreams;
  private readonly kernel: Kernel<WorldEvent>;
  private readonly nodes: NodeRuntime[];
  private readonly index = new Map<NodeId, number>();
  private readonly net: NetworkState;
  private readonly history = new History();
  private readonly digest = new TraceDigest();
  private readonly sink: TraceSink | undefined;
  private readonly faults: readonly Fault[];
  private readonly active: ActiveFault[];
  private readonly nodeIds: readonly NodeId[];
  private nextMsgId = 0;
  private nextTimerId = 0;
  private readonly stats: NetworkStats = { sent: 0, delivered: 0, lost: 0, partitioned: 0, toDownNode: 0, duplicated: 0, held: 0 };

  constructor(config: WorldConfig) {
    this.streams = new RandomStreams(config.seed);
    this.sink = config.trace;
    this.kernel = new Kernel<WorldEvent>((e) => this.dispatch(e));
    this.nodeIds = config.nodes.map((n) => n.id);
    config.nodes.forEach((spec, i) => {
      if (this.index.has(spec.id)) throw new Error(`node '${spec.id}' is defined twice`);
      this.index.set(spec.id, i);
    });
    this.nodes = config.nodes.map((spec, i) => {
      const c = spec.clock ?? {};
      return new NodeRuntime(
        i,
        spec.id,
        spec.model,
        new LocalClock(c.offset ?? 0, c.drift ?? 0),
        this.streams.stream(`node:${spec.id}`),
        this.streams.stream(`net:${spec.id}`),
      );
    });
    this.net = new NetworkState(this.index, config.network ?? { default: {}, links: [] });
    this.faults = config.faults ?? [];
    this.active = this.faults.map(() => ({ ended: false }));

    config.nodes.forEach((spec, i) => {
      for (const s of spec.clock?.steps ?? []) this.kernel.schedule(s.at, { k: 'clock-step', node: i, by: s.by });
    });
    this.faults.forEach((f, index) => {
      for (const ref of faultNodeRefs(f)) this.nodeIndex(ref.node);
      this.kernel.schedule(f.at, { k: 'fault', index, phase: 'start' });
      if ('duration' in f && f.duration !== undefined) this.kernel.schedule(f.at + f.duration, { k: 'fault', index, phase: 'end' });
    });
    // Last, so that a fault or clock step at t=0 is already in force when the nodes boot.
    for (const node of this.nodes) this.kernel.schedule(0, { k: 'start', node: node.idx });
  }

  get now(): Micros {
    return this.kernel.now;
  }

  run(limits: RunLimits = {}): WorldResult {
    const outcome = this.kernel.run(limits);
    const nodes: Record<NodeId, NodeFinalState> = {};
    for (const n of this.nodes) {
      nodes[n.id] = { up: n.up, disk: n.disk.snapshot(), belief: n.up ? n.behaviour.inspect?.() : undefined };
    }
    return {
      stopReason: outcome.stopReason,
      endUs: outcome.now,
      events: outcome.events,
      traceDigest: this.digest.hex(),
      history: this.history.entries,
      effects: this.history.effects,
      nodes,
      network: { ...this.stats },
    };
  }

  private nodeIndex(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`unknown node '${id}' (nodes: ${this.nodeIds.join(', ')})`);
    return i;
  }

  // ---- trace ---------------------------------------------------------------------------

  /** Every traced event goes through here: the digest sees the integers, the sink the object. */
  private mark(code: number, a: number, b: number, c: number): void {
    const d = this.digest;
    d.add(this.kernel.now);
    // `a` is always a node or fault index, so it shares a word with the code (< 64); `b` and `c`
    // may be large (a message id, a pause in µs) and go in whole.
    d.add32(code | (a << 6));
    d.add(b);
    d.add(c);
  }

  private emit(e: TraceEvent): void {
    this.sink?.event(e);
  }

  // ---- dispatch ------------------------------------------------------------------------

  private dispatch(e: WorldEvent): void {
    switch (e.k) {
      case 'deliver':
        return this.deliver(e);
      case 'timer':
        return this.fireTimer(e);
      case 'start':
        return this.startNode(this.nodes[e.node]!);
      case 'fault':
        return e.phase === 'start' ? this.startFault(e.index) : this.endFault(e.index);
      case 'clock-step':
        return this.stepClock(this.nodes[e.node]!, e.by);
      case 'swizzle-step':
        return this.swizzleStep(e.index, e.node, e.clog);
    }
  }

  private invoke(node: NodeRuntime, handling: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw new ModelError(node.id, this.kernel.now, handling, err);
    }
  }

  private deliver(e: Extract<WorldEvent, { k: 'deliver' }>): void {
    // A partition that started while the message was on the wire drops it on arrival, as a
    // firewall rule would; checking only at send would let it cross.
    if (this.net.blocked[e.from * this.net.n + e.to]! > 0) {
      this.drop(e.from, e.to, e.id, 'partition');
      return;
    }
    const node = this.nodes[e.to]!;
    if (!node.up) {
      this.drop(e.from, e.to, e.id, 'node-down');
      return;
    }
    if (node.pauseDepth > 0) {
      node.backlog.push(e);
      return;
    }
    this.stats.delivered++;
    this.mark(TRACE_CODE.deliver, e.from, e.to, e.id);
    if (this.sink) {
      this.emit({ type: 'deliver', at: this.kernel.now, from: this.nodes[e.from]!.id, to: node.id, id: e.id, msg: e.msg, duplicate: e.dup });
    }
    const b = node.behaviour;
    if (b.onMessage === undefined) return;
    const fromId = this.nodes[e.from]!.id;
    try {
      b.onMessage(fromId, e.msg);
    } catch (err) {
      throw new ModelError(node.id, this.kernel.now, `message #${e.id} from ${fromId}: ${describe(e.msg)}`, err);
    }
  }

  private fireTimer(e: TimerEvent): void {
    const node = this.nodes[e.node]!;
    if (e.cancelled || e.incarnation !== node.incarnation || !node.up) return;
    if (node.pauseDepth > 0) {
      node.backlog.push(e);
      return;
    }
    node.timers.delete(e.id);
    this.mark(TRACE_CODE.timer, e.node, e.id, 0);
    if (this.sink) this.emit({ type: 'timer', at: this.kernel.now, node: node.id, timer: e.id });
    const fn = e.fn;
    if (fn !== undefined) this.invoke(node, `timer #${e.id}`, fn);
    else {
      const b = node.behaviour;
      if (b.onTimer) this.invoke(node, `timer #${e.id} (${describe(e.payload)})`, () => b.onTimer!(e.payload, e.id));
    }
  }

  private startNode(node: NodeRuntime): void {
    if (!node.up) return; // crashed before it booted: a restart boots it
    if (node.pauseDepth > 0) {
      node.backlog.push({ k: 'start', node: node.idx });
      return;
    }
    this.mark(TRACE_CODE.start, node.idx, 0, 0);
    if (this.sink) this.emit({ type: 'start', at: this.kernel.now, node: node.id });
    node.behaviour = node.model(this.context(node, node.incarnation));
    const b = node.behaviour;
    if (b.onStart) this.invoke(node, 'start', () => b.onStart!());
  }

  // ---- the node context ----------------------------------------------------------------

  private context(node: NodeRuntime, incarnation: number): NodeContext {
    const world = this;
    const kernel = this.kernel;
    // A handler from an earlier incarnation (a callback kept past a crash) must not act.
    const live = () => node.up && node.incarnation === incarnation;
    const history: ClientHistory = {
      invoke: (f, key, value) => {
        const e = world.history.invoke(kernel.now, node.id, f, key, value);
        world.traceOp(e);
        return e.op;
      },
      ok: (op, value, note) => world.traceOp(world.history.complete(kernel.now, op, 'ok', value, note)),
      fail: (op, error) => world.traceOp(world.history.complete(kernel.now, op, 'fail', undefined, error)),
      info: (op, note) => world.traceOp(world.history.complete(kernel.now, op, 'info', undefined, note)),
      isOpen: (op) => world.history.isOpen(op),
    };
    const schedule = (delayUs: Micros, payload: unknown, fn: (() => void) | undefined): TimerId => {
      if (!(delayUs >= 0)) throw new Error(`timer delay must be zero or more, got ${delayUs}`);
      const id = ++world.nextTimerId;
      const t: TimerEvent = { k: 'timer', node: node.idx, id, incarnation, payload, fn, cancelled: false };
      node.timers.set(id, t);
      kernel.schedule(kernel.now + node.clock.trueDelay(Math.round(delayUs)), t);
      return id;
    };
    return {
      id: node.id,
      nodes: this.nodeIds,
      random: node.rng,
      stream: (name) => world.streams.stream(`node:${node.id}/${name}`),
      incarnation,
      disk: node.disk,
      history,
      send(to, msg) {
        if (live()) world.send(node.idx, world.nodeIndex(to), msg);
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
      monotonic: () => node.clock.monotonic(kernel.now),
      wallClock: () => node.clock.wall(kernel.now),
      effect(kind, key, value) {
        const eff: Effect = { time: kernel.now, node: node.id, kind, key };
        if (value !== undefined) eff.value = value;
        world.history.effect(eff);
        world.mark(TRACE_CODE.effect, node.idx, world.history.effects.length, 0);
        world.digest.addString(kind);
        world.digest.addString(key);
        if (value !== undefined) world.digest.addString(fingerprint(value));
        if (world.sink) world.emit({ type: 'effect', at: kernel.now, effect: eff });
      },
      note(text) {
        world.mark(TRACE_CODE.note, node.idx, text.length, 0);
        world.digest.addString(text);
        if (world.sink) world.emit({ type: 'note', at: kernel.now, node: node.id, text });
      },
    };
  }

  private traceOp(e: HistoryEntry): void {
    this.mark(TRACE_CODE.op, this.index.get(e.process)!, e.op, OP_TYPE_CODE[e.type]);
    this.digest.addString(e.f);
    if (e.key !== undefined) this.digest.addString(e.key);
    if (e.value !== undefined) this.digest.addString(fingerprint(e.value));
    if (this.sink) this.emit({ type: 'op', at: this.kernel.now, entry: e });
  }

  // ---- network -------------------------------------------------------------------------

  private send(from: number, to: number, msg: unknown): void {
    const id = ++this.nextMsgId;
    const stats = this.stats;
    stats.sent++;
    this.mark(TRACE_CODE.send, from, to, id);
    if (this.sink) this.emit({ type: 'send', at: this.kernel.now, from: this.nodes[from]!.id, to: this.nodes[to]!.id, id, msg });
    const net = this.net;
    const l = from * net.n + to;
    if (net.blocked[l]! > 0) {
      this.drop(from, to, id, 'partition');
      return;
    }
    const link = net.effective[l]!;
    const rng = this.nodes[from]!.netRng;
    if (link.loss > 0 && rng.next() < link.loss) {
      this.drop(from, to, id, 'loss');
      return;
    }
    if (net.clogged[l]! > 0) {
      this.hold(from, to, id, msg);
      return;
    }
    this.transmit(from, to, id, msg, false);
    if (link.duplicate > 0 && rng.next() < link.duplicate) {
      stats.duplicated++;
      this.mark(TRACE_CODE.duplicate, from, to, id);
      if (this.sink) this.emit({ type: 'duplicate', at: this.kernel.now, from: this.nodes[from]!.id, to: this.nodes[to]!.id, id });
      this.transmit(from, to, id, msg, true);
    }
  }

  /** Puts a message on the wire with a latency drawn from the sender's network stream. */
  private transmit(from: number, to: number, id: number, msg: unknown, dup: boolean): void {
    const link = this.net.effective[from * this.net.n + to]!;
    const rng = this.nodes[from]!.netRng;
    let delay = sampleLatency(link.latency, rng);
    if (link.reorder > 0 && rng.next() < link.reorder) delay += sampleLatency(link.reorderDelay, rng);
    this.kernel.schedule(this.kernel.now + delay, { k: 'deliver', from, to, id, msg, dup });
  }

  private hold(from: number, to: number, id: number, msg: unknown): void {
    const l = from * this.net.n + to;
    this.stats.held++;
    this.mark(TRACE_CODE.hold, from, to, id);
    if (this.sink) this.emit({ type: 'hold', at: this.kernel.now, from: this.nodes[from]!.id, to: this.nodes[to]!.id, id });
    const list = this.net.held.get(l);
    if (list) list.push({ from, to, id, msg });
    else this.net.held.set(l, [{ from, to, id, msg }]);
  }

  private drop(from: number, to: number, id: number, reason: DropReason): void {
    if (reason === 'loss') this.stats.lost++;
    else if (reason === 'partition') this.stats.partitioned++;
    else this.stats.toDownNode++;
    this.mark(TRACE_CODE.drop, from, to, id);
    if (this.sink) this.emit({ type: 'drop', at: this.kernel.now, from: this.nodes[from]!.id, to: this.nodes[to]!.id, id, reason });
  }

  private blockLinks(links: readonly number[], on: boolean): void {
    for (const l of links) this.net.blocked[l] = this.net.blocked[l]! + (on ? 1 : -1);
  }

  private clogLinks(links: readonly number[], on: boolean): void {
    const net = this.net;
    for (const l of links) {
      net.clogged[l] = net.clogged[l]! + (on ? 1 : -1);
      if (on || net.clogged[l] !== 0) continue;
      // Released: what was held goes out now, in the order it was sent, with fresh latency.
      const held = net.held.get(l);
      if (held === undefined) continue;
      net.held.delete(l);
      for (const h of held) {
        if (net.blocked[l]! > 0) this.drop(h.from, h.to, h.id, 'partition');
        else this.transmit(h.from, h.to, h.id, h.msg, false);
      }
    }
  }

  // ---- faults --------------------------------------------------------------------------

  private startFault(index: number): void {
    const f = this.faults[index]!;
    const st = this.active[index]!;
    this.mark(TRACE_CODE.fault, index, 0, 0);
    if (this.sink) this.emit({ type: 'fault', at: this.kernel.now, phase: 'start', index, fault: f });
    const all = this.nodeIds;
    const net = this.net;
    switch (f.kind) {
      case 'partition':
        st.blockedLinks = net.linkIndicesOf(groupsPartition(f.groups));
        break;
      case 'partition-one-way':
        st.blockedLinks = net.linkIndicesOf(oneWayPartition(f.from, f.to));
        break;
      case 'isolate':
        st.blockedLinks = net.linkIndicesOf(isolate(f.node, all, f.direction));
        break;
      case 'partition-halves':
        st.blockedLinks = net.linkIndicesOf(halves(f.nodes ?? all));
        break;
      case 'partition-majority-ring':
        st.blockedLinks = net.linkIndicesOf(majorityRing(f.nodes ?? all));
        break;
      case 'partition-bridge':
        st.blockedLinks = net.linkIndicesOf(bridge(f.nodes ?? all));
        break;
      case 'heal':
        this.heal();
        return;
      case 'clog':
        st.cloggedLinks = net.linkIndices(f.from, f.to);
        this.clogLinks(st.cloggedLinks, true);
        return;
      case 'swizzle': {
        const order = (f.nodes ?? all).map((id) => this.nodeIndex(id));
        const now = this.kernel.now;
        st.swizzled = new Set();
        order.forEach((node, i) => this.kernel.schedule(now + i * f.interval, { k: 'swizzle-step', index, node, clog: true }));
        const releaseAt = swizzleSchedule(f, order.length).releaseStartUs;
        order
          .slice()
          .reverse()
          .forEach((node, i) => this.kernel.schedule(releaseAt + i * f.interval, { k: 'swizzle-step', index, node, clog: false }));
        return;
      }
      case 'loss':
      case 'duplicate':
      case 'latency':
        st.overlayLinks = net.linkIndices(f.from, f.to);
        net.addOverlay(st.overlayLinks, index, f.kind === 'loss' ? { loss: f.rate } : f.kind === 'duplicate' ? { duplicate: f.rate } : { latency: f.latency });
        return;
      case 'pause': {
        const node = this.nodes[this.nodeIndex(f.node)]!;
        if (this.pause(node, f.reason)) st.pausedIncarnation = node.incarnation;
        return;
      }
      case 'crash':
        st.tookDown = this.crash(this.nodes[this.nodeIndex(f.node)]!);
        return;
      case 'clock-step':
        this.stepClock(this.nodes[this.nodeIndex(f.node)]!, f.by);
        return;
    }
    this.blockLinks(st.blockedLinks, true);
  }

  /** Ends a fault: undoes exactly what its start did. A swizzle ends by its own steps, or a heal. */
  private endFault(index: number, healing = false): void {
    const f = this.faults[index]!;
    const st = this.active[index]!;
    if (st.ended || (f.kind === 'swizzle' && !healing)) return;
    st.ended = true;
    this.mark(TRACE_CODE.fault, index, 1, 0);
    if (this.sink) this.emit({ type: 'fault', at: this.kernel.now, phase: 'end', index, fault: f });
    if (st.blockedLinks) this.blockLinks(st.blockedLinks, false);
    if (st.cloggedLinks) this.clogLinks(st.cloggedLinks, false);
    if (st.overlayLinks) this.net.removeOverlay(st.overlayLinks, index);
    if (st.swizzled) {
      for (const node of st.swizzled) this.clogLinks(this.net.nodeLinks(node), false);
      st.swizzled.clear();
    }
    if (f.kind === 'pause') {
      const node = this.nodes[this.nodeIndex(f.node)]!;
      if (st.pausedIncarnation === node.incarnation) this.resume(node);
    }
    if (f.kind === 'crash' && st.tookDown) this.restart(this.nodes[this.nodeIndex(f.node)]!);
  }

  private swizzleStep(index: number, node: number, clog: boolean): void {
    const st = this.active[index]!;
    const swizzled = st.swizzled!;
    if (st.ended) return;
    if (clog) {
      swizzled.add(node);
      this.clogLinks(this.net.nodeLinks(node), true);
      return;
    }
    if (!swizzled.delete(node)) return;
    this.clogLinks(this.net.nodeLinks(node), false);
    if (swizzled.size === 0) this.endFault(index, true);
  }

  private heal(): void {
    this.active.forEach((st, index) => {
      if (!st.ended && (st.blockedLinks || st.cloggedLinks || st.swizzled)) this.endFault(index, true);
    });
  }

  private stepClock(node: NodeRuntime, by: Micros): void {
    node.clock.step(by);
    this.mark(TRACE_CODE['clock-step'], node.idx, by, 0);
    if (this.sink) this.emit({ type: 'clock-step', at: this.kernel.now, node: node.id, byUs: by });
  }

  // ---- node faults ---------------------------------------------------------------------

  private pause(node: NodeRuntime, reason: string): boolean {
    if (!node.up) return false;
    if (node.pauseDepth++ > 0) return true;
    node.pausedAt = this.kernel.now;
    this.mark(TRACE_CODE.pause, node.idx, 0, 0);
    if (this.sink) this.emit({ type: 'pause', at: this.kernel.now, node: node.id, reason });
    return true;
  }

  private resume(node: NodeRuntime): void {
    if (node.pauseDepth === 0 || --node.pauseDepth > 0) return;
    const pausedUs = this.kernel.now - node.pausedAt;
    this.mark(TRACE_CODE.resume, node.idx, pausedUs, 0);
    if (this.sink) this.emit({ type: 'resume', at: this.kernel.now, node: node.id, pausedUs });
    // What came due while frozen runs now, in order, at the resume instant; a handler that
    // pauses or crashes the node again stops the rest, which stays queued or is lost.
    const backlog = node.backlog.splice(0);
    for (let i = 0; i < backlog.length; i++) {
      if (node.pauseDepth > 0 || !node.up) {
        if (node.up) node.backlog.unshift(...backlog.slice(i));
        return;
      }
      this.dispatch(backlog[i]!);
    }
  }

  private crash(node: NodeRuntime): boolean {
    if (!node.up) return false;
    node.up = false;
    node.pauseDepth = 0;
    node.incarnation++;
    for (const t of node.timers.values()) t.cancelled = true;
    node.timers.clear();
    for (const e of node.backlog) if (e.k === 'deliver') this.drop(e.from, e.to, e.id, 'node-down');
    node.backlog.length = 0;
    node.behaviour = {};
    const lostWrites = node.disk.loseUnsynced();
    this.mark(TRACE_CODE.crash, node.idx, lostWrites, 0);
    if (this.sink) this.emit({ type: 'crash', at: this.kernel.now, node: node.id, lostWrites });
    return true;
  }

  private restart(node: NodeRuntime): void {
    if (node.up) return;
    node.up = true;
    this.mark(TRACE_CODE.restart, node.idx, 0, 0);
    if (this.sink) this.emit({ type: 'restart', at: this.kernel.now, node: node.id });
    node.behaviour = node.model(this.context(node, node.incarnation));
    const b = node.behaviour;
    const boot = b.onRecover ?? b.onStart;
    if (boot) this.invoke(node, 'recover', () => boot.call(b));
  }
}

const OP_TYPE_CODE: Record<HistoryEntry['type'], number> = { invoke: 1, ok: 2, fail: 3, info: 4 };

/** Values in the digest: JSON, which is deterministic for values built the same way. */
function fingerprint(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  try {
    const s = JSON.stringify(v);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(v);
  }
}
