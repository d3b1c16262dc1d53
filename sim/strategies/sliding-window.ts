/**
 * The circuit breaker's call record, as resilience4j's FixedSizeSlidingWindowMetrics (the last N
 * calls, a ring) and SlidingTimeWindowMetrics (the calls of the last N seconds, one bucket per
 * second of the node's monotonic clock, the current partial second included).
 */
import { MICROS_PER_SECOND, type Micros } from '../kernel/time.js';

export interface WindowSnapshot {
  calls: number;
  failed: number;
  slow: number;
}

export interface SlidingWindow {
  record(nowUs: Micros, failed: boolean, slow: boolean): WindowSnapshot;
  snapshot(nowUs: Micros): WindowSnapshot;
}

const FAILED = 1;
const SLOW = 2;

export class CountWindow implements SlidingWindow {
  private readonly ring: Uint8Array;
  private next = 0;
  private size = 0;
  private readonly totals: WindowSnapshot = { calls: 0, failed: 0, slow: 0 };

  constructor(readonly capacity: number) {
    this.ring = new Uint8Array(capacity);
  }

  record(_nowUs: Micros, failed: boolean, slow: boolean): WindowSnapshot {
    if (this.size === this.capacity) this.count(this.ring[this.next]!, -1);
    else this.size++;
    const flags = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    this.ring[this.next] = flags;
    this.count(flags, 1);
    this.next = (this.next + 1) % this.capacity;
    return this.snapshot();
  }

  snapshot(): WindowSnapshot {
    return { ...this.totals };
  }

  private count(flags: number, by: number): void {
    this.totals.calls += by;
    if (flags & FAILED) this.totals.failed += by;
    if (flags & SLOW) this.totals.slow += by;
  }
}

export class TimeWindow implements SlidingWindow {
  private readonly buckets: { second: number; calls: number; failed: number; slow: number }[];

  constructor(readonly seconds: number) {
    this.buckets = Array.from({ length: seconds }, () => ({ second: -1, calls: 0, failed: 0, slow: 0 }));
  }

  record(nowUs: Micros, failed: boolean, slow: boolean): WindowSnapshot {
    const second = Math.floor(nowUs / MICROS_PER_SECOND);
    const b = this.buckets[second % this.seconds]!;
    if (b.second !== second) Object.assign(b, { second, calls: 0, failed: 0, slow: 0 });
    b.calls++;
    if (failed) b.failed++;
    if (slow) b.slow++;
    return this.snapshot(nowUs);
  }

  snapshot(nowUs: Micros): WindowSnapshot {
    const oldest = Math.floor(nowUs / MICROS_PER_SECOND) - this.seconds + 1;
    const out: WindowSnapshot = { calls: 0, failed: 0, slow: 0 };
    for (const b of this.buckets) {
      if (b.second < oldest) continue;
      out.calls += b.calls;
      out.failed += b.failed;
      out.slow += b.slow;
    }
    return out;
  }
}
