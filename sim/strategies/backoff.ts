/**
 * Wait between attempts: constant / linear / exponential with a cap, and jitter none / full /
 * equal / decorrelated exactly as in Marc Brooker's "Exponential Backoff and Jitter" (AWS
 * Architecture Blog, 2015). Option names follow resilience4j's retry (waitDuration, exponential*).
 */
import { z } from 'zod';
import type { RandomStream } from '../kernel/random.js';
import { ms, type Micros } from '../kernel/time.js';
import { duration, MAX_DURATION_US, positiveDuration } from '../units/human-units.js';

export const backoffFields = {
  /** Base wait (resilience4j `waitDuration`, default 500ms). */
  waitDuration: duration.default(ms(500)),
  backoff: z.enum(['constant', 'linear', 'exponential']).default('constant'),
  /** Growth per retry for `exponential` (resilience4j default 1.5; AWS's analysis uses 2). */
  exponentialBackoffMultiplier: z.number().min(1).max(100).default(1.5),
  /** Cap on any wait, before jitter (AWS's `cap`); unset: one year, the longest duration a scenario has. */
  exponentialMaxWaitDuration: positiveDuration.optional(),
  jitter: z.enum(['none', 'full', 'equal', 'decorrelated']).default('none'),
};
const backoffObject = z.strictObject(backoffFields);
export type BackoffConfig = z.output<typeof backoffObject>;

/** The waits of one call's retries; `next()` gives the wait before retry 1, 2, 3... */
export class Backoff {
  private retry = 0;
  private lastUs: Micros;

  constructor(
    private readonly config: BackoffConfig,
    private readonly random: RandomStream,
  ) {
    this.lastUs = config.waitDuration;
  }

  next(): Micros {
    this.retry++;
    const c = this.config;
    const cap = c.exponentialMaxWaitDuration ?? MAX_DURATION_US;
    if (c.jitter === 'decorrelated') {
      // sleep = min(cap, random_between(base, sleep * 3)): its own schedule, whatever `backoff` says.
      const hi = Math.max(c.waitDuration, this.lastUs * 3);
      this.lastUs = Math.min(cap, Math.round(c.waitDuration + this.random.next() * (hi - c.waitDuration)));
      return this.lastUs;
    }
    const base = Math.min(cap, Math.round(this.unjittered()));
    switch (c.jitter) {
      case 'none':
        return base;
      case 'full':
        return Math.round(this.random.next() * base);
      case 'equal':
        return Math.round(base / 2 + this.random.next() * (base / 2));
    }
  }

  private unjittered(): number {
    const c = this.config;
    switch (c.backoff) {
      case 'constant':
        return c.waitDuration;
      case 'linear':
        return c.waitDuration * this.retry;
      case 'exponential':
        return c.waitDuration * Math.pow(c.exponentialBackoffMultiplier, this.retry - 1);
    }
  }
}
