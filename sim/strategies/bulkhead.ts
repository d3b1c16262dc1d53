/**
 * Bulkhead, after resilience4j's SemaphoreBulkhead (maxConcurrentCalls 25, maxWaitDuration 0):
 * at most N calls in flight; a call over the bound waits up to maxWaitDuration for a permit, in
 * FIFO order, in a wait queue bounded by `queueCapacity` (the name of the thread-pool bulkhead's queue).
 */
import { z } from 'zod';
import { Deque } from '../kernel/deque.js';
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
  /** Timed out: left in the queue and skipped when reached (O(1) instead of a splice). */
  gone: boolean;
}

export class Bulkhead {
  active = 0;
  rejectedCalls = 0;
  private readonly waiting = new Deque<Waiter>();
  /** Waiters still waiting (the deque also holds timed-out ones until they reach the front). */
  private waitingCount = 0;

  constructor(
    readonly config: BulkheadConfig,
    private readonly env: Pick<StrategyEnv, 'after' | 'cancelTimer'>,
  ) {}

  get waitingCalls(): number {
    return this.waitingCount;
  }

  /** Calls `granted` with a permit (now or after a wait) or `refused`, exactly one of them. */
  acquire(granted: () => void, refused: () => void): void {
    if (this.active < this.config.maxConcurrentCalls && this.waitingCount === 0) {
      this.active++;
      return granted();
    }
    if (this.config.maxWaitDuration === 0 || this.waitingCount >= this.config.queueCapacity) {
      this.rejectedCalls++;
      return refused();
    }
    const waiter: Waiter = {
      granted,
      gone: false,
      timer: this.env.after(this.config.maxWaitDuration, () => {
        waiter.gone = true;
        this.waitingCount--;
        this.rejectedCalls++;
        refused();
      }),
    };
    this.waiting.pushBack(waiter);
    this.waitingCount++;
  }

  release(): void {
    this.active--;
    while (this.active < this.config.maxConcurrentCalls && this.waitingCount > 0) {
      const w = this.waiting.popFront()!;
      if (w.gone) continue;
      this.waitingCount--;
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
