/**
 * Hedging, after Polly's Hedging strategy (MaxHedgedAttempts 1, Delay 2s) and "The Tail at Scale":
 * if no answer came within `delay`, start another attempt; the first `ok` wins and the others are
 * cancelled; a failed attempt starts the next hedge at once; if all fail, the last failure answers.
 */
import { z } from 'zod';
import { seconds } from '../kernel/time.js';
import { duration } from '../units/human-units.js';
import { CancelSource, once, type Call, type Outcome, type Policy } from './call.js';
import type { StrategyEnv } from './env.js';

export const hedgeSchema = z.strictObject({
  type: z.literal('hedge'),
  /** Extra attempts beyond the first. */
  maxHedgedAttempts: z.number().int().min(1).max(10).default(1),
  /** Wait before each extra attempt. */
  delay: duration.default(seconds(2)),
});
export type HedgeConfig = z.output<typeof hedgeSchema>;

export function hedgePolicy(config: HedgeConfig, env: StrategyEnv): Policy & { readonly stats: { hedges: number } } {
  const stats = { hedges: 0 };
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      const guard = once(done);
      // Cancelled when the caller gives up or an attempt wins: stops the timer and the other attempts.
      const all = CancelSource.linked(cancel);
      let started = 0;
      let finished = 0;
      let timer: number | undefined;
      const stopTimer = () => {
        if (timer !== undefined) env.cancelTimer(timer);
        timer = undefined;
      };
      all.onCancel(stopTimer);
      const launch = (): void => {
        stopTimer();
        if (all.cancelled) return;
        if (started > 0) stats.hedges++;
        started++;
        if (started <= config.maxHedgedAttempts) timer = env.after(config.delay, launch);
        const answer = once<T>((o: Outcome<T>) => {
          finished++;
          if (guard.settled()) return; // a losing attempt: its answer is dropped
          if (o.kind === 'ok') {
            guard.settle(o);
            return all.cancel();
          }
          if (started <= config.maxHedgedAttempts) launch();
          else if (finished === started) guard.settle(o);
        });
        call(answer.settle, all);
      };
      launch();
    };
  return Object.assign(policy, { stats });
}
