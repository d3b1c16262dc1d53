import type { RandomStream } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import type { LocalClock } from './clock.js';
import { ConditionState } from './conditions.js';
import type { TimerEvent, WorldEvent } from './events.js';
import type { NodeId, TimerId } from './ids.js';
import type { Model, NodeBehaviour } from './model.js';
import { DurableStorage } from './storage.js';

/** One node's state in the world: up or not, paused how deep, its incarnation, clock, disk and timers. */
export class NodeRuntime {
  up = true;
  pauseDepth = 0;
  pausedAt: Micros = 0;
  incarnation = 0;
  /** Deliveries and timers that came due while paused, in the order they came due. */
  readonly backlog: WorldEvent[] = [];
  readonly timers = new Map<TimerId, TimerEvent>();
  behaviour: NodeBehaviour = {};
  readonly disk = new DurableStorage();
  /** What capacity faults and deploys did to its service (ctx.conditions()). */
  readonly conditions = new ConditionState();
  /** The sender of the last message delivered here, id and index: a reply to it skips the id lookup. */
  lastFromId: NodeId | undefined = undefined;
  lastFromIdx = -1;

  constructor(
    readonly idx: number,
    readonly id: NodeId,
    /** What runs here; a deploy replaces it with another version's. */
    public model: Model,
    /** The model of each version a deploy may switch it to. */
    readonly version: (name: string) => Model | undefined,
    readonly clock: LocalClock,
    readonly rng: RandomStream,
    readonly netRng: RandomStream,
  ) {}
}

/** A short, bounded rendering of a payload for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(v);
  }
}
