import type { Micros } from '../kernel/time.js';

/**
 * Latency statistics shared by the run's statistics, the SLO check and the reports: nearest-rank
 * quantiles (an actual sample, never an interpolated one, as HdrHistogram reports them).
 */
export interface LatencySummary {
  count: number;
  p50Us: Micros;
  p99Us: Micros;
  maxUs: Micros;
  meanUs: Micros;
}

export function summarize(samples: Micros[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50Us: 0, p99Us: 0, maxUs: 0, meanUs: 0 };
  const xs = samples.slice().sort((a, b) => a - b);
  return {
    count: xs.length,
    p50Us: nearestRank(xs, 0.5)!,
    p99Us: nearestRank(xs, 0.99)!,
    maxUs: xs[xs.length - 1]!,
    meanUs: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length),
  };
}

/** The nearest-rank `q`-quantile (0 < q ≤ 1) of sorted samples; undefined when there are none. */
export function nearestRank<T>(sorted: readonly T[], q: number): T | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
