import { EventQueue } from './event-queue.js';
import type { Micros } from './time.js';

export type StopReason = 'quiescent' | 'time-limit' | 'event-budget' | 'history-budget';

export interface RunLimits {
  /** Stop before the first event later than this instant. */
  untilUs?: Micros;
  /** Stop after this many events; a run that hits it says so instead of hanging. */
  maxEvents?: number;
}

export interface RunOutcome {
  stopReason: StopReason;
  now: Micros;
  events: number;
}

/**
 * A broken invariant of the engine (an event scheduled in the past, at NaN or past exact
 * integers): a bug in faultline, never the scenario's fault, so it is not a model error either.
 */
export class KernelInvariantError extends Error {
  override name = 'KernelInvariantError';
}

/** An event, shortly, for an invariant's message: its fields as JSON, cut at 200 characters. */
function describeEvent(event: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(event, (_k, v: unknown) => (typeof v === 'function' ? '[function]' : v)) ?? String(event);
  } catch {
    s = String(event);
  }
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/**
 * The run loop: pops events in (time, sequence) order, advances virtual time and hands each
 * payload to the dispatcher. It knows nothing of nodes or messages.
 */
export class Kernel<E> {
  private readonly queue = new EventQueue();
  private readonly payloads: (E | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private nowUs: Micros = 0;
  private eventCount = 0;
  /** Set by `halt`: the run stops before the next event, for this reason. */
  private haltReason: StopReason | undefined;

  constructor(private readonly dispatch: (event: E) => void) {}

  get now(): Micros {
    return this.nowUs;
  }

  get events(): number {
    return this.eventCount;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Queues `event` at `at`: a whole number of µs, exact (a safe integer), not before now. */
  schedule(at: Micros, event: E): void {
    if (!Number.isSafeInteger(at) || at < this.nowUs) {
      const why = !Number.isSafeInteger(at) ? 'not a safe integer of microseconds' : `in the past (now is ${this.nowUs})`;
      throw new KernelInvariantError(`event scheduled at ${at}, ${why}: ${describeEvent(event)}`);
    }
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.payloads.length;
    this.payloads[slot] = event;
    this.queue.push(at, slot);
  }

  /** Stops the run before its next event (a budget other than events ran out, e.g. the history's). */
  halt(reason: StopReason): void {
    this.haltReason ??= reason;
  }

  run(limits: RunLimits = {}): RunOutcome {
    const until = limits.untilUs ?? Number.POSITIVE_INFINITY;
    const budget = limits.maxEvents ?? Number.POSITIVE_INFINITY;
    const queue = this.queue;
    const payloads = this.payloads;
    let stopReason: StopReason;
    for (;;) {
      if (queue.size === 0) {
        // Nothing left to happen: the run still covered the span it was asked to.
        if (until !== Number.POSITIVE_INFINITY) this.nowUs = until;
        stopReason = 'quiescent';
        break;
      }
      const t = queue.peekTime();
      if (t > until) {
        this.nowUs = until;
        stopReason = 'time-limit';
        break;
      }
      if (this.eventCount >= budget) {
        stopReason = 'event-budget';
        break;
      }
      if (this.haltReason !== undefined) {
        stopReason = this.haltReason;
        break;
      }
      const slot = queue.pop();
      const event = payloads[slot]!;
      payloads[slot] = undefined;
      this.freeSlots.push(slot);
      this.nowUs = t;
      this.eventCount++;
      this.dispatch(event);
    }
    return { stopReason, now: this.nowUs, events: this.eventCount };
  }
}
