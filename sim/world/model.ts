import type { Micros } from '../kernel/time.js';
import type { RandomStream } from '../kernel/random.js';
import type { OpId } from './history.js';
import type { NodeId, TimerId } from './ids.js';
import type { NodeConditions } from './conditions.js';
import type { DurableStorage } from './storage.js';

/**
 * A model is the system under test on one node: the public contract user models are written
 * against (docs/custom-models.md). The world calls it with a fresh context on first start and
 * again on every restart after a crash: whatever the returned behaviour keeps in its own fields
 * is volatile memory and dies with the node; only `ctx.disk` survives (and only what was synced).
 *
 * Handlers run one at a time, to completion, at one instant of virtual time: nothing else happens
 * in the world while a handler runs, and no time passes. What a handler asks for takes effect as
 * it asks: `ctx.send` puts the message on the wire at once (its loss, duplication and latency are
 * drawn then, and a handler that throws afterwards has still sent it), `ctx.setTimer` schedules
 * at once, `ctx.effect` and `ctx.history` record at once. A handler that throws stops the run
 * with a ModelError naming the node, the time and the event.
 */
export type Model = (ctx: NodeContext) => NodeBehaviour;

export interface NodeBehaviour {
  /** First boot, at time 0. */
  onStart?(): void;
  /** Boot after a crash; defaults to `onStart`. */
  onRecover?(): void;
  onMessage?(from: NodeId, msg: unknown): void;
  /** A timer set with `ctx.setTimer` fired (timers set with `ctx.after` call their own callback). */
  onTimer?(payload: unknown, timer: TimerId): void;
  /** Its service conditions changed (a capacity fault started or ended, an autoscaler set its workers). */
  onConditions?(): void;
  /** What this node believes right now (leader, term, lease...), for final-state checks and narration. */
  inspect?(): Record<string, unknown>;
}

/** Records client-visible operations (see history.ts): the checkers judge these. */
export interface ClientHistory {
  invoke(f: string, key?: string, value?: unknown): OpId;
  ok(op: OpId, value?: unknown, note?: string): void;
  fail(op: OpId, error?: string): void;
  /** Outcome unknown (timed out, connection lost): it may or may not have happened. */
  info(op: OpId, note?: string): void;
  isOpen(op: OpId): boolean;
}

/** What a model may do. There is no true time here: a node only knows its own clocks. */
export interface NodeContext {
  /** This node's id, as the scenario names it. */
  readonly id: NodeId;
  /** Every node of the world, in scenario order (including this one and the workload's clients). */
  readonly nodes: readonly NodeId[];
  /**
   * Sends `msg` to `to` over the network as the scenario configures it (latency, loss, partitions).
   * Takes effect at once; an unknown node throws. Send plain data: the message is not copied, and
   * the deep digest fingerprints it as JSON. A send from an incarnation that has since crashed is
   * ignored.
   */
  send(to: NodeId, msg: unknown): void;
  /** Fires `onTimer(payload, id)` after `delayUs` on this node's monotonic clock (late if paused; never after a crash). */
  setTimer(delayUs: Micros, payload?: unknown): TimerId;
  /** Calls `fn` after `delayUs` on this node's monotonic clock (same rules as setTimer). */
  after(delayUs: Micros, fn: () => void): TimerId;
  /** Cancels a timer that has not fired; cancelling twice, or a fired timer, does nothing. */
  cancelTimer(timer: TimerId): void;
  /**
   * What capacity faults and deploys did to this node's service right now: a service-time factor
   * and extra, the share of workers kept, an error rate to answer with, the version running. The
   * generic blocks honour them; a model of your own may (world/conditions.ts).
   */
  conditions(): Readonly<NodeConditions>;
  /** µs on this node's monotonic clock: never goes back; drifts with the node's clock; keeps running while paused. */
  monotonic(): Micros;
  /** Can jump either way (NTP steps) and carries the node's offset. */
  wallClock(): Micros;
  /** This node's own seeded stream. */
  readonly random: RandomStream;
  /**
   * A named sub-stream of this node (`workload`, `strategies`...): draws on one never shift
   * another, so a variant whose retries draw jitter still sees the same offered load.
   */
  stream(name: string): RandomStream;
  /** 0 on first boot, +1 after every crash: lets ids stay unique across restarts. */
  readonly incarnation: number;
  /** Durable storage: `write` then `fsync` survives a crash; unsynced writes are lost with it (storage.ts). */
  readonly disk: DurableStorage;
  /** Client-visible operations, for the checks (only clients record these; see ClientHistory). */
  readonly history: ClientHistory;
  /** Records a side effect on the outside world (a charge, a stored write) where it happens. */
  effect(kind: string, key: string, value?: unknown): void;
  /** A line for the trace and the narrated timeline: what the node thinks it is doing. */
  note(text: string): void;
  /**
   * This node's time series (world/metrics.ts), for the reports' per-second plots and for
   * controllers: `count` adds to a counter, `gauge` sets a value held until set again.
   */
  readonly metric: {
    count(name: string, n?: number): void;
    gauge(name: string, value: number): void;
  };
  /**
   * What a controller (a deployer, an autoscaler) does, as an orchestrator would from outside the
   * nodes: roll a version out to a node, set a node's workers, read any node's metrics over a
   * window of true time. Ordinary models never need it.
   */
  readonly control: {
    deploy(node: NodeId, version: string): void;
    setWorkers(node: NodeId, workers: number | undefined): void;
    observe(node: NodeId, metric: string, windowUs: Micros): { sum: number; mean: number } | undefined;
  };
}

/** Thrown when a model or strategy throws: names the node, the virtual time and the event. */
export class ModelError extends Error {
  constructor(
    readonly node: NodeId,
    readonly atUs: Micros,
    readonly handling: string,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`model on ${node} threw at t=${atUs}us while handling ${handling}: ${why}`);
    this.name = 'ModelError';
  }
}
