import { z } from 'zod';
import { loadSheddingSchema } from '../strategies/load-shedding.js';
import { latencySchema, sampleLatency } from '../world/latency.js';
import { paymentFields, paymentPath } from './checkout-payments.js';
import { defineModel } from './registry.js';
import { isRequest, reply, RpcClient } from './rpc.js';
import { workerPool } from './worker-pool.js';

/**
 * A shop's checkout service (a monolith on a thread-per-request server: Rails/Puma, Spring on
 * Tomcat): one shared pool of workers serves every endpoint. `browse` and `cart` cost `work` of a
 * worker's time and never leave the service; `charge` calls the external payment gateway.
 *
 * - `pool`: the shared workers (the load-shedding strategy's WorkQueue config: `maxInFlight`
 *   workers, `maxQueueSize` requests waiting, past which a 503 comes back).
 * - `work`: a worker's own time per request (to accept a charge too).
 * - `settle: sync` without `paymentPool`: the worker that took a charge waits for the gateway,
 *   holding its worker all along, so a slow gateway starves `browse` and `cart`.
 * - `paymentPool` (a bulkhead): the charge is handed to its own bounded pool and the shared
 *   worker is freed; the pool refuses what does not fit.
 * - `gatewayBreaker`, `gatewayTimeout`: on the gateway call; `fallback`: the answer given to the
 *   customer instead of a failure ("payment pending").
 * - `settle: async`: the charge is stored durably first; it is answered "pending" at once (or,
 *   with a `fallback`, charged inline and answered "pending" only when that fails), and a
 *   settler drains the stored payments through the pool, breaker and timeout
 *   (checkout-payments.ts).
 */
export const checkoutService = defineModel({
  name: 'checkout-service',
  summary: 'checkout monolith: browse/cart/charge on one shared worker pool; charge calls the payment gateway',
  params: z.strictObject({
    pool: loadSheddingSchema.prefault({ type: 'load-shedding', maxInFlight: 16, maxQueueSize: 1000, dropExpired: false }),
    work: latencySchema.prefault({ dist: 'uniform', min: '5ms', max: '15ms' }),
    ...paymentFields,
  }),
  nodeRefs: (p) => [{ path: ['gateway'], node: p.gateway }],
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    const payments = paymentPath(ctx, rpc, p);
    const pool = workerPool(ctx, p.pool, ({ from, req }, release) =>
      ctx.after(sampleLatency(p.work, ctx.random), () => {
        if (req.f !== 'charge') {
          reply(ctx, from, req, { ok: true, value: req.value });
          return release();
        }
        // Without a payment pool this worker waits for the payment's answer; with one it is freed now.
        if (p.paymentPool !== undefined) release();
        payments.pay(req, (a) => {
          reply(ctx, from, req, a);
          release();
        });
      }),
    );
    return {
      onStart: () => payments.start(),
      onMessage(from, msg) {
        if (rpc.handle(msg) || !isRequest(msg)) return;
        pool.accept(from, msg);
      },
      inspect: () => ({ ...pool.inspect(), ...payments.inspect() }),
    };
  },
});
