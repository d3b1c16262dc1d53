import type { Micros } from '../../kernel/time.js';
import type { RandomStream } from '../../kernel/random.js';
import { type Latency, sampleLatency } from '../../world/latency.js';
import type { NodeConditions } from '../../world/conditions.js';
import type { NodeContext } from '../../world/model.js';
import type { Response } from '../rpc.js';

/**
 * How every block honours the capacity faults it reads from ctx.conditions() (faults.md): its
 * own time on a request × `slowdown` + `extra`, and the `errors` fault answering its share of
 * the requests taken at once. One place, so a block cannot apply them its own way.
 */

/** A draw of the block's own time on a request, under its conditions: × slowdown + extra. */
export function serviceTime(ctx: NodeContext, dist: Latency, draws: RandomStream): Micros {
  const c = ctx.conditions();
  return Math.round(sampleLatency(dist, draws) * c.slowdown) + c.extraUs;
}

/** The `errors` fault's answer for a request it picks (a draw from `draws`, only while the fault is on), or undefined. */
export function injectedError(c: Readonly<NodeConditions>, draws: RandomStream): Omit<Response, 't' | 'rid'> | undefined {
  return c.errorRate > 0 && draws.next() < c.errorRate ? { ok: false, error: c.error, retryable: c.retryable } : undefined;
}
