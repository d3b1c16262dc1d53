/**
 * The five classic rate-limiting algorithms as admit/reject decisions at virtual time `now`:
 * fixed window (admits 2× its limit across a boundary), sliding-window log, sliding-window
 * counter (Cloudflare's weighted estimate), token bucket, and leaky bucket as a queue (GCRA).
 */
import type { Micros } from '../kernel/time.js';

export interface RateLimiter {
  /** Admits (and counts) one request at `nowUs`, or refuses it. */
  tryAcquire(nowUs: Micros): boolean;
  /** How long the request just admitted waits before it goes on: 0 but for the leaky bucket, which queues. */
  readonly lastDelayUs?: Micros;
}

/** Counts of the current and the previous aligned window [k·period, (k+1)·period). */
abstract class AlignedWindowLimiter implements RateLimiter {
  protected window = 0;
  protected current = 0;
  protected previous = 0;

  constructor(
    readonly limit: number,
    readonly periodUs: Micros,
  ) {}

  tryAcquire(nowUs: Micros): boolean {
    const w = Math.floor(nowUs / this.periodUs);
    if (w !== this.window) {
      this.previous = w === this.window + 1 ? this.current : 0;
      this.current = 0;
      this.window = w;
    }
    if (!this.admits(nowUs)) return false;
    this.current++;
    return true;
  }

  protected abstract admits(nowUs: Micros): boolean;
}

/** `limit` requests per aligned window; the count restarts at every boundary. */
export class FixedWindowLimiter extends AlignedWindowLimiter {
  protected admits(): boolean {
    return this.current < this.limit;
  }
}

/** At most `limit` admitted requests in any window (now - period, now]; keeps `limit` timestamps. */
export class SlidingLogLimiter implements RateLimiter {
  private readonly log: Float64Array;
  private next = 0;
  private size = 0;

  constructor(
    readonly limit: number,
    readonly periodUs: Micros,
  ) {
    this.log = new Float64Array(limit);
  }

  tryAcquire(nowUs: Micros): boolean {
    // The ring's next slot holds the oldest admitted time once the ring is full.
    if (this.size === this.limit && this.log[this.next]! > nowUs - this.periodUs) return false;
    if (this.size < this.limit) this.size++;
    this.log[this.next] = nowUs;
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}

/** Estimates the sliding count as previous window × its overlap + current window. */
export class SlidingCounterLimiter extends AlignedWindowLimiter {
  protected admits(nowUs: Micros): boolean {
    const overlapUs = this.periodUs - (nowUs - this.window * this.periodUs);
    return this.previous * overlapUs + this.current * this.periodUs < this.limit * this.periodUs;
  }
}

/**
 * Holds up to `burst` tokens, refilled continuously at `limit` per period; starts full. Tokens are
 * kept scaled by the period so the arithmetic stays in exact integers.
 */
export class TokenBucketLimiter implements RateLimiter {
  private scaledTokens: number;
  private lastUs = 0;

  constructor(
    readonly limit: number,
    readonly periodUs: Micros,
    readonly burst = limit,
  ) {
    this.scaledTokens = burst * periodUs;
  }

  tryAcquire(nowUs: Micros): boolean {
    this.scaledTokens = Math.min(this.burst * this.periodUs, this.scaledTokens + (nowUs - this.lastUs) * this.limit);
    this.lastUs = nowUs;
    if (this.scaledTokens < this.periodUs) return false;
    this.scaledTokens -= this.periodUs;
    return true;
  }
}

/**
 * Leaky bucket as a queue: admitted requests leave at a steady `limit` per period, at most
 * `capacity` waiting. `lastDelayUs` is how long the admitted request waits before it leaks out.
 */
export class LeakyBucketLimiter implements RateLimiter {
  /** When the queue next drains, in microseconds × limit (exact integers). */
  private nextFreeScaled = 0;
  lastDelayUs: Micros = 0;

  constructor(
    readonly limit: number,
    readonly periodUs: Micros,
    readonly capacity = limit,
  ) {}

  tryAcquire(nowUs: Micros): boolean {
    const nowScaled = nowUs * this.limit;
    const startScaled = Math.max(nowScaled, this.nextFreeScaled);
    if (startScaled - nowScaled >= this.capacity * this.periodUs) return false;
    this.nextFreeScaled = startScaled + this.periodUs;
    this.lastDelayUs = Math.ceil((startScaled - nowScaled) / this.limit);
    return true;
  }
}
