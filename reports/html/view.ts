import type { Micros } from '../../sim/kernel/time.js';
import type { ScenarioRun } from '../../sim/run/result.js';
import { summarize } from '../beliefs.js';
import type { Diagram } from './collect.js';
import { summed } from '../../sim/run/series.js';
import { buildSeries, MAX_PLOT_BUCKETS, type Series } from './series.js';

/**
 * Everything the page script draws for one run, embedded as JSON. Client operations and effects
 * come from the run (their indices are what check verdicts name); the rest from the trace.
 */
export interface RunView {
  id: string;
  endUs: Micros;
  diagram: Diagram;
  /** [lane, op, f, key, invokeAt, endAt or -1 (open), outcome] */
  ops: [number, number, string, string, Micros, Micros, 'ok' | 'fail' | 'info' | 'open'][];
  opsTotal: number;
  /** Invoke time of the first operation not kept in `ops` (past MAX_OPS; blamed ones are kept), or null. */
  opsCutAt: Micros | null;
  /** Every operation, kept or not, counted per client lane and bucket of invoke time by outcome: the density strip. */
  opStrip: OpStrip;
  /** [lane, index in run.effects, at, kind, key, summary] */
  effects: [number, number, Micros, string, string, string][];
  effectsTotal: number;
  violations: { check: string; kind: string; at: Micros | null; detail: string; ops: number[]; effects: number[] }[];
  narrative: { at: Micros; text: string }[];
  series: Series;
  /** Offered load, attempts, goodput and errors, and each service's queue and utilisation (run.series). */
  load: LoadView;
}

export interface LoadView {
  bucketUs: Micros;
  offered: number[];
  attempts: number[] | null;
  ok: number[];
  errors: number[];
  /** Nodes that record a `queued` or `utilisation` gauge (the building blocks do), at most MAX_LOAD_NODES. */
  nodes: { node: string; queued: number[] | null; utilisation: number[] | null }[];
}

export interface OpStrip {
  bucketUs: Micros;
  /** [lane, ok, fail, info (unknown), open (never answered)], each per bucket. */
  lanes: [number, number[], number[], number[], number[]][];
}

export const MAX_LOAD_NODES = 12;
export const MAX_STRIP_BUCKETS = 1_024;

export const MAX_OPS = 10_000;
export const MAX_EFFECTS = 10_000;

export function runView(id: string, run: ScenarioRun, diagram: Diagram, limits = { ops: MAX_OPS, effects: MAX_EFFECTS }): RunView {
  const lanes = diagram.lanes.slice();
  const lane = (node: string) => {
    const i = lanes.indexOf(node);
    return i >= 0 ? i : lanes.push(node) - 1;
  };
  const failed = run.checks.filter((c) => !c.ok);
  const blamedOps = new Set(failed.flatMap((c) => c.ops ?? []));
  const blamedEffects = new Set(failed.flatMap((c) => c.effects ?? []));

  const open = new Map<number, RunView['ops'][number]>();
  const ops: RunView['ops'] = [];
  let opsTotal = 0;
  let opsCutAt: Micros | null = null;
  for (const h of run.history) {
    if (h.type === 'invoke') {
      opsTotal++;
      // Past the limit only the blamed operations are still drawn: they are the point.
      if (ops.length >= limits.ops && !blamedOps.has(h.op)) {
        opsCutAt ??= h.time;
        continue;
      }
      const row: RunView['ops'][number] = [lane(h.process), h.op, h.f, h.key ?? '', h.time, -1, 'open'];
      ops.push(row);
      open.set(h.op, row);
    } else {
      const row = open.get(h.op);
      if (row === undefined) continue;
      row[5] = h.time;
      row[6] = h.type;
      open.delete(h.op);
    }
  }
  const effects: RunView['effects'] = [];
  run.effects.forEach((e, i) => {
    if (effects.length < limits.effects || blamedEffects.has(i)) effects.push([lane(e.node), i, e.time, e.kind, e.key, summarize(e.value)]);
  });

  return {
    id,
    endUs: run.endUs,
    diagram: { ...diagram, lanes },
    ops,
    opsTotal,
    opsCutAt,
    opStrip: opStrip(run, lane),
    effects,
    effectsTotal: run.effects.length,
    violations: failed.map((c) => ({ check: c.name, kind: c.kind, at: c.at ?? null, detail: c.detail, ops: c.ops ?? [], effects: c.effects ?? [] })),
    narrative: run.narrative,
    series: buildSeries(diagram, run.history, run.endUs),
    load: loadView(run),
  };
}

/** Every operation by client and invoke-time bucket, by how it ended; buckets double to stay within MAX_STRIP_BUCKETS. */
function opStrip(run: ScenarioRun, lane: (node: string) => number): OpStrip {
  let bucketUs: Micros = 1_000;
  while (Math.ceil(Math.max(run.endUs, 1) / bucketUs) > MAX_STRIP_BUCKETS) bucketUs *= 2;
  const byLane = new Map<number, OpStrip['lanes'][number]>();
  const invoked = new Map<number, { row: OpStrip['lanes'][number]; b: number }>();
  const add = (xs: number[], b: number) => {
    while (xs.length <= b) xs.push(0);
    xs[b]! += 1;
  };
  for (const h of run.history) {
    if (h.type === 'invoke') {
      const l = lane(h.process);
      let row = byLane.get(l);
      if (row === undefined) {
        row = [l, [], [], [], []];
        byLane.set(l, row);
      }
      invoked.set(h.op, { row, b: Math.floor(h.time / bucketUs) });
      continue;
    }
    const o = invoked.get(h.op);
    if (o === undefined) continue;
    invoked.delete(h.op);
    add(o.row[h.type === 'ok' ? 1 : h.type === 'fail' ? 2 : 3], o.b);
  }
  for (const { row, b } of invoked.values()) add(row[4], b);
  return { bucketUs, lanes: [...byLane.values()] };
}

/** run.series for the page: at most MAX_PLOT_BUCKETS buckets (sums of counts, means of gauges). */
function loadView(run: ScenarioRun): LoadView {
  const s = run.series;
  let factor = 1;
  while (Math.ceil(s.ops.offered.length / factor) > MAX_PLOT_BUCKETS) factor *= 2;
  const sum = (xs: readonly number[]) => rebinBy(xs, factor, (a, b) => a + b, 1);
  const mean = (xs: readonly number[]) => rebinBy(xs, factor, (a, b) => a + b, factor);
  const attempts = summed(s, 'attempts');
  const nodes: LoadView['nodes'] = [];
  for (const [node, m] of Object.entries(s.nodes)) {
    const q = Object.hasOwn(m, 'queued') ? m.queued : undefined;
    const u = Object.hasOwn(m, 'utilisation') ? m.utilisation : undefined;
    if ((q !== undefined || u !== undefined) && nodes.length < MAX_LOAD_NODES)
      nodes.push({ node, queued: q === undefined ? null : mean(q.values), utilisation: u === undefined ? null : mean(u.values) });
  }
  return {
    bucketUs: s.bucketUs * factor,
    offered: sum(s.ops.offered),
    attempts: attempts === undefined ? null : sum(attempts),
    ok: sum(s.ops.ok),
    errors: sum(s.ops.failed.map((f, i) => f + (s.ops.unknown[i] ?? 0))),
    nodes,
  };
}

function rebinBy(xs: readonly number[], factor: number, add: (a: number, b: number) => number, divide: number): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => {
    const b = Math.floor(i / factor);
    out[b] = add(out[b] ?? 0, x);
  });
  return out.map((v) => v / divide);
}
