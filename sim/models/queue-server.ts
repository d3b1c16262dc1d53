import { z } from 'zod';
import { loadSheddingSchema } from '../strategies/load-shedding.js';
import { latencySchema, sampleLatency } from '../world/latency.js';
import { defineModel } from './registry.js';
import { isRequest, reply } from './rpc.js';
import { workerPool } from './worker-pool.js';

/**
 * A backend RPC service with a fixed number of workers in front of a request queue (a
 * thread-pool server: Tomcat, gRPC-Java's executor, a Node service behind a concurrency limit).
 * Every request costs `service` of a worker's time and is answered ok. The queue is the
 * load-shedding strategy's WorkQueue, configured by `queue`:
 * - `maxInFlight`: the workers, so the capacity is maxInFlight / mean(service) requests a second;
 * - `maxQueueSize`: requests that may wait; past it a request is refused with a 503 (retryable);
 * - `order`: `fifo` serves the oldest first; `lifo` the newest (adaptive LIFO);
 * - `queueTimeout` + `dropExpired`: the caller's deadline travels with the request; a request
 *   still queued past it is dropped unanswered instead of worked on. Without them (the naive
 *   server) it works on every request it queued, even one whose caller gave up long ago.
 */
export const queueServer = defineModel({
  name: 'queue-server',
  summary: 'backend with N workers behind a request queue; optionally drops requests whose caller has given up',
  params: z.strictObject({
    /** A worker's time per request. */
    service: latencySchema.prefault({ dist: 'uniform', min: '20ms', max: '30ms' }),
    queue: loadSheddingSchema.prefault({ type: 'load-shedding', maxInFlight: 4, maxQueueSize: 100_000, dropExpired: false }),
  }),
  create: (p) => (ctx) => {
    const pool = workerPool(ctx, p.queue, (job, release) =>
      ctx.after(sampleLatency(p.service, ctx.random), () => {
        reply(ctx, job.from, job.req, { ok: true, value: job.req.value });
        release();
      }),
    );
    return {
      onMessage(from, msg) {
        if (isRequest(msg)) pool.accept(from, msg);
      },
      inspect: pool.inspect,
    };
  },
});
