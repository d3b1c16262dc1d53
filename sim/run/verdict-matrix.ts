import type { Micros } from '../kernel/time.js';
import type { HistoryEntry } from '../world/history.js';
import type { LatencySummary, ScenarioRun } from './result.js';
import { summarize } from '../stats/percentiles.js';
import { type CellStatus, cellStatus } from './cell.js';
import { pairOps } from '../checks/common.js';
import { own } from '../units/record.js';

/**
 * `compare`'s aggregation: runs of every variant on the same seeds folded into a matrix of
 * variant × check, with pass/fail counts, the first failing seed of each cell and whether the
 * cell matches the variant's `expect`. Pure data in, data out; reports render it.
 *
 * What `expect` means over many seeds: `pass` holds when the check passed on every seed; `fail`
 * holds when it failed on at least one (a naive variant demonstrates its bug, even if some seeds
 * are lucky).
 */

export type Expectations = Record<string, Record<string, Record<string, 'pass' | 'fail'>>>;

/** `ok`: as expected (or no expectation and every seed passed); `unexpected`: differs from `expect`; `failed`: no expectation and some seed failed. */
export type { CellStatus } from './cell.js';

export interface MatrixCell {
  check: string;
  kind: 'safety' | 'liveness';
  passed: number;
  failed: number;
  /** Smallest seed on which the check failed (its replay line is `faultline run … --seed N`). */
  firstFailingSeed?: number;
  /** The first failure's detail, for the report. */
  firstFailureDetail?: string;
  expected?: 'pass' | 'fail';
  status: CellStatus;
}

export interface VariantRow {
  variant: string;
  runs: number;
  /** Seeds on which every check passed. */
  seedsPassed: number;
  cells: MatrixCell[];
  /** Over ok requests of every seed pooled. */
  latency: LatencySummary;
  requests: number;
  ok: number;
  failed: number;
  unknown: number;
}

export interface ScenarioMatrix {
  scenario: string;
  /** Every check any run reported, in first-seen order (a run may add `event-budget`). */
  checks: { name: string; kind: 'safety' | 'liveness' }[];
  variants: VariantRow[];
}

export interface CompareMatrix {
  seeds: number[];
  scenarios: ScenarioMatrix[];
  /** True when every cell's status is `ok`: `compare`'s exit code 0. */
  asExpected: boolean;
}

export function compareRuns(runs: readonly ScenarioRun[], expectations: Expectations = {}): CompareMatrix {
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const byScenario = groupBy(runs, (r) => r.scenario);
  const scenarios = [...byScenario].map(([scenario, sRuns]) => scenarioMatrix(scenario, sRuns, own(expectations, scenario) ?? {}));
  return { seeds, scenarios, asExpected: scenarios.every((s) => s.variants.every((v) => v.cells.every((c) => c.status === 'ok'))) };
}

function scenarioMatrix(scenario: string, runs: ScenarioRun[], expect: Record<string, Record<string, 'pass' | 'fail'>>): ScenarioMatrix {
  const checks = new Map<string, 'safety' | 'liveness'>();
  for (const r of runs) for (const c of r.checks) if (!checks.has(c.name)) checks.set(c.name, c.kind);
  const variants = [...groupBy(runs, (r) => r.variant)].map(([variant, vRuns]) => variantRow(variant, vRuns, checks, own(expect, variant) ?? {}));
  return { scenario, checks: [...checks].map(([name, kind]) => ({ name, kind })), variants };
}

function variantRow(variant: string, runs: ScenarioRun[], checks: Map<string, 'safety' | 'liveness'>, expect: Record<string, 'pass' | 'fail'>): VariantRow {
  const sorted = runs.slice().sort((a, b) => a.seed - b.seed);
  const cells = [...checks].map(([check, kind]): MatrixCell => {
    const cell: MatrixCell = { check, kind, passed: 0, failed: 0, status: 'ok' };
    for (const r of sorted) {
      const v = r.checks.find((c) => c.name === check);
      if (v === undefined || v.ok) {
        cell.passed++;
        continue;
      }
      cell.failed++;
      if (cell.firstFailingSeed === undefined) {
        cell.firstFailingSeed = r.seed;
        cell.firstFailureDetail = v.detail;
      }
    }
    const expected = own(expect, check);
    if (expected !== undefined) cell.expected = expected;
    cell.status = cellStatus(expected, cell.failed);
    return cell;
  });
  const latencies: Micros[] = [];
  let requests = 0,
    ok = 0,
    failed = 0,
    unknown = 0;
  for (const r of sorted) {
    latencies.push(...okLatencies(r.history));
    requests += r.stats.requests;
    ok += r.stats.ok;
    failed += r.stats.failed;
    unknown += r.stats.unknown;
  }
  return {
    variant,
    runs: sorted.length,
    seedsPassed: sorted.filter((r) => r.verdict === 'pass').length,
    cells,
    latency: summarize(latencies),
    requests,
    ok,
    failed,
    unknown,
  };
}

/** Invoke-to-ok times of one history (the run's own summary keeps only percentiles, which do not pool). */
/** Invoke-to-ok latencies, from the pairing every check uses (a repeated completion counts once). */
function okLatencies(history: readonly HistoryEntry[]): Micros[] {
  return pairOps(history)
    .filter((o) => o.outcome === 'ok')
    .map((o) => o.doneUs! - o.invokeUs);
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
