import { z } from 'zod';
import { IdempotencyStore } from '../strategies/idempotency.js';
import { nodeId } from '../units/human-units.js';
import { defineModel } from './registry.js';
import { isRequest, reply, RpcClient, type Request, type Response } from './rpc.js';

/**
 * The shop's payment API: takes `charge` requests for an order and forwards them to the payment
 * gateway. `dedupe` is the recovery strategy under test:
 * - `none`: every request that arrives is forwarded, so a client retry or a duplicated packet
 *   charges the card again;
 * - `idempotency-key`: the order key is an idempotency key (Stripe-style store: a duplicate gets
 *   the stored answer, a concurrent one a 409 conflict);
 * - `unique-constraint`: the payments table is unique on the order id; the row is inserted
 *   (and synced) before the gateway is called, so a second insert fails.
 */
type Answer = Omit<Response, 't' | 'rid'>;

export const paymentApi = defineModel({
  name: 'payment-api',
  summary: "the shop's payment API: forwards charge requests to the gateway, with optional dedupe (idempotency key or unique constraint)",
  params: z.strictObject({
    gateway: nodeId.default('pg'),
    dedupe: z.enum(['none', 'idempotency-key', 'unique-constraint']).default('none'),
  }),
  nodeRefs: (p) => [{ path: ['gateway'], node: p.gateway }],
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    const idempotency = new IdempotencyStore<Answer>(ctx.disk);

    const forward = (req: Request, onAnswer: (a: Answer) => void) =>
      rpc.call(p.gateway, 'charge', req.key, req.value, (res) => onAnswer({ ok: res.ok, value: res.value, ...(res.error ? { error: res.error } : {}) }));

    const handlers: Record<typeof p.dedupe, (from: string, req: Request) => void> = {
      none: (from, req) => forward(req, (a) => reply(ctx, from, req, a)),
      'idempotency-key': (from, req) => {
        const d = idempotency.begin(req.key);
        if (d.kind === 'replay') return reply(ctx, from, req, d.outcome);
        if (d.kind !== 'execute') return reply(ctx, from, req, { ok: false, error: 'conflict: this payment is in progress', retryable: true, inDoubt: true });
        forward(req, (a) => {
          idempotency.complete(req.key, a);
          reply(ctx, from, req, a);
        });
      },
      'unique-constraint': (from, req) => {
        const row = ctx.disk.read<{ status: 'pending' | 'charged'; answer?: Answer }>(`payments/${req.key}`);
        if (row?.status === 'charged') return reply(ctx, from, req, row.answer!);
        if (row?.status === 'pending') return reply(ctx, from, req, { ok: false, error: 'duplicate key: payment pending', retryable: true, inDoubt: true });
        ctx.disk.write(`payments/${req.key}`, { status: 'pending' });
        ctx.disk.fsync();
        forward(req, (a) => {
          ctx.disk.write(`payments/${req.key}`, { status: 'charged', answer: a });
          ctx.disk.fsync();
          reply(ctx, from, req, a);
        });
      },
    };

    return {
      onMessage(from, msg) {
        if (rpc.handle(msg) || !isRequest(msg)) return;
        if (msg.f !== 'charge') return reply(ctx, from, msg, { ok: false, error: `unknown operation '${msg.f}'` });
        handlers[p.dedupe](from, msg);
      },
    };
  },
});
