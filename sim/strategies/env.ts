/**
 * What a strategy may use from the node it runs on: the node's monotonic clock, its timers and
 * its seeded random stream. Nothing else: no wall clock, no Math.random (see DESIGN.md).
 */
import type { RandomStream } from '../kernel/random.js';
import type { Micros } from '../kernel/time.js';
import type { TimerId } from '../world/ids.js';
import type { NodeContext } from '../world/model.js';

export interface StrategyEnv {
  /** The node's monotonic clock (drifts with the node, never goes back). */
  now(): Micros;
  /** Calls `fn` after `delayUs` on the node's monotonic clock. */
  after(delayUs: Micros, fn: () => void): TimerId;
  cancelTimer(id: TimerId): void;
  /** The node's seeded stream. */
  random: RandomStream;
  /** Optional narration line for the trace (breaker transitions...). */
  note?(text: string): void;
}

export function envFromContext(ctx: NodeContext): StrategyEnv {
  return {
    now: () => ctx.monotonic(),
    after: (delayUs, fn) => ctx.after(delayUs, fn),
    cancelTimer: (id) => ctx.cancelTimer(id),
    // A stream of their own: jitter draws must not shift the workload or the model's draws.
    random: ctx.stream('strategies'),
    note: (text) => ctx.note(text),
  };
}
