import { describe, expect, it } from 'vitest';
import { ArrayTraceSink, type Effect, type HistoryEntry } from '../../sim/index.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadBundled, runsOf } from './bundled.js';

const S = 1_000_000;

/** Invoke-to-completion latency of `f` ops invoked in [fromUs, toUs); an unanswered op counts as Infinity. */
function latencies(history: readonly HistoryEntry[], f: string, fromUs: number, toUs: number): number[] {
  const done = new Map(history.filter((h) => h.type === 'ok').map((h) => [h.op, h.time]));
  return history
    .filter((h) => h.type === 'invoke' && h.f === f && h.time >= fromUs && h.time < toUs)
    .map((h) => (done.get(h.op) ?? Infinity) - h.time)
    .sort((a, b) => a - b);
}
const p99 = (xs: number[]) => xs[Math.ceil(0.99 * xs.length) - 1]!;
const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;

/** Charge ops completed `fail` whose order the gateway did charge: the customer was told it failed. */
function chargedButFailed(history: readonly HistoryEntry[], effects: readonly Effect[]): string[] {
  const charged = new Set(effects.filter((e) => e.kind === 'charge').map((e) => e.key));
  return history.filter((h) => h.type === 'fail' && h.f === 'charge' && charged.has(h.key!)).map((h) => h.key!);
}

describe('pg-timeout-cascade', () => {
  const scenario = loadBundled('pg-timeout-cascade.yaml');
  const run = runsOf(scenario);

  it('naive: cart requests, which never touch the gateway, are fast before the incident and stall during it', () => {
    for (const seed of [1, 2]) {
      const r = run('naive', seed);
      expect(p99(latencies(r.history, 'cart', 0, 5 * S))).toBeLessThan(100_000);
      // From two seconds in, every worker is waiting on the gateway: most carts get no answer in time.
      const during = latencies(r.history, 'cart', 7 * S, 25 * S);
      expect(median(during)).toBeGreaterThan(1 * S);
    }
  });

  it('async-queue: the same cart requests stay fast during the incident', () => {
    for (const seed of [1, 2]) {
      const during = latencies(run('async-queue', seed).history, 'cart', 7 * S, 25 * S);
      expect(p99(during)).toBeLessThan(100_000);
    }
  });

  it('naive: shoppers retry timed-out payments and the gateway charges some orders more than once', () => {
    const r = run('naive');
    const perKey = new Map<string, number>();
    for (const e of r.effects.filter((x) => x.kind === 'charge')) perKey.set(e.key, (perKey.get(e.key) ?? 0) + 1);
    expect([...perKey.values()].some((n) => n > 1)).toBe(true);
  });

  it('timeout-breaker: customers are told "payment failed" for orders the gateway charges later', () => {
    const r = run('timeout-breaker');
    const lies = chargedButFailed(r.history, r.effects);
    expect(lies.length).toBeGreaterThan(0);
    const key = lies[0]!;
    const failedAt = r.history.find((h) => h.type === 'fail' && h.key === key)!.time;
    expect(r.effects.find((e) => e.kind === 'charge' && e.key === key)!.time).toBeGreaterThan(failedAt);
  });

  it('bulkhead-fallback: "payment pending" is answered for payments that never reach the gateway', () => {
    const sink = new ArrayTraceSink();
    const r = runScenario(scenario, { variant: 'bulkhead-fallback', seed: 1, trace: sink });
    expect(chargedButFailed(r.history, r.effects)).toEqual([]);
    const charged = new Set(r.effects.filter((e) => e.kind === 'charge').map((e) => e.key));
    const pendingNeverCharged = r.history.filter((h) => h.type === 'ok' && h.f === 'charge' && !charged.has(h.key!));
    expect(pendingNeverCharged.length).toBeGreaterThan(0);
    const sentToGateway = new Set(sink.events.flatMap((e) => (e.type === 'send' && e.to === 'pg' ? [(e.msg as { key: string }).key] : [])));
    expect(pendingNeverCharged.every((h) => !sentToGateway.has(h.key!))).toBe(true);
  });

  it('async-queue: every accepted payment is charged exactly once, those of the incident when the slow gateway answers', () => {
    for (const seed of [1, 2]) {
      const sink = new ArrayTraceSink();
      const r = runScenario(scenario, { variant: 'async-queue', seed, trace: sink });
      const charges = r.effects.filter((e) => e.kind === 'charge');
      const okKeys = r.history.filter((h) => h.type === 'ok' && h.f === 'charge').map((h) => h.key!);
      expect(new Set(charges.map((c) => c.key))).toEqual(new Set(okKeys));
      expect(charges).toHaveLength(new Set(okKeys).size);
      expect(chargedButFailed(r.history, r.effects)).toEqual([]);
      // Payments accepted mid-incident are charged by the settler ~10 s later: it waited for
      // the slow gateway (the queue's ack timeout outlasts it) instead of giving up on them.
      const invokedAt = new Map(r.history.filter((h) => h.type === 'invoke' && h.f === 'charge').map((h) => [h.key!, h.time]));
      const midIncident = charges.filter((c) => invokedAt.get(c.key)! >= 10 * S && invokedAt.get(c.key)! < 20 * S);
      expect(midIncident.length).toBeGreaterThan(50);
      expect(midIncident.every((c) => c.time - invokedAt.get(c.key)! >= 9.8 * S && (c.value as { requestedBy: string }).requestedBy === 'settler')).toBe(true);
      // Nothing is resent: no order is sent to the gateway twice, by anyone.
      const sends = sink.events.flatMap((e) => (e.type === 'send' && e.to === 'pg' ? [(e.msg as { key: string }).key] : []));
      expect(sends.length).toBe(new Set(sends).size);
    }
  });
});
