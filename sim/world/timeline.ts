import type { Micros } from '../kernel/time.js';
import type { FaultOccurrence } from './fault-interpreter.js';
import type { FaultKind } from './faults.js';
import type { NodeId } from './ids.js';

/**
 * What the world actually executed, recorded as it happened: when each fault really started and
 * ended, what state each node was in over time, and which links each partition cut. Checks,
 * reports and the shrinker read this, never the scenario's plan: a heal that ends a swizzle early,
 * a crash of a node that was already down, a pause that outlives another are all here as they
 * played out. `toUs`/`endUs` undefined: still in force when the run stopped.
 */
export interface ExecutedTimeline {
  /** One entry per fault of the plan, in plan order (`index` is its position in `faults`). */
  faults: ExecutedFault[];
  /** Each node's states, consecutive and non-overlapping, from time 0 to the end of the run. */
  nodes: Record<NodeId, NodeInterval[]>;
  /** Every partition-like fault (partition, isolate, halves, ring, bridge, one-way) that started. */
  partitions: ExecutedPartition[];
  /** Every version change a deploy made, in order. */
  deploys: ExecutedDeploy[];
}

export interface ExecutedDeploy {
  node: NodeId;
  version: string;
  atUs: Micros;
  /** The fault (plan index) that deployed it, or… */
  fault?: number;
  /** …the controller node that did. */
  by?: NodeId;
}

export type FaultEndCause = 'duration' | 'heal' | 'released';

export interface ExecutedFault {
  index: number;
  /** For a fault with `repeat`: which occurrence (1-based); each occurrence has its own entry. */
  occurrence?: number;
  kind: FaultKind;
  label?: string;
  /** The node a node fault (pause, crash, isolate, clock-step) hits. */
  node?: NodeId;
  /** Undefined: the run ended before the fault's time came. */
  startUs?: Micros;
  /** Undefined: started, and still in force when the run ended. Instantaneous faults end as they start. */
  endUs?: Micros;
  /** What ended it: its own duration, a `heal` fault, or (a swizzle) the release of its last node. */
  endedBy?: FaultEndCause;
}

export type NodeState = 'up' | 'paused' | 'crashed';

export interface NodeInterval {
  state: NodeState;
  fromUs: Micros;
  toUs?: Micros;
  /** The fault that paused or crashed the node (the first one, when pauses overlap). */
  fault?: number;
  /** A pause's reason (`GC`, `VM migration`). */
  reason?: string;
}

export interface ExecutedPartition {
  fault: number;
  kind: FaultKind;
  startUs: Micros;
  endUs?: Micros;
  /** The directed links it cut, as node ids. */
  links: [NodeId, NodeId][];
  /** The sides, where the shape has sides (partition, isolate both ways, halves). */
  groups?: NodeId[][];
}

/** Builds the timeline as the world runs; the tracer calls it, once per event, with occurrence indices. */
export class TimelineRecorder {
  private readonly faults: ExecutedFault[];
  private readonly partitions: ExecutedPartition[] = [];
  private readonly partitionOf = new Map<number, ExecutedPartition>();
  private readonly intervals: NodeInterval[][];
  private readonly deploys: ExecutedDeploy[] = [];

  constructor(
    private readonly nodeIds: readonly NodeId[],
    plan: readonly FaultOccurrence[],
  ) {
    this.faults = plan.map((o) => {
      const f = o.fault;
      const e: ExecutedFault = { index: o.plan, kind: f.kind };
      if (o.n !== undefined) e.occurrence = o.n;
      if (f.label !== undefined) e.label = f.label;
      if ('node' in f) e.node = f.node;
      return e;
    });
    this.intervals = nodeIds.map(() => [{ state: 'up', fromUs: 0 }]);
  }

  faultStarted(index: number, atUs: Micros, instantaneous: boolean): void {
    const f = this.faults[index]!;
    f.startUs = atUs;
    if (instantaneous) f.endUs = atUs;
  }

  faultEnded(index: number, atUs: Micros, cause: FaultEndCause): void {
    const f = this.faults[index]!;
    f.endUs = atUs;
    f.endedBy = cause;
    const p = this.partitionOf.get(index);
    if (p !== undefined) p.endUs = atUs;
  }

  partitionStarted(index: number, atUs: Micros, links: [NodeId, NodeId][], groups: NodeId[][] | undefined): void {
    const f = this.faults[index]!;
    const p: ExecutedPartition = { fault: f.index, kind: f.kind, startUs: atUs, links };
    if (groups !== undefined) p.groups = groups;
    this.partitions.push(p);
    this.partitionOf.set(index, p);
  }

  deployed(node: number, version: string, atUs: Micros, cause: number): void {
    const d: ExecutedDeploy = { node: this.nodeIds[node]!, version, atUs };
    if (cause >= 0) d.fault = this.faults[cause]!.index;
    else d.by = this.nodeIds[-cause - 1]!;
    this.deploys.push(d);
  }

  /** The node is now in `state`: closes its current interval and opens one (a zero-length one is replaced). */
  nodeState(node: number, state: NodeState, atUs: Micros, fault?: number, reason?: string): void {
    const list = this.intervals[node]!;
    const cur = list[list.length - 1]!;
    if (cur.state === state) return;
    const next: NodeInterval = { state, fromUs: atUs };
    // `fault` is an occurrence; the interval names the plan's fault, the one the user wrote.
    if (fault !== undefined) next.fault = this.faults[fault]?.index ?? fault;
    if (reason !== undefined) next.reason = reason;
    if (cur.fromUs === atUs) list[list.length - 1] = next;
    else {
      cur.toUs = atUs;
      list.push(next);
    }
  }

  /** A copy as it stands (the run can go on after a snapshot). */
  snapshot(): ExecutedTimeline {
    const nodes: Record<NodeId, NodeInterval[]> = {};
    this.nodeIds.forEach((id, i) => {
      nodes[id] = this.intervals[i]!.map((iv) => ({ ...iv }));
    });
    return {
      faults: this.faults.map((f) => ({ ...f })),
      nodes,
      partitions: this.partitions.map((p) => ({ ...p, links: p.links.map(([a, b]): [NodeId, NodeId] => [a, b]) })),
      deploys: this.deploys.map((d) => ({ ...d })),
    };
  }
}

/** When every fault that started had ended, or the first that was still in force at the end. */
export type Healed = { healed: true; atUs: Micros } | { healed: false; fault: ExecutedFault };

/** The moment the last executed fault ended (0 when none ran); faults the run never reached do not count. */
export function healedAt(t: ExecutedTimeline): Healed {
  let atUs: Micros = 0;
  for (const f of t.faults) {
    if (f.startUs === undefined) continue;
    if (f.endUs === undefined) return { healed: false, fault: f };
    atUs = Math.max(atUs, f.endUs);
  }
  return { healed: true, atUs };
}

/** The node's interval covering `t`, if any. */
export function stateAt(t: ExecutedTimeline, node: NodeId, atUs: Micros): NodeInterval | undefined {
  const list = Object.hasOwn(t.nodes, node) ? t.nodes[node] : undefined;
  return list?.find((iv) => atUs >= iv.fromUs && (iv.toUs === undefined || atUs < iv.toUs));
}

/** A run in which nothing happened to any node: for tests and tools that build check inputs by hand. */
export function emptyTimeline(): ExecutedTimeline {
  return { faults: [], nodes: {}, partitions: [], deploys: [] };
}
