import { byCodeUnits } from '../kernel/string-order.js';
import type { Micros } from '../kernel/time.js';
import type { HistoryEntry } from '../world/history.js';
import type { Metrics, MetricSeries } from '../world/metrics.js';

/**
 * A run's per-bucket series, for reports: what clients offered and got (from the history), and
 * what every node recorded with ctx.metric (attempts, queue length, busy workers...). Enough to
 * read a collapse and a recovery without a trace.
 */
export interface RunSeries {
  bucketUs: Micros;
  /** Every client op: invoked (offered load), and completed ok, failed or unknown, per bucket. */
  ops: OpSeries;
  /** The same per operation name (`f`). */
  perOperation: Record<string, OpSeries>;
  /** node → metric → series (counters summed, gauges time-averaged). */
  nodes: Metrics['nodes'];
}

export interface OpSeries {
  offered: number[];
  ok: number[];
  failed: number[];
  unknown: number[];
}

export function runSeries(history: readonly HistoryEntry[], metrics: Metrics, endUs: Micros): RunSeries {
  const { bucketUs } = metrics;
  const n = Math.max(1, Math.ceil(endUs / bucketUs));
  const empty = (): OpSeries => ({ offered: new Array(n).fill(0), ok: new Array(n).fill(0), failed: new Array(n).fill(0), unknown: new Array(n).fill(0) });
  const ops = empty();
  const perOperation = new Map<string, OpSeries>();
  const fOf = new Map<number, string>();
  for (const e of history) {
    const b = Math.min(n - 1, Math.floor(e.time / bucketUs));
    const f = e.type === 'invoke' ? e.f : (fOf.get(e.op) ?? e.f);
    if (e.type === 'invoke') fOf.set(e.op, e.f);
    let per = perOperation.get(f);
    if (per === undefined) perOperation.set(f, (per = empty()));
    const field = e.type === 'invoke' ? 'offered' : e.type === 'ok' ? 'ok' : e.type === 'fail' ? 'failed' : 'unknown';
    ops[field][b]! += 1;
    per[field][b]! += 1;
  }
  const sorted = [...perOperation.keys()].sort(byCodeUnits);
  return { bucketUs, ops, perOperation: Object.fromEntries(sorted.map((f) => [f, perOperation.get(f)!])), nodes: metrics.nodes };
}

/** The sum over nodes of one counter (e.g. every client's `attempts`), per bucket; undefined when none has it. */
export function summed(series: RunSeries, metric: string): number[] | undefined {
  let out: number[] | undefined;
  for (const m of Object.values(series.nodes)) {
    const s: MetricSeries | undefined = Object.hasOwn(m, metric) ? m[metric] : undefined;
    if (s === undefined) continue;
    out ??= new Array(s.values.length).fill(0);
    s.values.forEach((v, i) => (out![i] = (out![i] ?? 0) + v));
  }
  return out;
}
