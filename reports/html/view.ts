import type { Micros } from '../../sim/kernel/time.js';
import type { ScenarioRun } from '../../sim/run/result.js';
import { summarize } from '../beliefs.js';
import type { Diagram } from './collect.js';
import { buildSeries, type Series } from './series.js';

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
  /** [lane, index in run.effects, at, kind, key, summary] */
  effects: [number, number, Micros, string, string, string][];
  effectsTotal: number;
  violations: { check: string; kind: string; at: Micros | null; detail: string; ops: number[]; effects: number[] }[];
  narrative: { at: Micros; text: string }[];
  series: Series;
}

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
  for (const h of run.history) {
    if (h.type === 'invoke') {
      opsTotal++;
      // Past the limit only the blamed operations are still drawn: they are the point.
      if (ops.length >= limits.ops && !blamedOps.has(h.op)) continue;
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
    effects,
    effectsTotal: run.effects.length,
    violations: failed.map((c) => ({ check: c.name, kind: c.kind, at: c.at ?? null, detail: c.detail, ops: c.ops ?? [], effects: c.effects ?? [] })),
    narrative: run.narrative,
    series: buildSeries(diagram, run.history, run.endUs),
  };
}
