import { describe, expect, it } from 'vitest';
import { checkoutService } from '../../sim/models/checkout-service.js';
import { paymentGateway } from '../../sim/models/payment-gateway.js';
import { RpcClient, type Response } from '../../sim/models/rpc.js';
import { networkSchema, World, type Model } from '../../sim/index.js';

interface Call {
  at: number;
  f: string;
  key: string;
}
interface Answered extends Call {
  doneUs: number;
  res: Response;
}

/** Sends each call to `checkout` at its time and logs the answer with the time it came back. */
const probe =
  (calls: Call[], log: Answered[]): Model =>
  (ctx) => {
    const rpc = new RpcClient(ctx);
    return {
      onStart: () =>
        calls.forEach((c) => ctx.after(c.at, () => rpc.call('checkout', c.f, c.key, 42, (res) => log.push({ ...c, doneUs: ctx.monotonic(), res })))),
      onMessage: (_from, msg) => void rpc.handle(msg),
    };
  };

/** One checkout worker, a gateway 1 s away (100 ms processing), everything else 1 ms apart. */
function run(params: Record<string, unknown>, calls: Call[]) {
  const log: Answered[] = [];
  const nodes = ['checkout', 'pg', 'shopper'];
  const world = new World({
    seed: 1,
    nodes: [
      {
        id: 'checkout',
        model: checkoutService.create(
          checkoutService.params.parse({ pool: { type: 'load-shedding', maxInFlight: 1 }, work: { dist: 'constant', value: '5ms' }, ...params }),
          { nodes },
        ),
      },
      { id: 'pg', model: paymentGateway.create(paymentGateway.params.parse({}), { nodes }) },
      { id: 'shopper', model: probe(calls, log) },
    ],
    network: networkSchema.parse({
      default: { latency: { dist: 'constant', value: '1ms' } },
      links: [{ from: 'checkout', to: 'pg', latency: { dist: 'constant', value: '1s' } }],
    }),
    faults: [],
  });
  const r = world.run({ untilUs: 5_000_000 });
  const answer = (key: string) => log.find((l) => l.key === key)!;
  return { ...r, log, answer, charges: r.effects.filter((e) => e.kind === 'charge') };
}

const chargeThenCart: Call[] = [
  { at: 0, f: 'charge', key: 'order-1' },
  { at: 10_000, f: 'cart', key: 'cart-1' },
];
const timeout = { type: 'timeout', timeout: '200ms' };

describe('checkout-service', () => {
  it('sync, shared pool: a charge holds the only worker while the gateway works, so the cart waits for it', () => {
    const r = run({}, chargeThenCart);
    expect(r.answer('order-1')).toMatchObject({ doneUs: 1_108_000, res: { ok: true } });
    expect(r.answer('cart-1').doneUs).toBeGreaterThan(1_100_000);
  });

  it('with a payment pool (bulkhead) the charge gives its worker back and the cart is served at once', () => {
    const r = run({ paymentPool: { type: 'bulkhead', maxConcurrentCalls: 1 } }, chargeThenCart);
    expect(r.answer('cart-1').doneUs).toBe(17_000);
    expect(r.answer('order-1').res.ok).toBe(true);
  });

  it('the payment pool refuses what does not fit, with a 503', () => {
    const r = run({ paymentPool: { type: 'bulkhead', maxConcurrentCalls: 1 } }, [
      { at: 0, f: 'charge', key: 'order-1' },
      { at: 10_000, f: 'charge', key: 'order-2' },
    ]);
    expect(r.answer('order-2').res).toMatchObject({ ok: false, error: '503 payments unavailable (bulkhead)' });
    expect(r.charges.map((c) => c.key)).toEqual(['order-1']);
  });

  it('a gateway timeout answers "payment failed", though the gateway goes on to charge', () => {
    const r = run({ gatewayTimeout: timeout }, [{ at: 0, f: 'charge', key: 'order-1' }]);
    expect(r.answer('order-1')).toMatchObject({ doneUs: 207_000, res: { ok: false, error: '502 payment failed: the gateway did not answer in time' } });
    expect(r.charges).toMatchObject([{ key: 'order-1', time: 1_106_000 }]);
  });

  it('a fallback answers in its place', () => {
    const r = run({ gatewayTimeout: timeout, fallback: { type: 'fallback', value: { status: 'pending' } } }, [{ at: 0, f: 'charge', key: 'order-1' }]);
    expect(r.answer('order-1').res).toMatchObject({ ok: true, value: { status: 'pending' } });
  });

  it('async: answers "pending" at once, settles in the background, and a retry of the order is not charged again', () => {
    const r = run({ settle: 'async', gatewayTimeout: timeout }, [
      { at: 0, f: 'charge', key: 'order-1' },
      { at: 300_000, f: 'charge', key: 'order-1' },
      { at: 2_000_000, f: 'charge', key: 'order-1' },
    ]);
    expect(r.log.map((l) => [l.doneUs, l.res.value])).toEqual([
      [7_000, { status: 'pending' }],
      [307_000, { status: 'pending' }],
      [2_007_000, { status: 'charged' }],
    ]);
    // The 200 ms timeout fired: the charge was in doubt, and was not resent.
    expect(r.charges).toHaveLength(1);
    expect(r.nodes.checkout!.disk['payments/order-1']).toEqual({ status: 'charged', value: 42 });
  });

  it('async with a fallback: tries the gateway inline, and answers "pending" only when that fails', () => {
    const pending = { type: 'fallback', value: { status: 'pending' } };
    const fast = run({ settle: 'async', gatewayTimeout: { type: 'timeout', timeout: '2s' }, fallback: pending }, [{ at: 0, f: 'charge', key: 'order-1' }]);
    expect(fast.answer('order-1').res).toMatchObject({ ok: true, value: { chargeId: 'ch_pg_1' } });
    const slow = run({ settle: 'async', gatewayTimeout: timeout, fallback: pending }, [{ at: 0, f: 'charge', key: 'order-1' }]);
    expect(slow.answer('order-1')).toMatchObject({ doneUs: 207_000, res: { ok: true, value: { status: 'pending' } } });
    expect(slow.charges).toHaveLength(1);
    expect(slow.nodes.checkout!.disk['payments/order-1']).toEqual({ status: 'charged', value: 42 });
  });

  it('async: a payment the breaker refuses stays stored and is charged once the breaker lets calls through', () => {
    const breaker = {
      type: 'circuit-breaker',
      slidingWindowSize: 1,
      minimumNumberOfCalls: 1,
      waitDurationInOpenState: '1s',
      permittedNumberOfCallsInHalfOpenState: 1,
    };
    const r = run({ settle: 'async', gatewayTimeout: timeout, gatewayBreaker: breaker }, [
      { at: 0, f: 'charge', key: 'order-1' },
      { at: 300_000, f: 'charge', key: 'order-2' },
    ]);
    // order-1 times out at 205 ms and opens the breaker; order-2 waits until it half-opens at ~1.2 s.
    expect(r.charges.map((c) => c.key)).toEqual(['order-1', 'order-2']);
    expect(r.charges[1]!.time).toBeGreaterThan(2_200_000);
  });
});
