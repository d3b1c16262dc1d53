import { z } from 'zod';
import { latencySchema, sampleLatency } from '../world/latency.js';
import { defineModel } from './registry.js';
import { isRequest, reply } from './rpc.js';

/**
 * An external payment gateway (PG): it charges the card after its processing time and answers.
 * It has no notion of duplicates: every charge request it receives moves money, which is why
 * the caller must not send the same payment twice. Each charge is recorded as a `charge` effect.
 */
export const paymentGateway = defineModel({
  name: 'payment-gateway',
  summary: 'external payment gateway: charges after its processing time, every request it gets is a new charge',
  params: z.strictObject({
    /** How long the gateway takes to charge and answer (on top of network latency). */
    processing: latencySchema.default({ dist: 'constant', value: 100_000 }),
  }),
  create: (p) => (ctx) => {
    let charges = 0;
    return {
      onMessage(from, msg) {
        if (!isRequest(msg)) return;
        ctx.after(sampleLatency(p.processing, ctx.random), () => {
          const chargeId = `ch_${ctx.id}_${++charges}`;
          ctx.effect('charge', msg.key, { chargeId, requestedBy: from });
          reply(ctx, from, msg, { ok: true, value: { chargeId } });
        });
      },
      inspect: () => ({ charges }),
    };
  },
});
