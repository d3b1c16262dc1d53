import type { CheckVerdict } from '../sim/checks/types.js';
import type { CompareMatrix, MatrixCell, ScenarioMatrix, VariantRow } from '../sim/run/verdict-matrix.js';
import { RESULT_SCHEMA_VERSION, type RunStats, type ScenarioRun } from '../sim/run/result.js';

/**
 * The JSON reports: documented in docs/json-report.md and versioned by RESULT_SCHEMA_VERSION.
 * Only these fields, in this order: history and effects stay out (they can be large; the trace
 * digest identifies the run, and `reproduce` replays it).
 */

export interface RunJson {
  schemaVersion: number;
  kind: 'run';
  scenario: string;
  variant: string;
  seed: number;
  verdict: 'pass' | 'fail';
  checks: CheckJson[];
  stats: RunStats;
  stopReason: ScenarioRun['stopReason'];
  endUs: number;
  events: number;
  /** What the world executed: faults' true starts and ends, node states, partitions (sim/world/timeline.ts). */
  timeline: ScenarioRun['timeline'];
  /** Per-bucket client outcomes and node metrics (offered, ok, failed, unknown; attempts, queue length...). */
  series: ScenarioRun['series'];
  traceDigest: string;
  reproduce: string;
}

export interface CheckJson {
  name: string;
  kind: 'safety' | 'liveness';
  ok: boolean;
  detail: string;
  /** Microseconds of virtual time; null when the check passed or names no moment. */
  at: number | null;
  ops: number[];
  measured: Record<string, number>;
}

export function runToJson(run: ScenarioRun, reproduce: string): RunJson {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'run',
    scenario: run.scenario,
    variant: run.variant,
    seed: run.seed,
    verdict: run.verdict,
    checks: run.checks.map(checkToJson),
    stats: run.stats,
    stopReason: run.stopReason,
    endUs: run.endUs,
    events: run.events,
    timeline: run.timeline,
    series: run.series,
    traceDigest: run.traceDigest,
    reproduce,
  };
}

function checkToJson(c: CheckVerdict): CheckJson {
  return { name: c.name, kind: c.kind, ok: c.ok, detail: c.detail, at: c.at ?? null, ops: c.ops ?? [], measured: c.measured ?? {} };
}

export interface CompareJson {
  schemaVersion: number;
  kind: 'compare';
  seeds: number[];
  asExpected: boolean;
  scenarios: (ScenarioMatrix & { file: string; variants: (VariantRow & { cells: (MatrixCell & { reproduce: string | null })[] })[] })[];
}

/** The matrix, with each scenario's file and each failing cell's replay command. */
export function compareToJson(
  m: CompareMatrix,
  fileOf: (scenario: string) => string,
  reproduce: (scenario: string, variant: string, seed: number) => string,
): CompareJson {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'compare',
    seeds: m.seeds,
    asExpected: m.asExpected,
    scenarios: m.scenarios.map((s) => ({
      ...s,
      file: fileOf(s.scenario),
      variants: s.variants.map((v) => ({
        ...v,
        cells: v.cells.map((c) => ({ ...c, reproduce: c.firstFailingSeed === undefined ? null : reproduce(s.scenario, v.variant, c.firstFailingSeed) })),
      })),
    })),
  };
}

export const renderJson = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
