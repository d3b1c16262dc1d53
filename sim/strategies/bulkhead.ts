/**
 * Bulkhead, after resilience4j's SemaphoreBulkhead (maxConcurrentCalls 25, maxWaitDuration 0):
 * at most N calls in flight; a call over the bound waits up to maxWaitDuration for a permit, in
 * FIFO order, in a wait queue bounded by `queueCapacity` (the name of the thread-pool bulkhead's queue).
 */
import { z } from 'zod';
import { duration } from '../units/human-units.js';
import { once, rejected, type Call, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';

export const bulkheadSchema = z.strictObject({
  type: z.literal('bulkhead'),
  maxConcurrentCalls: z.number().int().min(1).max(1_000_000).default(25),
  /** How long a call may wait for a permit; 0 rejects at once when full. */
  maxWaitDuration: duration.default(0),
  /** Calls that may wait at once; more are rejected without waiting. */
  queueCapacity: z.number().int().min(0).max(1_000_000).default(100),
});
export type BulkheadConfig = z.output<typeof bulkheadSchema>;

interface Waiter {
  granted: () => void;
  timer: number;
}

export class Bulkhead {
  active = 0;
  rejectedCalls = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly config: BulkheadConfig,
    private readonly env: Pick<StrategyEnv, 'after' | 'cancelTimer'>,
  ) {}

  get waitingCalls(): number {
    return this.waiting.length;
  }

  /** Calls `granted` with a permit (now or after a wait) or `refused`, exactly one of them. */
  acquire(granted: () => void, refused: () => void): void {
    if (this.active < this.config.maxConcurrentCalls && this.waiting.length === 0) {
      this.active++;
      return granted();
    }
    if (this.config.maxWaitDuration === 0 || this.waiting.length >= this.config.queueCapacity) {
      this.rejectedCalls++;
      return refused();
    }
    const waiter: Waiter = {
      granted,
      timer: this.env.after(this.config.maxWaitDuration, () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        this.rejectedCalls++;
        refused();
      }),
    };
    this.waiting.push(waiter);
  }

  release(): void {
    this.active--;
    while (this.active < this.config.maxConcurrentCalls && this.waiting.length > 0) {
      const w = this.waiting.shift()!;
      this.env.cancelTimer(w.timer);
      this.active++;
      w.granted();
    }
  }
}

export function bulkheadPolicy(config: BulkheadConfig, env: StrategyEnv, bulkhead = new Bulkhead(config, env)): Policy & { readonly bulkhead: Bulkhead } {
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) =>
      bulkhead.acquire(
        () =>
          call(
            once<T>((o) => {
              bulkhead.release();
              done(o);
            }).settle,
            cancel,
          ),
        () => done(rejected('bulkhead')),
      );
  return Object.assign(policy, { bulkhead });
}
