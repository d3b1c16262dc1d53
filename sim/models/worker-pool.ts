import type { NodeContext } from '../world/model.js';
import type { NodeId } from '../world/ids.js';
import { WorkQueue, type LoadSheddingConfig, type WorkItem } from '../strategies/load-shedding.js';
import { reply, type Request } from './rpc.js';

/** One request waiting for, or held by, a worker. */
export interface Job extends WorkItem {
  from: NodeId;
  req: Request;
}

/** Works on a job; calls `release` when the worker is free again (once; later calls are ignored). */
export type Serve = (job: Job, release: () => void) => void;

/**
 * A thread-per-request server's workers: at most `maxInFlight` requests are worked on at once,
 * the rest wait in the load-shedding strategy's WorkQueue (its bound, FIFO/LIFO order and
 * deadline-aware dropping). A worker is held from the moment it takes a job until `release`, so
 * a handler that waits on a downstream call keeps its worker for as long as it waits.
 *
 * With `queueTimeout` set, each request carries that deadline (the caller's propagated patience,
 * as a gRPC deadline does) and a request still queued past it is dropped unanswered: its caller
 * has already given up, so working on it would be wasted.
 */
export function workerPool(ctx: NodeContext, config: LoadSheddingConfig, serve: Serve) {
  const queue = new WorkQueue<Job>(config);
  const pump = (): void => {
    for (let job = queue.take(ctx.monotonic()); job !== undefined; job = queue.take(ctx.monotonic())) {
      let released = false;
      serve(job, () => {
        if (released) return;
        released = true;
        queue.finish();
        pump();
      });
    }
  };
  return {
    queue,
    /** Queues a request for a worker; a full queue answers 503 at once (retryable). */
    accept(from: NodeId, req: Request): void {
      const job: Job = { from, req };
      if (config.queueTimeout !== undefined) job.deadlineUs = ctx.monotonic() + config.queueTimeout;
      if (queue.offer(job, ctx.monotonic()) === 'rejected') {
        reply(ctx, from, req, { ok: false, error: '503 overloaded: request queue full', retryable: true });
        return;
      }
      pump();
    },
    inspect: () => ({ queued: queue.length, busyWorkers: queue.inFlight, ...queue.stats }),
  };
}
