import type { Micros } from '../kernel/time.js';
import type { NodeId } from './ids.js';

/**
 * Per-node time series the models record (`ctx.metric`): counters summed per bucket (requests
 * served, attempts sent, errors) and gauges averaged over time per bucket (queue length, busy
 * workers), on true time. Reports plot them and controllers (a deployer, an autoscaler) read
 * them, as a monitoring system would. Buckets are `bucketUs` wide (one second unless the run is
 * long); a series is dense from time 0, so bucket i covers [i·bucketUs, (i+1)·bucketUs).
 */
export interface MetricSeries {
  kind: 'count' | 'gauge';
  /** One value per bucket: the sum (count) or the time-weighted mean (gauge). */
  values: number[];
}

export interface Metrics {
  bucketUs: Micros;
  /** node → metric name → series. */
  nodes: Record<NodeId, Record<string, MetricSeries>>;
}

/** At most this many buckets: a longer run gets wider buckets, so memory stays bounded. */
export const MAX_BUCKETS = 100_000;

class Counter {
  readonly values: number[] = [];
  add(bucket: number, n: number): void {
    while (this.values.length <= bucket) this.values.push(0);
    this.values[bucket]! += n;
  }
}

class Gauge {
  /** ∫ value dt per bucket, in value·µs. */
  readonly area: number[] = [];
  value = 0;
  since: Micros = 0;

  set(now: Micros, value: number, bucketUs: Micros): void {
    this.advance(now, bucketUs);
    this.value = value;
  }

  /** Integrates the current value from `since` to `now`. */
  advance(now: Micros, bucketUs: Micros): void {
    let t = this.since;
    while (t < now) {
      const b = Math.floor(t / bucketUs);
      const end = Math.min(now, (b + 1) * bucketUs);
      while (this.area.length <= b) this.area.push(0);
      this.area[b]! += this.value * (end - t);
      t = end;
    }
    this.since = now;
  }
}

export class MetricsRecorder {
  /** Per node (by index): metric name → its counter or gauge. */
  private readonly counters: Map<string, Counter>[];
  private readonly gauges: Map<string, Gauge>[];

  constructor(
    private readonly clock: { readonly now: Micros },
    private readonly ids: readonly NodeId[],
    readonly bucketUs: Micros,
  ) {
    this.counters = ids.map(() => new Map());
    this.gauges = ids.map(() => new Map());
  }

  count(node: number, name: string, n: number): void {
    const m = this.counters[node]!;
    let c = m.get(name);
    if (c === undefined) m.set(name, (c = new Counter()));
    c.add(Math.floor(this.clock.now / this.bucketUs), n);
  }

  gauge(node: number, name: string, value: number): void {
    const m = this.gauges[node]!;
    let g = m.get(name);
    if (g === undefined) m.set(name, (g = new Gauge()));
    g.set(this.clock.now, value, this.bucketUs);
  }

  /** Sets every gauge of the node to 0 from now (it crashed, or restarts on a new version). */
  zeroGauges(node: number): void {
    for (const g of this.gauges[node]!.values()) g.set(this.clock.now, 0, this.bucketUs);
  }

  /**
   * Over the last `windowUs` of true time (whole buckets, the current one included): a counter's
   * sum and its mean per bucket, or a gauge's time-weighted mean (and ∫ value dt as `sum`, in
   * value·µs). Undefined when the node never recorded the metric.
   */
  observe(node: number, name: string, windowUs: Micros): { sum: number; mean: number } | undefined {
    const now = this.clock.now;
    const last = Math.floor(now / this.bucketUs);
    const first = Math.max(0, last - Math.max(1, Math.ceil(windowUs / this.bucketUs)) + 1);
    const c = this.counters[node]?.get(name);
    if (c !== undefined) {
      let sum = 0;
      for (let b = first; b <= last; b++) sum += c.values[b] ?? 0;
      return { sum, mean: sum / (last - first + 1) };
    }
    const g = this.gauges[node]?.get(name);
    if (g === undefined) return undefined;
    g.advance(now, this.bucketUs);
    const spanUs = now - first * this.bucketUs;
    let area = 0;
    for (let b = first; b <= last; b++) area += g.area[b] ?? 0;
    return { sum: area, mean: spanUs > 0 ? area / spanUs : g.value };
  }

  /** Every series up to `endUs`, dense from 0 (a copy: the run may go on). */
  snapshot(endUs: Micros): Metrics {
    const buckets = Math.max(1, Math.ceil(endUs / this.bucketUs));
    const width = (b: number) => Math.max(1, Math.min(endUs, (b + 1) * this.bucketUs) - b * this.bucketUs);
    const nodes: Record<NodeId, Record<string, MetricSeries>> = {};
    this.ids.forEach((id, i) => {
      const counters = this.counters[i]!;
      const gauges = this.gauges[i]!;
      if (counters.size === 0 && gauges.size === 0) return;
      const m: Record<string, MetricSeries> = {};
      for (const [name, c] of counters) m[name] = { kind: 'count', values: Array.from({ length: buckets }, (_, b) => c.values[b] ?? 0) };
      for (const [name, g] of gauges) {
        g.advance(endUs, this.bucketUs);
        m[name] = { kind: 'gauge', values: Array.from({ length: buckets }, (_, b) => (g.area[b] ?? 0) / width(b)) };
      }
      nodes[id] = m;
    });
    return { bucketUs: this.bucketUs, nodes };
  }
}

/** Buckets of a second, wider for a run so long that a second each would pass MAX_BUCKETS. */
export function bucketFor(durationUs: Micros): Micros {
  const second = 1_000_000;
  return Math.max(second, Math.ceil(durationUs / MAX_BUCKETS / second) * second);
}
