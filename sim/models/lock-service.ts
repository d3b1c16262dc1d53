import { z } from 'zod';
import { FencingTokenIssuer } from '../strategies/fencing.js';
import { LeaseGrantor } from '../strategies/lease.js';
import { positiveDuration } from '../units/human-units.js';
import { defineModel } from './registry.js';
import { isRequest, reply } from './rpc.js';

/**
 * A lock / lease service (Chubby, ZooKeeper, etcd leases): `acquire` grants the lease on a
 * resource to the caller when it is free, expired (on this service's own clock) or already the
 * caller's (a renewal). Each new holder gets a strictly greater fencing token, kept durably.
 * Every grant and renewal is a `grant` effect: `{ holder, token, leaseUs }`.
 */
export const lockService = defineModel({
  name: 'lock-service',
  summary: 'lease / lock service: grants a lease per resource with a strictly increasing fencing token',
  params: z.strictObject({
    /** How long a grant lasts, measured on the lock service's clock. */
    lease: positiveDuration.default(5_000_000),
  }),
  create: (p) => (ctx) => {
    const tokens = new FencingTokenIssuer(ctx.disk);
    const leases = new Map<string, { grantor: LeaseGrantor; holder?: string; token: number }>();
    return {
      onMessage(from, msg) {
        if (!isRequest(msg) || msg.f !== 'acquire') return;
        const now = ctx.monotonic();
        let l = leases.get(msg.key);
        if (l === undefined) leases.set(msg.key, (l = { grantor: new LeaseGrantor({ duration: p.lease }), token: 0 }));
        const previous = l.grantor.holderAt(now);
        const g = l.grantor.grant(from, now);
        if (!g.granted) return reply(ctx, from, msg, { ok: false, error: `held by ${g.holder} (token ${l.token})` });
        if (previous !== from) l.token = tokens.next(); // a new holder: a new, greater token
        l.holder = from;
        ctx.effect('grant', msg.key, { holder: from, token: l.token, leaseUs: p.lease });
        reply(ctx, from, msg, { ok: true, value: { token: l.token, leaseUs: p.lease } });
      },
      inspect: () => Object.fromEntries([...leases].map(([k, v]) => [k, { holder: v.holder, token: v.token }])),
    };
  },
});
