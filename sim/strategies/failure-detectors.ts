/**
 * Heartbeat failure detectors: a fixed timeout, and the phi accrual detector of Hayashibara et al.
 * (2004) exactly as Akka implements it (phi = -log10(1 - F(elapsed)), F a normal CDF by Akka's
 * logistic approximation; defaults of akka.cluster.failure-detector: threshold 8, max-sample-size
 * 1000, min-std-deviation 100ms, acceptable-heartbeat-pause 3s, heartbeat-interval 1s).
 */
import { z } from 'zod';
import { ms, seconds, type Micros } from '../kernel/time.js';
import { duration, positiveDuration } from '../units/human-units.js';

export const failureDetectorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed-timeout'), timeout: positiveDuration.default(seconds(5)) }),
  z.strictObject({
    type: z.literal('phi-accrual'),
    threshold: z.number().positive().max(1000).default(8),
    maxSampleSize: z.number().int().min(1).max(100_000).default(1000),
    minStdDeviation: positiveDuration.default(ms(100)),
    acceptableHeartbeatPause: duration.default(seconds(3)),
    /** Akka's `heartbeat-interval`: seeds the history before the first real interval. */
    firstHeartbeatEstimate: positiveDuration.default(seconds(1)),
  }),
]);
export type FailureDetectorConfig = z.output<typeof failureDetectorSchema>;
export type PhiAccrualConfig = Extract<FailureDetectorConfig, { type: 'phi-accrual' }>;

export interface FailureDetector {
  heartbeat(nowUs: Micros): void;
  /** True before the first heartbeat (nothing to suspect yet), as in Akka. */
  isAvailable(nowUs: Micros): boolean;
}

export class FixedTimeoutDetector implements FailureDetector {
  private lastUs: Micros | undefined;

  constructor(readonly timeoutUs: Micros) {}

  heartbeat(nowUs: Micros): void {
    this.lastUs = nowUs;
  }

  isAvailable(nowUs: Micros): boolean {
    return this.lastUs === undefined || nowUs - this.lastUs < this.timeoutUs;
  }
}

/** Inter-arrival times in a bounded ring with running sums (Akka's HeartbeatHistory). */
class HeartbeatHistory {
  private readonly ring: Float64Array;
  private next = 0;
  private size = 0;
  private sum = 0;
  private squaredSum = 0;

  constructor(readonly maxSampleSize: number) {
    this.ring = new Float64Array(maxSampleSize);
  }

  add(intervalUs: number): void {
    if (this.size === this.maxSampleSize) {
      const old = this.ring[this.next]!;
      this.sum -= old;
      this.squaredSum -= old * old;
    } else this.size++;
    this.ring[this.next] = intervalUs;
    this.sum += intervalUs;
    this.squaredSum += intervalUs * intervalUs;
    this.next = (this.next + 1) % this.maxSampleSize;
  }

  get mean(): number {
    return this.sum / this.size;
  }

  get stdDeviation(): number {
    return Math.sqrt(Math.max(0, this.squaredSum / this.size - this.mean * this.mean));
  }
}

export class PhiAccrualDetector implements FailureDetector {
  private lastUs: Micros | undefined;
  private readonly history: HeartbeatHistory;

  constructor(readonly config: PhiAccrualConfig) {
    this.history = new HeartbeatHistory(config.maxSampleSize);
  }

  heartbeat(nowUs: Micros): void {
    if (this.lastUs === undefined) {
      // Akka seeds the history with mean ± mean/4 around the first estimate.
      const mean = this.config.firstHeartbeatEstimate;
      this.history.add(mean - mean / 4);
      this.history.add(mean + mean / 4);
    } else if (this.isAvailable(nowUs)) {
      // A heartbeat after a suspected failure is not a sample: a long gap would skew the history.
      this.history.add(nowUs - this.lastUs);
    }
    this.lastUs = nowUs;
  }

  phi(nowUs: Micros): number {
    if (this.lastUs === undefined) return 0;
    const mean = this.history.mean + this.config.acceptableHeartbeatPause;
    const std = Math.max(this.history.stdDeviation, this.config.minStdDeviation);
    return phiOf(nowUs - this.lastUs, mean, std);
  }

  isAvailable(nowUs: Micros): boolean {
    return this.phi(nowUs) < this.config.threshold;
  }
}

/** Akka's phi: a logistic approximation of the normal CDF (Bowling et al., 2009), stable in the tail. */
export function phiOf(elapsed: number, mean: number, std: number): number {
  const y = (elapsed - mean) / std;
  const e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
  // `0 -` rather than unary minus: -log10(1) would be -0.
  return elapsed > mean ? 0 - Math.log10(e / (1 + e)) : 0 - Math.log10(1 - 1 / (1 + e));
}

export function createFailureDetector(config: FailureDetectorConfig): FailureDetector {
  return config.type === 'fixed-timeout' ? new FixedTimeoutDetector(config.timeout) : new PhiAccrualDetector(config);
}
