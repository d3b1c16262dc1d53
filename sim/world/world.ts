import { Kernel, type RunLimits, type StopReason } from '../kernel/kernel.js';
import { RandomStreams } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import { type ClockConfig, LocalClock } from './clock.js';
import { type ContextDeps, createContext } from './context.js';
import { type Metrics, MetricsRecorder } from './metrics.js';
import type { WorldEvent } from './events.js';
import { FaultInterpreter, occurrencesOf } from './fault-interpreter.js';
import type { Fault } from './faults.js';
import { type Effect, History, type HistoryEntry } from './history.js';
import type { NodeId } from './ids.js';
import { Lifecycle } from './lifecycle.js';
import type { Model } from './model.js';
import type { NetworkConfig } from './network-config.js';
import { NetworkState } from './network.js';
import { NodeRuntime } from './node-runtime.js';
import { type ExecutedTimeline, TimelineRecorder } from './timeline.js';
import type { TraceSink } from './trace.js';
import { Tracer } from './tracer.js';
import { type NetworkStats, Transport } from './transport.js';

export type { NetworkStats } from './transport.js';

export interface NodeSpec {
  id: NodeId;
  model: Model;
  clock?: Partial<ClockConfig>;
  /** The model a `deploy` switches this node to, by version name (undefined: no such version). */
  version?: (name: string) => Model | undefined;
}

export interface WorldConfig {
  seed: number;
  nodes: readonly NodeSpec[];
  network?: NetworkConfig;
  faults?: readonly Fault[];
  /** Receives every trace event as it happens; without one, only the digest is kept. */
  trace?: TraceSink;
  /** Also compute the deep digest (payloads included), for determinism checks. Costs a JSON.stringify a message. */
  deepDigest?: boolean;
  /** Width of the metric series' buckets (default one second; see metrics.ts bucketFor). */
  metricsBucketUs?: Micros;
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
  /** With `deepDigest`: the trace digest combined with every message and timer payload. */
  deepDigest?: string;
  history: HistoryEntry[];
  effects: Effect[];
  /** What the world executed: faults' true starts and ends, node states, partitions. */
  timeline: ExecutedTimeline;
  /** The series models recorded with ctx.metric, per bucket of true time. */
  metrics: Metrics;
  nodes: Record<NodeId, NodeFinalState>;
  network: NetworkStats;
}

/**
 * The simulated world: nodes running their models over a faulty network, driven by the kernel.
 * This file wires the parts and dispatches events; each part has one job: `transport.ts`
 * (messages and links), `lifecycle.ts` (boot, timers, pause, crash, restart), `context.ts` (what
 * a model may do), `fault-interpreter.ts` (the fault plan), `tracer.ts` (trace, digest, timeline).
 * `run()` may be called more than once (run to T, inspect, run on); the result is a snapshot.
 */
export class World {
  readonly streams: RandomStreams;
  private readonly kernel: Kernel<WorldEvent>;
  private readonly nodes: NodeRuntime[];
  private readonly index = new Map<NodeId, number>();
  private readonly nodeIds: readonly NodeId[];
  private readonly history = new History();
  private readonly tracer: Tracer;
  private readonly transport: Transport;
  private readonly lifecycle: Lifecycle;
  private readonly faults: FaultInterpreter;
  private readonly metrics: MetricsRecorder;

  constructor(config: WorldConfig) {
    this.streams = new RandomStreams(config.seed);
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
        spec.version ?? (() => undefined),
        new LocalClock(c.offset ?? 0, c.drift ?? 0),
        this.streams.stream(`node:${spec.id}`),
        this.streams.stream(`net:${spec.id}`),
      );
    });
    const plan = occurrencesOf(config.faults ?? []);
    const nodeIndex = (id: NodeId) => this.nodeIndex(id);
    this.tracer = new Tracer(this.kernel, this.nodeIds, new TimelineRecorder(this.nodeIds, plan), config.trace, config.deepDigest ?? false);
    this.transport = new Transport(this.kernel, this.nodes, new NetworkState(this.index, config.network ?? { default: {}, links: [] }), this.tracer);
    this.metrics = new MetricsRecorder(this.kernel, this.nodeIds, config.metricsBucketUs ?? 1_000_000);
    const deps: ContextDeps = {
      kernel: this.kernel,
      streams: this.streams,
      nodeIds: this.nodeIds,
      history: this.history,
      tracer: this.tracer,
      transport: this.transport,
      nodeIndex,
      timerIds: { next: 0 },
      metrics: this.metrics,
      deploy: (node, version, by) => this.lifecycle.deploy(this.nodes[node]!, version, -(by + 1)),
      setWorkers: (node, workers) => {
        const n = this.nodes[node]!;
        n.conditions.setWorkers(workers);
        this.lifecycle.conditionsChanged(n);
      },
    };
    this.lifecycle = new Lifecycle(
      this.kernel,
      this.tracer,
      this.transport,
      (node, inc) => createContext(deps, node, inc),
      (e) => this.dispatch(e),
      this.metrics,
    );
    this.faults = new FaultInterpreter(plan, this.kernel, this.nodes, nodeIndex, this.tracer, this.transport, this.lifecycle);

    config.nodes.forEach((spec, i) => {
      for (const s of spec.clock?.steps ?? []) this.kernel.schedule(s.at, { k: 'clock-step', node: i, by: s.by });
    });
    this.faults.schedule();
    // Last, so that a fault or clock step at t=0 is already in force when the nodes boot.
    for (const node of this.nodes) this.kernel.schedule(0, { k: 'start', node: node.idx });
  }

  get now(): Micros {
    return this.kernel.now;
  }

  /** `maxOperations`: the history budget; a run that invokes more operations stops ('history-budget'). */
  run(limits: RunLimits & { maxOperations?: number } = {}): WorldResult {
    this.history.budget = limits.maxOperations ?? Infinity;
    this.history.overBudget = () => this.kernel.halt('history-budget');
    const outcome = this.kernel.run(limits);
    const nodes: Record<NodeId, NodeFinalState> = {};
    for (const n of this.nodes) {
      nodes[n.id] = { up: n.up, disk: n.disk.snapshot(), belief: n.up ? n.behaviour.inspect?.() : undefined };
    }
    const deep = this.tracer.deepDigest;
    return {
      stopReason: outcome.stopReason,
      endUs: outcome.now,
      events: outcome.events,
      traceDigest: this.tracer.traceDigest,
      ...(deep === undefined ? {} : { deepDigest: deep }),
      history: this.history.entries,
      effects: this.history.effects,
      timeline: this.tracer.timeline.snapshot(),
      metrics: this.metrics.snapshot(outcome.now),
      nodes,
      network: { ...this.transport.stats },
    };
  }

  private nodeIndex(id: NodeId): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`unknown node '${id}' (nodes: ${this.nodeIds.join(', ')})`);
    return i;
  }

  private dispatch(e: WorldEvent): void {
    switch (e.k) {
      case 'deliver':
        this.transport.deliver(e);
        return;
      case 'timer':
        this.lifecycle.fireTimer(this.nodes[e.node]!, e);
        return;
      case 'start':
        this.lifecycle.start(this.nodes[e.node]!);
        return;
      case 'fault':
        if (e.phase === 'start') this.faults.start(e.index);
        else this.faults.end(e.index);
        return;
      case 'clock-step':
        this.lifecycle.stepClock(this.nodes[e.node]!, e.by);
        return;
      case 'swizzle-step':
        this.faults.swizzleStep(e.index, e.node, e.clog);
        return;
    }
  }
}
