import { z } from 'zod';
import { Deque } from '../../kernel/deque.js';
import type { NodeId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';
import { type Request, reply } from '../rpc.js';
import { injectedError } from './capacity-faults.js';

/**
 * The request threads of a block that serves from memory or disk (a cache server's worker
 * threads, a broker's I/O threads): `workers` requests are worked on at once, at most
 * `queueSize` wait (FIFO), one more is answered `503 queue full` (retryable). A worker is held
 * only for the block's own time on the request; waiting for another node is asynchronous I/O and
 * holds no worker. Capacity faults apply through ctx.conditions(): workers × capacity (or the
 * autoscaler's number; work in progress finishes), `errorRate` of the requests taken answered at
 * once with the fault's error (drawn from the `errors` stream), and `serviceTime` × slowdown +
 * extra. Records `requests`, `errors` and `rejected` (counts), `queued` and `busy` (gauges).
 */
export const MAX_WORKERS = 100_000;
export const MAX_QUEUE_SIZE = 1_000_000;

export const workerFields = (defaults: { workers: number; queueSize: number }) => ({
  /** Requests worked on at once. */
  workers: z.number().int().min(1).max(MAX_WORKERS).default(defaults.workers),
  /** Requests that may wait for a worker; one more is answered `503 queue full`. */
  queueSize: z.number().int().min(0).max(MAX_QUEUE_SIZE).default(defaults.queueSize),
});

/** Works on a request; `release` frees the worker (once; later calls are ignored). */
export type Work = (from: NodeId, req: Request, release: () => void) => void;

interface Job {
  from: NodeId;
  req: Request;
}

export function workerSlots(ctx: NodeContext, p: { workers: number; queueSize: number }, work: Work) {
  const errorDraws = ctx.stream('errors');
  const queue = new Deque<Job>();
  let busy = 0;

  const workers = (): number => {
    const c = ctx.conditions();
    return Math.max(0, Math.floor((c.workers ?? p.workers) * c.capacity));
  };
  const gauges = () => {
    ctx.metric.gauge('queued', queue.length);
    ctx.metric.gauge('busy', busy);
  };
  const pump = (): void => {
    while (busy < workers() && queue.length > 0) {
      const job = queue.popFront()!;
      busy++;
      let released = false;
      work(job.from, job.req, () => {
        if (released) return;
        released = true;
        busy--;
        pump();
      });
    }
    gauges();
  };

  return {
    /** Takes a request: answers an injected error or `503 queue full` at once, else queues it for a worker. */
    accept(from: NodeId, req: Request): void {
      ctx.metric.count('requests');
      const injected = injectedError(ctx.conditions(), errorDraws);
      if (injected !== undefined) {
        reply(ctx, from, req, injected);
        ctx.metric.count('errors');
        return;
      }
      if (queue.length >= p.queueSize && busy >= workers()) {
        reply(ctx, from, req, { ok: false, error: '503 queue full', retryable: true });
        ctx.metric.count('rejected');
        ctx.metric.count('errors');
        return;
      }
      queue.pushBack({ from, req });
      pump();
    },
    /** Takes queued work when workers were added (call it from onConditions). */
    pump,
    inspect: () => ({ busy, queued: queue.length, workers: workers() }),
  };
}
