import { describe, expect, it } from 'vitest';
import type { Effect } from '../../sim/index.js';
import { loadBundled, runsOf } from './bundled.js';

/** The violations are the database's own record of lock waits and commits, not a flag. */
const wait = (e: Effect) => e.value as { tx: string; waitedUs: number; outcome: string };
const BOUND = 500_000;

describe('batch-lock-contention', () => {
  const scenario = loadBundled('batch-lock-contention.yaml');
  const run = runsOf(scenario);

  it('naive: orders wait for the stock rows until the batch commits them all at once, and the queue fills', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('naive', seed);
      // The batch's commit: one write to each of the 20 stock rows, all at the same moment, 3 s after it began.
      const batchWrites = r.effects.filter((e) => e.kind === 'write' && e.time > 5_900_000 && e.time < 6_200_000);
      const commit = Math.min(...batchWrites.map((e) => e.time));
      expect(new Set(batchWrites.filter((e) => e.time === commit).map((e) => e.key)).size).toBe(20);
      const long = r.effects.filter((e) => e.kind === 'lock-wait' && wait(e).waitedUs > BOUND);
      expect(long.length).toBeGreaterThan(0);
      for (const e of long) {
        expect(e.key).toMatch(/^item-\d+$/);
        expect(wait(e).outcome).toBe('granted');
        // every long wait ends when the batch commits (or behind an order that waited for it on the same row)
        expect(e.time).toBeGreaterThanOrEqual(commit);
        expect(e.time).toBeLessThan(commit + 100_000);
      }
      const check = r.checks.find((c) => c.name === 'lock-wait-bound')!;
      expect(check.ok).toBe(false);
      const first = Math.min(...long.map((e) => e.time - wait(e).waitedUs));
      expect(check.at).toBe(first + BOUND);
      expect(check.measured?.overBound).toBe(long.length);
      // Only 19 orders can wait on a lock (the batch holds the 20th connection); the rest queue for a connection.
      const queued = r.series.nodes.db!.queued!.values;
      expect(Math.max(...queued)).toBeGreaterThan(100);
      expect(r.stats.perOperation['place-order']!.latency.p99Us).toBeGreaterThan(2_000_000);
    }
  });

  it('chunked: a chunk holds one row for 50 ms, so no order waits longer than one chunk', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('chunked', seed);
      const waits = r.effects.filter((e) => e.kind === 'lock-wait').map((e) => wait(e).waitedUs);
      expect(waits.length).toBeGreaterThan(0);
      expect(Math.max(...waits)).toBeLessThan(60_000);
      expect(r.stats.perOperation['batch-chunk']!.ok).toBe(20);
    }
  });

  it('partitioned: the batch writes only ledger rows, and no order ever waits on one', () => {
    const r = run('partitioned');
    const batchWrites = r.effects.filter((e) => e.kind === 'write' && e.key.startsWith('ledger-'));
    expect(new Set(batchWrites.map((e) => e.key)).size).toBe(20);
    expect(r.effects.filter((e) => e.kind === 'lock-wait').every((e) => e.key.startsWith('item-'))).toBe(true);
    expect(Math.max(...r.effects.filter((e) => e.kind === 'lock-wait').map((e) => wait(e).waitedUs))).toBeLessThan(20_000);
  });

  it('off-peak: the same 3 s batch on the same rows, after the last order', () => {
    const r = run('off-peak');
    const lastOrder = Math.max(...r.history.filter((h) => h.f === 'place-order').map((h) => h.time));
    const batchCommit = Math.max(...r.effects.filter((e) => e.kind === 'write' && e.key === 'item-0').map((e) => e.time));
    expect(batchCommit - lastOrder).toBeGreaterThan(3_000_000);
    expect(r.effects.filter((e) => e.kind === 'lock-wait' && e.time > lastOrder)).toEqual([]);
  });
});
