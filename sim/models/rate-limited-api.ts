import { z } from 'zod';
import { positiveDuration } from '../units/human-units.js';
import { envFromContext } from '../strategies/env.js';
import { rateLimiterPolicy, rateLimiterSchema } from '../strategies/rate-limiter-policy.js';
import { defineModel } from './registry.js';
import { isRequest, reply } from './rpc.js';

/**
 * A public API behind a rate limiter (an API gateway's or nginx's `limit_req` quota, a
 * per-customer Stripe/GitHub rate limit): each request the limiter admits is an `admit` effect,
 * recorded at the moment it is let through, and answered ok; a refused one is answered
 * `429 Too Many Requests` (not retryable: the client should wait). `limiter` is the
 * rate-limiter strategy's own config: `algorithm` (fixed-window, sliding-log, sliding-counter,
 * token-bucket, leaky-bucket), `limitForPeriod` per `limitRefreshPeriod`, and `burst` (the
 * token bucket's size / the leaky bucket's queue). A leaky bucket delays what it admits, so its
 * `admit` effect comes when the request leaks out. With `retryAfter`, a 429 carries that hint
 * (`Retry-After`), which a client's retry honours.
 */
export const rateLimitedApi = defineModel({
  name: 'rate-limited-api',
  summary: 'API behind a rate limiter: records an admit effect for each request it lets through, answers 429 otherwise',
  params: z.strictObject({
    limiter: rateLimiterSchema.prefault({ type: 'rate-limiter' }),
    /** A 429's Retry-After hint: how long the client should wait before trying again. */
    retryAfter: positiveDuration.optional(),
  }),
  create: (p) => (ctx) => {
    const limited = rateLimiterPolicy(p.limiter, envFromContext(ctx));
    return {
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        const admit = limited<unknown>((done) => {
          ctx.effect('admit', msg.key, { from });
          done({ kind: 'ok', value: msg.value });
        });
        const refused =
          p.retryAfter === undefined
            ? { ok: false, error: '429 too many requests' }
            : { ok: false, error: '429 too many requests', retryAfterUs: p.retryAfter };
        admit((o) => reply(ctx, from, msg, o.kind === 'ok' ? { ok: true, value: o.value } : refused));
      },
    };
  },
});
