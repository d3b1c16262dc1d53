import { z } from 'zod';
import { LeaseHolder, leaseSchema } from '../strategies/lease.js';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { defineModel } from './registry.js';
import { RpcClient } from './rpc.js';

/**
 * A worker that must be the only one writing a resource (Kleppmann's "How to do distributed
 * locking" story): it takes a lease from the lock service, renews it at half-life, and writes to
 * storage every `writeEvery` with its fencing token while it believes it holds the lease: a
 * `put` of the resource's row with the value `{ holder, token, data }` (the `database` block's
 * protocol; with `fencing` on, the database refuses a token older than the row's newest).
 *
 * `checkLease: false` is the naive worker: its belief is a flag an expiry timer clears. After a
 * GC pause the overdue write timer fires before the overdue expiry timer, so it writes on a
 * lease that ran out long ago. `checkLease: true` looks at its clock before every write.
 */
export const leaseWorker = defineModel({
  name: 'lease-worker',
  summary: 'takes a lease from a lock service and writes to storage while it believes it holds it',
  params: z.strictObject({
    lock: nodeId.default('lock'),
    storage: nodeId.default('storage'),
    resource: z.string().default('leader'),
    /** Must match the lock service's lease; `margin` is how early the worker gives it up. */
    lease: leaseSchema.default({ duration: 5_000_000, margin: 0 }),
    /** Renew after this fraction of the usable lease (duration − margin), on the local clock. */
    renewAt: z.number().gt(0).lt(1).default(0.5),
    writeEvery: positiveDuration.default(500_000),
    retryAcquireEvery: positiveDuration.default(1_000_000),
    /** Re-check the lease on the local clock right before each write. */
    checkLease: z.boolean().default(false),
  }),
  nodeRefs: (p) => [
    { path: ['lock'], node: p.lock },
    { path: ['storage'], node: p.storage },
  ],
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    const lease = new LeaseHolder(p.lease);
    let believesLeader = false;
    let token = 0;
    let expiryTimer: number | undefined;
    let writes = 0;

    const acquire = () => {
      // The lease runs from when *this* request was sent: a late grant for an earlier request
      // must not be credited from a later one's time.
      const askedAtUs = ctx.monotonic();
      rpc.call(p.lock, 'acquire', p.resource, undefined, (res) => {
        if (!res.ok) {
          ctx.after(p.retryAcquireEvery, acquire);
          return;
        }
        const granted = res.value as { token: number };
        lease.requested(askedAtUs);
        lease.granted();
        if (!believesLeader || granted.token !== token) ctx.note(`believes it leads with token ${granted.token}`);
        believesLeader = true;
        token = granted.token;
        if (expiryTimer !== undefined) ctx.cancelTimer(expiryTimer);
        expiryTimer = ctx.after(lease.remainingUs(ctx.monotonic()), () => {
          believesLeader = false;
          ctx.note(`lease expired: no longer leads (token ${token})`);
          ctx.after(p.retryAcquireEvery, acquire);
        });
        ctx.after(Math.floor((p.lease.duration - p.lease.margin) * p.renewAt), () => believesLeader && acquire());
      });
    };

    const writeTick = () => {
      ctx.after(p.writeEvery, writeTick);
      if (!believesLeader) return;
      if (p.checkLease && !lease.isValid(ctx.monotonic())) {
        ctx.note(`skips a write: its clock says the lease (token ${token}) has run out`);
        return;
      }
      rpc.call(p.storage, 'put', p.resource, { holder: ctx.id, token, data: `${ctx.id}#${++writes}` }, () => undefined);
    };

    return {
      onStart() {
        acquire();
        ctx.after(p.writeEvery, writeTick);
      },
      onMessage: (_from, msg) => void rpc.handle(msg),
      inspect: () => ({ believesLeader, token, leaseValid: lease.isValid(ctx.monotonic()) }),
    };
  },
});
