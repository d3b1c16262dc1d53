/**
 * Leases (Gray & Cheriton, 1989). The holder times its lease on its own monotonic clock from the
 * moment it *asked* (not when the grant arrived) and treats it as expired `margin` early, to cover
 * clock drift between holder and grantor; the grantor waits the full duration on its own clock.
 */
import { z } from 'zod';
import { seconds, type Micros } from '../kernel/time.js';
import { duration, positiveDuration } from '../units/human-units.js';

export const leaseSchema = z
  .strictObject({
    duration: positiveDuration.default(seconds(10)),
    /** Safety margin for drift: at least duration × (holder drift + grantor drift), plus pauses you expect. */
    margin: duration.default(seconds(1)),
  })
  .refine((c) => c.margin < c.duration, { error: 'expected the lease `margin` to be shorter than its `duration`', path: ['margin'] });
export type LeaseConfig = z.output<typeof leaseSchema>;

export class LeaseHolder {
  private requestedAtUs: Micros | undefined;
  private validUntilUs: Micros | undefined;

  constructor(readonly config: LeaseConfig) {
    if (config.margin >= config.duration) throw new Error('lease margin must be shorter than the lease');
  }

  /** Call when sending the request (acquire or renew). */
  requested(nowUs: Micros): void {
    this.requestedAtUs = nowUs;
  }

  /** The grantor said yes: the lease runs from the request time, minus the margin. */
  granted(): void {
    if (this.requestedAtUs === undefined) throw new Error('lease granted without a request');
    this.validUntilUs = this.requestedAtUs + this.config.duration - this.config.margin;
  }

  /** True while the holder may act as the lease owner. */
  isValid(nowUs: Micros): boolean {
    return this.validUntilUs !== undefined && nowUs < this.validUntilUs;
  }

  remainingUs(nowUs: Micros): Micros {
    return this.validUntilUs === undefined ? 0 : Math.max(0, this.validUntilUs - nowUs);
  }

  release(): void {
    this.validUntilUs = undefined;
  }
}

export type GrantResult = { granted: true; expiresUs: Micros } | { granted: false; holder: string; expiresUs: Micros };

/** The grantor's table for one resource: one holder at a time, renewable by that holder. */
export class LeaseGrantor {
  private holder: string | undefined;
  private expiresUs: Micros = 0;

  constructor(readonly config: Pick<LeaseConfig, 'duration'>) {}

  grant(who: string, nowUs: Micros): GrantResult {
    const current = this.holderAt(nowUs);
    if (current !== undefined && current !== who) return { granted: false, holder: current, expiresUs: this.expiresUs };
    this.holder = who;
    this.expiresUs = nowUs + this.config.duration;
    return { granted: true, expiresUs: this.expiresUs };
  }

  holderAt(nowUs: Micros): string | undefined {
    return this.holder !== undefined && nowUs < this.expiresUs ? this.holder : undefined;
  }

  release(who: string): void {
    if (this.holder === who) this.holder = undefined;
  }
}
