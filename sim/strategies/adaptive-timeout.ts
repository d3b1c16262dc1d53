/**
 * Adaptive timeout from observed round-trip times: TCP's retransmission timer, RFC 6298
 * (Jacobson/Karels: SRTT, RTTVAR, RTO = SRTT + max(G, 4·RTTVAR), alpha 1/8, beta 1/4, initial
 * RTO 1s, lower bound 1s, doubling on expiry). Each call is one attempt, so Karn's rule holds.
 */
import { z } from 'zod';
import { seconds, type Micros } from '../kernel/time.js';
import { duration, positiveDuration } from '../units/human-units.js';
import type { Policy } from './call.js';
import type { StrategyEnv } from './env.js';
import { withTimeout } from './timeout.js';

export const adaptiveTimeoutSchema = z.strictObject({
  type: z.literal('adaptive-timeout'),
  /** RTO before the first sample (RFC 6298 2.1: 1s). */
  initialRto: positiveDuration.default(seconds(1)),
  /** Lower bound (RFC 6298 2.4: 1s; Linux uses 200ms). */
  minRto: duration.default(seconds(1)),
  /** Upper bound (RFC 6298 2.5: at least 60s). */
  maxRto: positiveDuration.default(seconds(60)),
  /** Clock granularity G (our clock ticks in microseconds). */
  clockGranularity: duration.default(1),
});
export type AdaptiveTimeoutConfig = z.output<typeof adaptiveTimeoutSchema>;

const ALPHA = 1 / 8;
const BETA = 1 / 4;
const K = 4;

/** RFC 6298's estimator as a plain state machine. */
export class RttEstimator {
  srttUs: number | undefined;
  rttvarUs: number | undefined;
  private rto: Micros;

  constructor(private readonly config: Omit<AdaptiveTimeoutConfig, 'type'>) {
    this.rto = this.bound(config.initialRto);
  }

  get rtoUs(): Micros {
    return this.rto;
  }

  /** A round-trip time measured on an answered call (RFC 6298 2.2 and 2.3). */
  sample(rttUs: Micros): void {
    if (this.srttUs === undefined || this.rttvarUs === undefined) {
      this.srttUs = rttUs;
      this.rttvarUs = rttUs / 2;
    } else {
      this.rttvarUs = (1 - BETA) * this.rttvarUs + BETA * Math.abs(this.srttUs - rttUs);
      this.srttUs = (1 - ALPHA) * this.srttUs + ALPHA * rttUs;
    }
    this.rto = this.bound(Math.round(this.srttUs + Math.max(this.config.clockGranularity, K * this.rttvarUs)));
  }

  /** The timer expired: back off (RFC 6298 5.5). */
  expired(): void {
    this.rto = this.bound(this.rto * 2);
  }

  private bound(rtoUs: Micros): Micros {
    return Math.min(this.config.maxRto, Math.max(this.config.minRto, rtoUs));
  }
}

export function adaptiveTimeoutPolicy(config: AdaptiveTimeoutConfig, env: StrategyEnv, estimator = new RttEstimator(config)): Policy {
  return (call) =>
    withTimeout(
      call,
      env,
      () => estimator.rtoUs,
      (o, elapsedUs) => {
        if (o.kind === 'timeout') estimator.expired();
        else if (o.kind !== 'rejected') estimator.sample(elapsedUs);
      },
    );
}
