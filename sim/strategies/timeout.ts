/**
 * Fixed timeout, after resilience4j's TimeLimiter (timeoutDuration, default 1s) and Polly's
 * Timeout strategy (optimistic): we stop waiting and report `timeout`; the work itself is not
 * cancelled and its late answer is ignored. Inside a retry it bounds each attempt; outside, the whole call.
 */
import { z } from 'zod';
import { seconds, type Micros } from '../kernel/time.js';
import { positiveDuration } from '../units/human-units.js';
import { CancelSource, once, type Call, type Outcome, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';

export const timeoutSchema = z.strictObject({
  type: z.literal('timeout'),
  /** How long to wait for an answer (resilience4j `timeoutDuration`, Polly `Timeout`). */
  timeout: positiveDuration.default(seconds(1)),
});
export type TimeoutConfig = z.output<typeof timeoutSchema>;

/**
 * Runs `call`, settling with `{kind: 'timeout'}` if no answer comes within `timeoutUs()` (read
 * when the call starts). `observe` sees every answer that beats the timer with its duration.
 */
export function withTimeout<T>(
  call: Call<T>,
  env: StrategyEnv,
  timeoutUs: () => Micros,
  observe?: (o: Outcome<T> | { kind: 'timeout' }, elapsedUs: Micros) => void,
): Call<T> {
  return (done, cancel) => {
    const guard = once(done);
    const inner = CancelSource.linked(cancel);
    const startUs = env.now();
    const timer = env.after(timeoutUs(), () => {
      observe?.({ kind: 'timeout' }, env.now() - startUs);
      guard.settle({ kind: 'timeout' });
      inner.cancel(); // inner retries and hedges stop: nobody waits for them any more
    });
    inner.onCancel(() => env.cancelTimer(timer));
    call((o) => {
      if (guard.settled()) return; // late answer after the timeout: ignored
      env.cancelTimer(timer);
      observe?.(o, env.now() - startUs);
      guard.settle(o);
    }, inner);
  };
}

export function timeoutPolicy(config: TimeoutConfig, env: StrategyEnv): Policy {
  return (call) => withTimeout(call, env, () => config.timeout);
}
