import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../sim/index.js';
import { loadBundled, runsOf } from './bundled.js';

/** The bottleneck and the recovery, read from the nodes' own series and the clients' history. */
const S = 1_000_000;
const pages = (r: ScenarioRun) => r.history.filter((h) => h.f === 'product' && h.type !== 'invoke');
const series = (r: ScenarioRun, node: string, metric: string) => r.series.nodes[node]![metric]!.values;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('overload-spike', () => {
  const scenario = loadBundled('overload-spike.yaml');
  const run = runsOf(scenario);

  it('naive: the database query saturates during the spike, and the backlog outlasts it', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('naive', seed);
      // All 4 connections busy from the spike to the end; the pages queue at the api.
      expect(
        series(r, 'db', 'connections')
          .slice(4, 13)
          .every((c) => c > 3.9),
      ).toBe(true);
      expect(Math.max(...series(r, 'api', 'queued'))).toBeGreaterThan(500);
      // Pages time out during the spike and still after it: nothing invoked after 9 s is served.
      const after = pages(r).filter((h) => h.time >= 10 * S && h.time < 13 * S);
      expect(after.length).toBeGreaterThan(100);
      expect(after.filter((h) => h.type === 'ok')).toEqual([]);
      expect(
        pages(r)
          .filter((h) => h.type !== 'ok')
          .every((h) => h.note === 'timed out'),
      ).toBe(true);
    }
  });

  it('replica-cache: the cache answers nearly every page, and the databases see a trickle', () => {
    const r = run('replica-cache');
    expect(pages(r).every((h) => h.type === 'ok')).toBe(true);
    const hits = sum(series(r, 'cache', 'hits'));
    const misses = sum(series(r, 'cache', 'misses'));
    expect(hits / (hits + misses)).toBeGreaterThan(0.9);
    expect(Math.max(...series(r, 'db', 'connections'))).toBeLessThan(2);
  });

  it('autoscaler: connections arrive 3 s after the spike began, and pages fail until they do', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('autoscaler', seed);
      const scales = r.effects.filter((e) => e.kind === 'scale' && e.key === 'db');
      expect(scales.length).toBeGreaterThan(0);
      const first = scales[0]!;
      expect(first.time).toBeGreaterThanOrEqual(5 * S); // a look past the threshold, then 2 s to provision
      expect((first.value as { from: number; to: number }).from).toBe(4);
      const failed = pages(r).filter((h) => h.type !== 'ok');
      expect(failed.length).toBeGreaterThan(100);
      // The last failure is within a timeout (and a draining backlog) of the new connections.
      expect(Math.max(...failed.map((h) => h.time))).toBeLessThan(first.time + 2 * S);
    }
  });

  it('load-shedding: the refused pages are answered 503 at once, during the spike only; the served stay fast', () => {
    const r = run('load-shedding');
    const refused = pages(r).filter((h) => h.type !== 'ok');
    expect(refused.length).toBeGreaterThan(500);
    expect(refused.every((h) => h.note?.startsWith('503 queue full'))).toBe(true);
    expect(refused.every((h) => h.time >= 3 * S && h.time < 8.5 * S)).toBe(true);
    expect(r.stats.perOperation.product!.latency!.p99Us).toBeLessThan(250_000);
  });
});
