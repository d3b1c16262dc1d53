import type { Kernel } from '../kernel/kernel.js';
import type { WorldEvent } from './events.js';
import { type Fault, faultNodeRefs, swizzleSchedule } from './faults.js';
import type { NodeId } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { NodeRuntime } from './node-runtime.js';
import { bridge, groupsPartition, halves, isolate, type Link, majorityRing, oneWayPartition } from './partition.js';
import type { FaultEndCause } from './timeline.js';
import type { Tracer } from './tracer.js';
import type { Transport } from './transport.js';

/** One occurrence of a plan fault: the fault itself, or the n-th of its `repeat`, shifted in time. */
export interface FaultOccurrence {
  /** Its index in the plan (`faults[plan]`). */
  plan: number;
  /** 1-based, for a repeating fault; undefined for one that happens once. */
  n?: number;
  fault: Fault;
}

/** The plan as it will run: each fault once, or `repeat.count` times `repeat.every` apart. */
export function occurrencesOf(plan: readonly Fault[]): FaultOccurrence[] {
  const out: FaultOccurrence[] = [];
  plan.forEach((fault, i) => {
    if (fault.repeat === undefined) out.push({ plan: i, fault });
    else for (let k = 0; k < fault.repeat.count; k++) out.push({ plan: i, n: k + 1, fault: { ...fault, at: fault.at + k * fault.repeat.every } });
  });
  return out;
}

/** Per-occurrence bookkeeping, so an end or a heal undoes exactly what the start did. */
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
  /** The node whose conditions (slowdown, capacity, errors) this occurrence changed. */
  conditionsOf?: number;
  ended: boolean;
}

/**
 * Plays the fault plan: schedules each occurrence's start and end, and turns each kind into what
 * it does to links (block, clog, overlay), nodes (pause, crash, clock step, deploy) and a node's
 * service conditions (slowdown, capacity, errors). A new fault kind touches this file (and its
 * schema in faults.ts) only. What it executed is recorded by the tracer (trace, digest, timeline).
 */
export class FaultInterpreter {
  private readonly active: ActiveFault[];
  private readonly faults: readonly Fault[];

  constructor(
    private readonly occurrences: readonly FaultOccurrence[],
    private readonly kernel: Kernel<WorldEvent>,
    private readonly nodes: readonly NodeRuntime[],
    private readonly nodeIndex: (id: NodeId) => number,
    private readonly tracer: Tracer,
    private readonly transport: Transport,
    private readonly lifecycle: Lifecycle,
  ) {
    this.faults = occurrences.map((o) => o.fault);
    this.active = occurrences.map(() => ({ ended: false }));
  }

  /** Puts every fault's start (and, with a duration, its end) on the queue; checks node names first. */
  schedule(): void {
    this.faults.forEach((f, index) => {
      for (const ref of faultNodeRefs(f)) this.nodeIndex(ref.node);
      this.kernel.schedule(f.at, { k: 'fault', index, phase: 'start' });
      if ('duration' in f && f.duration !== undefined) this.kernel.schedule(f.at + f.duration, { k: 'fault', index, phase: 'end' });
    });
  }

  start(index: number): void {
    const f = this.faults[index]!;
    const st = this.active[index]!;
    this.tracer.faultStart(index, this.occurrences[index]!);
    const all = this.nodes.map((n) => n.id);
    const net = this.transport.net;
    let cut: Link[] = [];
    let groups: NodeId[][] | undefined;
    switch (f.kind) {
      case 'partition':
        cut = groupsPartition(f.groups);
        groups = f.groups.map((g) => [...g]);
        break;
      case 'partition-one-way':
        cut = oneWayPartition(f.from, f.to);
        break;
      case 'isolate':
        cut = isolate(f.node, all, f.direction);
        if (f.direction === 'both') groups = [[f.node], all.filter((n) => n !== f.node)];
        break;
      case 'partition-halves': {
        const nodes = f.nodes ?? all;
        cut = halves(nodes);
        const mid = Math.floor(nodes.length / 2);
        groups = [nodes.slice(0, mid), nodes.slice(mid)];
        break;
      }
      case 'partition-majority-ring':
        cut = majorityRing(f.nodes ?? all);
        break;
      case 'partition-bridge':
        cut = bridge(f.nodes ?? all);
        break;
      case 'heal':
        this.heal();
        return;
      case 'clog':
        st.cloggedLinks = net.linkIndices(f.from, f.to);
        this.transport.clogLinks(st.cloggedLinks, true);
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
        if (this.lifecycle.pause(node, f.reason, index)) st.pausedIncarnation = node.incarnation;
        return;
      }
      case 'crash':
        st.tookDown = this.lifecycle.crash(this.nodes[this.nodeIndex(f.node)]!, index);
        return;
      case 'clock-step':
        this.lifecycle.stepClock(this.nodes[this.nodeIndex(f.node)]!, f.by);
        return;
      case 'slowdown':
      case 'capacity':
      case 'errors': {
        const node = this.nodes[this.nodeIndex(f.node)]!;
        st.conditionsOf = node.idx;
        node.conditions.add(
          index,
          f.kind === 'slowdown'
            ? { kind: 'slowdown', factor: f.factor, extraUs: f.extra }
            : f.kind === 'capacity'
              ? { kind: 'capacity', fraction: f.fraction }
              : { kind: 'errors', rate: f.rate, error: f.error, retryable: f.retryable },
        );
        this.lifecycle.conditionsChanged(node);
        return;
      }
      case 'deploy':
        for (const id of f.nodes) this.lifecycle.deploy(this.nodes[this.nodeIndex(id)]!, f.version, index);
        return;
    }
    st.blockedLinks = net.linkIndicesOf(cut);
    this.tracer.timeline.partitionStarted(
      index,
      this.kernel.now,
      cut.map(([a, b]): [NodeId, NodeId] => [a, b]),
      groups,
    );
    this.transport.blockLinks(st.blockedLinks, true);
  }

  /** Ends a fault: undoes exactly what its start did. A swizzle ends by its own steps, or a heal. */
  end(index: number, cause: FaultEndCause = 'duration'): void {
    const f = this.faults[index]!;
    const st = this.active[index]!;
    if (st.ended || (f.kind === 'swizzle' && cause === 'duration')) return;
    st.ended = true;
    this.tracer.faultEnd(index, this.occurrences[index]!, cause);
    if (st.conditionsOf !== undefined) {
      const node = this.nodes[st.conditionsOf]!;
      node.conditions.remove(index);
      this.lifecycle.conditionsChanged(node);
    }
    if (st.blockedLinks) this.transport.blockLinks(st.blockedLinks, false);
    if (st.cloggedLinks) this.transport.clogLinks(st.cloggedLinks, false);
    if (st.overlayLinks) this.transport.net.removeOverlay(st.overlayLinks, index);
    if (st.swizzled) {
      for (const node of st.swizzled) this.transport.clogLinks(this.transport.net.nodeLinks(node), false);
      st.swizzled.clear();
    }
    if (f.kind === 'pause') {
      const node = this.nodes[this.nodeIndex(f.node)]!;
      if (st.pausedIncarnation === node.incarnation) this.lifecycle.resume(node);
    }
    if (f.kind === 'crash' && st.tookDown) this.lifecycle.restart(this.nodes[this.nodeIndex(f.node)]!);
  }

  swizzleStep(index: number, node: number, clog: boolean): void {
    const st = this.active[index]!;
    const swizzled = st.swizzled!;
    if (st.ended) return;
    if (clog) {
      swizzled.add(node);
      this.transport.clogLinks(this.transport.net.nodeLinks(node), true);
      return;
    }
    if (!swizzled.delete(node)) return;
    this.transport.clogLinks(this.transport.net.nodeLinks(node), false);
    if (swizzled.size === 0) this.end(index, 'released');
  }

  /** Ends every partition, clog and swizzle in force now. */
  private heal(): void {
    this.active.forEach((st, index) => {
      if (!st.ended && (st.blockedLinks || st.cloggedLinks || st.swizzled)) this.end(index, 'heal');
    });
  }
}
