import { z } from 'zod';
import type { Row } from './database-rows.js';

/**
 * The database block's fencing tokens (Kleppmann, "How to do distributed locking", 2016; Chubby's
 * sequencers; ZooKeeper's zxid or etcd's revision used as the token): a lock service hands out
 * increasing tokens, the holder writes its token with every write, and storage refuses a write
 * whose token is lower than the highest it has seen, so a holder that lost its lock without
 * knowing it (paused, partitioned) cannot overwrite its successor's work.
 *
 * The highest token is kept per row, as the row's `fence`: a lock guards a resource and the
 * resource is the row its holders write, and the check runs under that row's exclusive lock, so it
 * is serialized with every other write of the row (a table-wide fence would also refuse writes to
 * rows guarded by other locks, whose tokens need not be comparable). The fence is written, synced
 * and rebuilt with the row (database-rows.ts), and a delete keeps it. An equal token is accepted
 * (the same holder writing again); a write whose value has no token is not fenced and leaves the
 * fence as it was.
 */
export const fencingSchema = z.strictObject({
  /** The field of a written value that carries its token (`value.token`). */
  field: z.string().min(1).max(100).default('token'),
});
export type Fencing = z.output<typeof fencingSchema>;

export type Fenced = { ok: true; fence: number | undefined } | { ok: false; error: string; retryable: false };

/** The row's fence after writing `value` (undefined for a delete), or the refusal. */
export function fence(fencing: Fencing | undefined, row: Row | undefined, value: unknown): Fenced {
  const highest = row?.fence;
  if (fencing === undefined || typeof value !== 'object' || value === null || !Object.hasOwn(value, fencing.field)) return { ok: true, fence: highest };
  const token = (value as Record<string, unknown>)[fencing.field];
  if (typeof token !== 'number' || !Number.isFinite(token))
    return { ok: false, error: `400 bad request: fencing token ${fencing.field} must be a number`, retryable: false };
  if (highest !== undefined && token < highest) return { ok: false, error: `409 stale fencing token ${token} < ${highest}`, retryable: false };
  return { ok: true, fence: highest === undefined ? token : Math.max(highest, token) };
}
