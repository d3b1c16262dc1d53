import { z } from 'zod';
import { Deque } from '../kernel/deque.js';
import { ms } from '../kernel/time.js';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { bulkheadSchema } from '../strategies/bulkhead.js';
import type { Call, Outcome } from '../strategies/call.js';
import { circuitBreakerSchema } from '../strategies/circuit-breaker.js';
import { envFromContext } from '../strategies/env.js';
import { fallbackPolicy, fallbackSchema } from '../strategies/fallback.js';
import { buildStack } from '../strategies/registry.js';
import { timeoutSchema } from '../strategies/timeout.js';
import type { NodeContext } from '../world/model.js';
import type { Request, Response, RpcClient } from './rpc.js';

/** How the checkout service pays: each field is a recovery strategy on the call to the gateway. */
export const paymentFields = {
  gateway: nodeId.default('pg'),
  /** Bulkhead: payments get their own bounded pool instead of holding the shared workers. */
  paymentPool: bulkheadSchema.optional(),
  /** Circuit breaker on the gateway: stop calling it while most calls fail or time out. */
  gatewayBreaker: circuitBreakerSchema.optional(),
  /** Timeout on one gateway call. */
  gatewayTimeout: timeoutSchema.optional(),
  /** Answer to give the customer when the synchronous gateway call fails ("payment pending"). */
  fallback: fallbackSchema.optional(),
  /**
   * `sync`: the customer waits for the gateway. `async`: the payment is stored durably first and
   * answered "pending" at once (with a `fallback`: tried inline, "pending" if that fails); a
   * settler charges the stored payments in the background.
   */
  settle: z.enum(['sync', 'async']).default('sync'),
  /** How often the settler retries payments the breaker or bulkhead refused. */
  settleEvery: positiveDuration.default(ms(250)),
};
const paymentObject = z.strictObject(paymentFields);
export type PaymentConfig = z.output<typeof paymentObject>;

type Answer = Omit<Response, 't' | 'rid'>;
type Row = { status: 'pending' | 'charged' | 'declined'; value?: unknown };

/**
 * The payment side of the checkout service. The gateway call path is [bulkhead, breaker,
 * timeout] (those configured), built from the strategy library. `sync` pays while the customer
 * waits; `queued` stores the payment durably and a settler charges what is still pending. A
 * timed-out gateway call is in doubt: the gateway may still charge, so the settler never resends
 * it (that could charge twice) but waits for its late answer; in production a reconciler would
 * ask the gateway. (After a crash the in-doubt set is lost and those payments are resent.)
 */
export function paymentPath(ctx: NodeContext, rpc: RpcClient, p: PaymentConfig) {
  const layers = [p.paymentPool, p.gatewayBreaker, p.gatewayTimeout].flatMap((c) => (c === undefined ? [] : [c]));
  const viaGateway = buildStack(layers, envFromContext(ctx));
  const withFallback = p.fallback === undefined ? viaGateway : (c: Call<unknown>) => fallbackPolicy(p.fallback!)(viaGateway(c));
  const gatewayCall =
    (key: string, value: unknown, onAnswer: (res: Response) => void): Call<unknown> =>
    (done) =>
      rpc.call(p.gateway, 'charge', key, value, (res) => {
        onAnswer(res);
        done(res.ok ? { kind: 'ok', value: res.value } : { kind: 'error', error: res.error ?? 'declined', retryable: false });
      });

  // The settler's state: payments waiting (volatile, rebuilt from disk) and payments in doubt.
  let waiting = new Deque<string>();
  const inDoubt = new Set<string>();
  const rowKey = (key: string) => `payments/${key}`;
  const store = (key: string, row: Row) => {
    ctx.disk.write(rowKey(key), row);
    ctx.disk.fsync();
  };

  /** One attempt to charge a stored payment, with the settler's bookkeeping before `done`. */
  const attempt =
    (key: string): Call<unknown> =>
    (done) => {
      const value = ctx.disk.read<Row>(rowKey(key))?.value;
      const call = gatewayCall(key, value, (res) => {
        if (res.ok) store(key, { status: 'charged', value });
        inDoubt.delete(key);
      });
      viaGateway(call)((o: Outcome) => {
        if (o.kind === 'rejected')
          waiting.pushFront(key); // breaker open or pool full: stays queued
        else if (o.kind === 'timeout') {
          inDoubt.add(key);
          ctx.note(`payment ${key} is in doubt: waiting for the gateway's late answer, not resending`);
        } else if (o.kind === 'error') store(key, { status: 'declined', value });
        done(o);
      });
    };
  const settleRound = () => {
    for (let n = waiting.length; n > 0; n--) {
      let refused = false;
      attempt(waiting.popFront()!)((o) => (refused = o.kind === 'rejected'));
      if (refused) break; // the rest would be refused too: next round
    }
  };
  const tick = () => {
    settleRound();
    ctx.after(p.settleEvery, tick);
  };

  const sync = (req: Request, answer: (a: Answer) => void) => withFallback(gatewayCall(req.key, req.value, () => undefined))((o) => answer(toAnswer(o)));

  /**
   * Stores the payment durably first. Without a fallback it answers "pending" at once and the
   * settler charges it; with one it tries the gateway inline, and answers the fallback when that
   * fails: true now, since the stored payment will be settled. A retry of the same order is
   * answered from its row.
   */
  const queued = (req: Request, answer: (a: Answer) => void) => {
    const row = ctx.disk.read<Row>(rowKey(req.key));
    if (row !== undefined) return answer({ ok: row.status !== 'declined', value: { status: row.status } });
    store(req.key, { status: 'pending', value: req.value });
    if (p.fallback !== undefined) return fallbackPolicy(p.fallback)(attempt(req.key))((o) => answer(toAnswer(o)));
    waiting.pushBack(req.key);
    settleRound();
    answer({ ok: true, value: { status: 'pending' } });
  };

  return {
    /** Pays for `req` as `settle` says; `answer` gets the customer's answer (maybe at once). */
    pay: p.settle === 'sync' ? sync : queued,
    /** Boot: the settler resumes every payment still pending on disk. */
    start(): void {
      if (p.settle !== 'async') return;
      waiting = new Deque<string>();
      for (const k of ctx.disk.keys('payments/')) if (ctx.disk.read<Row>(k)?.status === 'pending') waiting.pushBack(k.slice('payments/'.length));
      ctx.after(p.settleEvery, tick);
    },
    inspect: () => ({ waiting: waiting.length, inDoubt: inDoubt.size }),
  };
}

function toAnswer(o: Outcome): Answer {
  switch (o.kind) {
    case 'ok':
      return { ok: true, value: o.value };
    case 'error':
      return { ok: false, error: `402 payment declined: ${o.error}` };
    case 'timeout':
      return { ok: false, error: '502 payment failed: the gateway did not answer in time' };
    case 'rejected':
      return { ok: false, error: `503 payments unavailable (${o.by})` };
  }
}
