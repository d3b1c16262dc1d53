import type { Micros } from '../kernel/time.js';
import type { HistoryEntry } from '../world/history.js';
import type { NetworkStats } from '../world/world.js';
import { summarize } from '../stats/percentiles.js';
import type { RunStats } from './result.js';
import { byCodeUnits } from '../kernel/string-order.js';
import { setOwn } from '../units/record.js';

/** Request counts and latency percentiles from the history (nearest-rank percentiles). */
export function computeStats(history: readonly HistoryEntry[], messages: NetworkStats): RunStats {
  const invoked = new Map<number, HistoryEntry>();
  const perOp = new Map<string, { requests: number; ok: number; failed: number; unknown: number; lat: Micros[] }>();
  const all = { requests: 0, ok: 0, failed: 0, unknown: 0, lat: [] as Micros[] };
  let fallbacks = 0;
  const bucket = (f: string) => {
    let b = perOp.get(f);
    if (!b) perOp.set(f, (b = { requests: 0, ok: 0, failed: 0, unknown: 0, lat: [] }));
    return b;
  };
  for (const e of history) {
    const b = bucket(e.f);
    if (e.type === 'invoke') {
      invoked.set(e.op, e);
      all.requests++;
      b.requests++;
      continue;
    }
    const inv = invoked.get(e.op);
    invoked.delete(e.op);
    if (e.type === 'ok') {
      all.ok++;
      b.ok++;
      if (e.note?.startsWith('fallback')) fallbacks++;
      if (inv) {
        all.lat.push(e.time - inv.time);
        b.lat.push(e.time - inv.time);
      }
    } else if (e.type === 'fail') {
      all.failed++;
      b.failed++;
    } else {
      all.unknown++;
      b.unknown++;
    }
  }
  // Still open at the end of the run: outcome unknown.
  for (const inv of invoked.values()) {
    all.unknown++;
    bucket(inv.f).unknown++;
  }
  const perOperation: RunStats['perOperation'] = {};
  for (const [f, b] of [...perOp].sort(([a], [c]) => byCodeUnits(a, c))) {
    setOwn(perOperation, f, { requests: b.requests, ok: b.ok, failed: b.failed, unknown: b.unknown, latency: summarize(b.lat) });
  }
  return { requests: all.requests, ok: all.ok, failed: all.failed, unknown: all.unknown, fallbacks, latency: summarize(all.lat), perOperation, messages };
}
