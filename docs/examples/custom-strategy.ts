/**
 * A custom strategy: an AIMD concurrency limit (additive increase, multiplicative decrease, as
 * TCP's congestion window and Netflix's concurrency-limits "AIMDLimit"). It lets at most `limit`
 * calls run at once; each success raises the limit by 1/limit, each timeout or error multiplies it by
 * `backoffRatio`. Use it from a scenario (loading it runs its code: only for files you trust):
 *
 *   client: [ {type: custom, module: ./custom-strategy.js, options: {initialLimit: 10}}, {type: timeout, timeout: 1s} ]
 *
 * Outside this repository import from 'faultline' instead of the relative path.
 */
import { z } from 'zod';
import type { Call, CustomStrategyFactory, Policy } from '../../sim/strategies/index.js';

const optionsSchema = z.strictObject({
  initialLimit: z.number().min(1).default(20),
  minLimit: z.number().min(1).default(1),
  maxLimit: z.number().min(1).default(200),
  backoffRatio: z.number().gt(0).lt(1).default(0.9),
});

const createPolicy: CustomStrategyFactory = (options) => {
  // Validate here: sim/ passes `options` through untouched.
  const o = optionsSchema.parse(options);
  let limit = o.initialLimit;
  let inFlight = 0;
  const policy: Policy =
    <T>(call: Call<T>): Call<T> =>
    (done, cancel) => {
      if (inFlight >= Math.floor(limit)) return done({ kind: 'rejected', by: 'aimd-limit' });
      inFlight++;
      let answered = false;
      call((outcome) => {
        if (answered) return; // at most once, like every built-in
        answered = true;
        inFlight--;
        if (outcome.kind === 'ok') limit = Math.min(o.maxLimit, limit + 1 / limit);
        else if (outcome.kind !== 'rejected') limit = Math.max(o.minLimit, limit * o.backoffRatio);
        done(outcome);
      }, cancel);
    };
  return policy;
};

export default createPolicy;
