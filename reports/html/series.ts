import type { Micros } from '../../sim/kernel/time.js';
import type { HistoryEntry } from '../../sim/world/history.js';
import type { Diagram } from './collect.js';
import { nearestRank } from '../../sim/stats/percentiles.js';

/**
 * The plots' data: per time bucket, messages sent and dropped, requests answered ok and not,
 * ok-latency percentiles, and requests in flight (invoked − completed); plus each node's
 * circuit-breaker state over time, read from the strategy's `circuit-breaker A -> B` notes; and
 * throughput, errors and latency per operation name.
 */
export interface Series {
  bucketUs: Micros;
  sent: number[];
  dropped: number[];
  ok: number[];
  /** fail + info (unknown) completions. */
  errors: number[];
  /** Nearest-rank, in µs, of ok requests completing in the bucket; null when none did. */
  p50: (Micros | null)[];
  p99: (Micros | null)[];
  /** At the end of each bucket. */
  inFlight: number[];
  breakers: { node: string; changes: { at: Micros; state: string }[] }[];
  /** The same per operation name (browse, cart, charge...), the first MAX_PLOT_OPS names invoked. */
  perOp: OpSeries[];
}

export interface OpSeries {
  f: string;
  ok: number[];
  errors: number[];
  p50: (Micros | null)[];
  p99: (Micros | null)[];
}

export const MAX_PLOT_OPS = 8;

export const MAX_PLOT_BUCKETS = 120;

export function buildSeries(d: Diagram, history: readonly HistoryEntry[], endUs: Micros): Series {
  // A whole multiple of the diagram's bucket, so message counts re-bin exactly.
  let factor = 1;
  while (Math.ceil(Math.max(endUs, 1) / (d.bucketUs * factor)) > MAX_PLOT_BUCKETS) factor *= 2;
  const bucketUs = d.bucketUs * factor;
  const n = Math.max(1, Math.ceil(Math.max(endUs, 1) / bucketUs));
  const zeros = () => new Array<number>(n).fill(0);
  const s: Series = {
    bucketUs,
    sent: rebin(d.sent, factor, n),
    dropped: rebin(d.dropped, factor, n),
    ok: zeros(),
    errors: zeros(),
    p50: [],
    p99: [],
    inFlight: zeros(),
    breakers: breakers(d),
    perOp: [],
  };
  const perOp = new Map<string, { s: OpSeries; latencies: Micros[][] }>();
  const opOf = new Map<number, string>();

  const bucket = (t: Micros) => Math.min(n - 1, Math.floor(t / bucketUs));
  const invokedAt = new Map<number, Micros>();
  const latencies: Micros[][] = Array.from({ length: n }, () => []);
  const delta = zeros();
  for (const h of history) {
    const b = bucket(h.time);
    if (h.type === 'invoke') {
      invokedAt.set(h.op, h.time);
      opOf.set(h.op, h.f);
      if (!perOp.has(h.f) && perOp.size < MAX_PLOT_OPS)
        perOp.set(h.f, { s: { f: h.f, ok: zeros(), errors: zeros(), p50: [], p99: [] }, latencies: Array.from({ length: n }, () => []) });
      delta[b]! += 1;
      continue;
    }
    delta[b]! -= 1;
    const f = opOf.get(h.op);
    const op = f === undefined ? undefined : perOp.get(f);
    opOf.delete(h.op);
    const t = invokedAt.get(h.op);
    invokedAt.delete(h.op);
    if (h.type === 'ok') {
      s.ok[b]! += 1;
      if (op !== undefined) op.s.ok[b]! += 1;
      if (t !== undefined) {
        latencies[b]!.push(h.time - t);
        if (op !== undefined) op.latencies[b]!.push(h.time - t);
      }
    } else {
      s.errors[b]! += 1;
      if (op !== undefined) op.s.errors[b]! += 1;
    }
  }
  for (const { s: o, latencies: ls } of perOp.values()) {
    for (const l of ls) {
      l.sort((a, b) => a - b);
      o.p50.push(nearestRank(l, 0.5) ?? null);
      o.p99.push(nearestRank(l, 0.99) ?? null);
    }
    s.perOp.push(o);
  }
  let open = 0;
  for (let i = 0; i < n; i++) {
    open += delta[i]!;
    s.inFlight[i] = open;
    const l = latencies[i]!.sort((a, b) => a - b);
    s.p50.push(nearestRank(l, 0.5) ?? null);
    s.p99.push(nearestRank(l, 0.99) ?? null);
  }
  return s;
}

function rebin(xs: readonly number[], factor: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  xs.forEach((x, i) => {
    const b = Math.floor(i / factor);
    if (b < n) out[b]! += x;
  });
  return out;
}

const BREAKER = /^circuit-breaker (\w+) -> (\w+)$/;

function breakers(d: Diagram): Series['breakers'] {
  const byNode = new Map<string, { at: Micros; state: string }[]>();
  for (const note of d.notes) {
    const m = BREAKER.exec(note.text);
    if (m === null) continue;
    const node = d.lanes[note.lane] ?? '?';
    const changes = byNode.get(node) ?? [];
    if (changes.length === 0) changes.push({ at: 0, state: m[1]! });
    changes.push({ at: note.at, state: m[2]! });
    byNode.set(node, changes);
  }
  return [...byNode].map(([node, changes]) => ({ node, changes }));
}
