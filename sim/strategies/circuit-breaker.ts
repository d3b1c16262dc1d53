/**
 * Circuit breaker with resilience4j's CircuitBreaker semantics and defaults: CLOSED records
 * calls in a count- or time-based sliding window and opens once `minimumNumberOfCalls` are in and
 * the failure rate or slow-call rate reaches its threshold; OPEN rejects for
 * `waitDurationInOpenState`; HALF_OPEN lets exactly `permittedNumberOfCallsInHalfOpenState` calls
 * through and closes or reopens on their rates.
 */
import { z } from 'zod';
import { seconds, type Micros } from '../kernel/time.js';
import { positiveDuration } from '../units/human-units.js';
import { once, rejected, type Call, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';
import { CountWindow, TimeWindow, type SlidingWindow, type WindowSnapshot } from './sliding-window.js';

const percent = z.number().gt(0).max(100);

export const circuitBreakerSchema = z.strictObject({
  type: z.literal('circuit-breaker'),
  failureRateThreshold: percent.default(50),
  slowCallRateThreshold: percent.default(100),
  /** A call taking longer than this is slow. */
  slowCallDurationThreshold: positiveDuration.default(seconds(60)),
  permittedNumberOfCallsInHalfOpenState: z.number().int().min(1).max(10_000).default(10),
  slidingWindowType: z.enum(['COUNT_BASED', 'TIME_BASED']).default('COUNT_BASED'),
  /** Calls (COUNT_BASED) or seconds (TIME_BASED). */
  slidingWindowSize: z.number().int().min(1).max(100_000).default(100),
  minimumNumberOfCalls: z.number().int().min(1).max(100_000).default(100),
  waitDurationInOpenState: positiveDuration.default(seconds(60)),
  /** Move to HALF_OPEN by timer when the wait ends, not on the next call. */
  automaticTransitionFromOpenToHalfOpenEnabled: z.boolean().default(false),
});
export type CircuitBreakerConfig = z.output<typeof circuitBreakerSchema>;

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerTransition {
  atUs: Micros;
  from: BreakerState;
  to: BreakerState;
  /** Rates (percent) of the window that caused the move, when a window did. */
  failureRate?: number;
  slowCallRate?: number;
}

/** A permission to call, tied to the state it was granted in. */
export interface Permit {
  readonly generation: number;
}

const MAX_TRANSITIONS_KEPT = 10_000;

export class CircuitBreaker {
  state: BreakerState = 'CLOSED';
  readonly transitions: BreakerTransition[] = [];
  notPermittedCalls = 0;
  private generation = 0;
  private window: SlidingWindow;
  private minimumCalls: number;
  private openedAtUs: Micros = 0;
  private halfOpenPermits = 0;
  private openTimer: number | undefined;

  constructor(
    readonly config: CircuitBreakerConfig,
    private readonly env: Pick<StrategyEnv, 'now' | 'after' | 'cancelTimer' | 'note'>,
  ) {
    [this.window, this.minimumCalls] = this.closedWindow();
  }

  /** resilience4j `tryAcquirePermission`. */
  acquire(): Permit | undefined {
    if (this.state === 'OPEN' && this.env.now() - this.openedAtUs >= this.config.waitDurationInOpenState) {
      this.transition('HALF_OPEN');
    }
    if (this.state === 'CLOSED' || (this.state === 'HALF_OPEN' && this.halfOpenPermits > 0)) {
      if (this.state === 'HALF_OPEN') this.halfOpenPermits--;
      return { generation: this.generation };
    }
    this.notPermittedCalls++;
    return undefined;
  }

  /** The call was not made or not judged (an inner policy refused): give the permit back. */
  release(permit: Permit): void {
    if (permit.generation === this.generation && this.state === 'HALF_OPEN') this.halfOpenPermits++;
  }

  /** Records a call's result. Results of calls permitted in an earlier state are dropped. */
  record(permit: Permit, failed: boolean, durationUs: Micros): void {
    if (permit.generation !== this.generation || this.state === 'OPEN') return;
    const slow = durationUs > this.config.slowCallDurationThreshold;
    const snap = this.window.record(this.env.now(), failed, slow);
    if (snap.calls < this.minimumCalls) return;
    const rates = ratesOf(snap);
    const above = rates.failureRate >= this.config.failureRateThreshold || rates.slowCallRate >= this.config.slowCallRateThreshold;
    if (above) this.transition('OPEN', rates);
    else if (this.state === 'HALF_OPEN') this.transition('CLOSED', rates);
  }

  /** Rates over the current window, for reports. */
  metrics(): WindowSnapshot & { failureRate: number; slowCallRate: number } {
    const snap = this.window.snapshot(this.env.now());
    return { ...snap, ...ratesOf(snap) };
  }

  private transition(to: BreakerState, rates?: { failureRate: number; slowCallRate: number }): void {
    const from = this.state;
    this.state = to;
    this.generation++;
    if (this.openTimer !== undefined) this.env.cancelTimer(this.openTimer);
    this.openTimer = undefined;
    if (to === 'OPEN') this.enterOpen();
    if (to === 'HALF_OPEN') {
      this.halfOpenPermits = this.config.permittedNumberOfCallsInHalfOpenState;
      // resilience4j's half-open metrics: a count window of the permitted calls, all of them needed.
      this.window = new CountWindow(this.halfOpenPermits);
      this.minimumCalls = this.halfOpenPermits;
    }
    if (to === 'CLOSED') [this.window, this.minimumCalls] = this.closedWindow();
    const atUs = this.env.now();
    if (this.transitions.length >= MAX_TRANSITIONS_KEPT) this.transitions.shift();
    this.transitions.push({ atUs, from, to, ...rates });
    this.env.note?.(`circuit-breaker ${from} -> ${to}`);
  }

  private enterOpen(): void {
    this.openedAtUs = this.env.now();
    if (this.config.automaticTransitionFromOpenToHalfOpenEnabled) {
      this.openTimer = this.env.after(this.config.waitDurationInOpenState, () => {
        this.openTimer = undefined;
        if (this.state === 'OPEN') this.transition('HALF_OPEN');
      });
    }
  }

  private closedWindow(): [SlidingWindow, number] {
    const c = this.config;
    if (c.slidingWindowType === 'TIME_BASED') return [new TimeWindow(c.slidingWindowSize), c.minimumNumberOfCalls];
    // resilience4j: a count window can never hold more than its size.
    return [new CountWindow(c.slidingWindowSize), Math.min(c.minimumNumberOfCalls, c.slidingWindowSize)];
  }
}

function ratesOf(s: WindowSnapshot): { failureRate: number; slowCallRate: number } {
  return s.calls === 0 ? { failureRate: 0, slowCallRate: 0 } : { failureRate: (s.failed * 100) / s.calls, slowCallRate: (s.slow * 100) / s.calls };
}

export function circuitBreakerPolicy(
  config: CircuitBreakerConfig,
  env: StrategyEnv,
  breaker = new CircuitBreaker(config, env),
): Policy & { readonly breaker: CircuitBreaker } {
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      const permit = breaker.acquire();
      if (permit === undefined) return done(rejected('circuit-breaker'));
      const startUs = env.now();
      const answer = once<T>((o) => {
        if (o.kind === 'rejected') breaker.release(permit);
        else breaker.record(permit, o.kind !== 'ok', env.now() - startUs);
        done(o);
      });
      call(answer.settle, cancel);
    };
  return Object.assign(policy, { breaker });
}
