import type { z } from 'zod';
import { createRateLimiter, rateLimiterSchema } from '../../strategies/rate-limiter-policy.js';
import { positiveDuration } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';
import { type Request, reply } from '../rpc.js';

/**
 * A service's own rate limit, in front of its queue (nginx's `limit_req`, Envoy's local rate
 * limit filter, an API gateway's per-key quota): the rate-limiter strategy's limiter, with the
 * same options and algorithms (rate-limit-algorithms.ts) but no `type`. A request it refuses is
 * answered at once `429 too many requests`, not retryable (the client should wait), carrying
 * `retryAfter` as the hint when given (HTTP Retry-After, which a client's retry honours). A
 * leaky bucket admits late instead: the request reaches the service when it leaks out.
 */
export const rateLimitSchema = rateLimiterSchema.omit({ type: true }).extend({
  /** A 429's Retry-After hint: how long the client should wait before trying again. */
  retryAfter: positiveDuration.optional(),
});
export type RateLimitConfig = z.output<typeof rateLimitSchema>;

/**
 * The gate: `holds(from, req)` is true when the limiter took the request out of the service's
 * hands (refused and answered, or delayed: `arrive` is called with it later, and the gate then
 * lets it pass). A refusal counts `requests`, `limited` and `errors`.
 */
export function rateLimitGate(ctx: NodeContext, config: RateLimitConfig, arrive: (from: NodeId, req: Request) => void) {
  const limiter = createRateLimiter({ ...config, type: 'rate-limiter' });
  const refusal =
    config.retryAfter === undefined
      ? { ok: false, error: '429 too many requests', retryable: false }
      : { ok: false, error: '429 too many requests', retryable: false, retryAfterUs: config.retryAfter };
  /** Requests the leaky bucket admitted late, on their way back in. */
  const released = new Set<Request>();
  return (from: NodeId, req: Request): boolean => {
    if (released.delete(req)) return false;
    if (!limiter.tryAcquire(ctx.monotonic())) {
      reply(ctx, from, req, refusal);
      ctx.metric.count('requests');
      ctx.metric.count('limited');
      ctx.metric.count('errors');
      return true;
    }
    const delayUs = limiter.lastDelayUs ?? 0;
    if (delayUs === 0) return false;
    ctx.after(delayUs, () => {
      released.add(req);
      arrive(from, req);
    });
    return true;
  };
}
