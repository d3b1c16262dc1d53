import { RESULT_SCHEMA_VERSION } from '../../sim/run/result.js';
import type { SweepResult } from '../../sim/sweep/types.js';
import { fileIssue, InputError } from '../errors.js';
import { parseSeeds } from '../seeds.js';
import { regressionReproduce, sweepReproduce } from './reproduce.js';
import { formatSeedRanges } from '../../reports/format.js';

/**
 * The sweep's JSON report (docs/sweep.md#json): the sweep result with the scenario file, seeds in
 * `--seeds` syntax and a replay command on every listed failure. `faultline merge` reads it back,
 * so it holds everything a merge needs and nothing that depends on the worker count or timing.
 */
export interface SweepJson extends Omit<SweepResult, 'seeds'> {
  schemaVersion: number;
  kind: 'sweep';
  file: string;
  seeds: string;
  seedCount: number;
}

export function sweepToJson(r: SweepResult, file: string): SweepJson {
  const { scenario, seeds, ...rest } = r;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'sweep',
    file,
    scenario,
    seeds: formatSeedRanges(seeds),
    seedCount: seeds.length,
    ...rest,
    variants: r.variants.map((v) => ({
      ...v,
      checks: v.checks.map((c) => ({
        ...c,
        failures: c.failures.map((f) => ({ ...f, reproduce: sweepReproduce(file, v.variant, f.seed, r.swarm) })),
        ...(c.shrink ? { shrink: { ...c.shrink, reproduce: c.shrink.written ? regressionReproduce(c.shrink.written) : null } } : {}),
      })),
    })),
  };
}

/** A sweep JSON report read back (for merge), or exit 2 naming the file. */
export function sweepFromJson(text: string, file: string): { file: string; result: SweepResult } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError([fileIssue(file, `is not JSON: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  const j = data as Partial<SweepJson> | null;
  if (
    j === null ||
    typeof j !== 'object' ||
    j.kind !== 'sweep' ||
    !Array.isArray(j.variants) ||
    typeof j.seeds !== 'string' ||
    typeof j.scenario !== 'string'
  ) {
    throw new InputError([fileIssue(file, "is not a sweep report: expected the JSON that `faultline sweep --format json` writes (kind: 'sweep')")]);
  }
  if (j.schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new InputError([
      fileIssue(file, `is a sweep report of schema version ${String(j.schemaVersion)}; this faultline reads version ${RESULT_SCHEMA_VERSION}`),
    ]);
  }
  const shapeProblem = variantsProblem(j.variants);
  if (shapeProblem !== undefined) throw new InputError([fileIssue(file, `is not a whole sweep report: ${shapeProblem}`)]);
  const { schemaVersion: _v, kind: _k, file: scenarioFile, seeds, seedCount: _n, ...rest } = j as SweepJson;
  let parsed: number[];
  try {
    parsed = seeds === '' ? [] : parseSeeds(seeds);
  } catch (e) {
    throw new InputError([fileIssue(file, `seeds: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  return { file: scenarioFile, result: withoutReproduce({ ...rest, seeds: parsed }) };
}

/** The replay lines are derived data (sweepToJson adds them again): reading drops them, leaving the sweep result. */
function withoutReproduce(r: SweepResult): SweepResult {
  const drop = <T extends object>(x: T): T => {
    const { reproduce: _r, ...rest } = x as T & { reproduce?: unknown };
    return rest as T;
  };
  return {
    ...r,
    variants: r.variants.map((v) => ({
      ...v,
      checks: v.checks.map((c) => ({ ...c, failures: c.failures.map(drop), ...(c.shrink ? { shrink: drop(c.shrink) } : {}) })),
    })),
  };
}

/** What merge relies on in each variant, checked so a damaged file is bad input, not a crash. */
function variantsProblem(variants: unknown[]): string | undefined {
  for (const [i, v] of variants.entries()) {
    const x = v as { variant?: unknown; checks?: unknown; runs?: unknown } | null;
    if (x === null || typeof x !== 'object') return `variants[${i}]: expected an object`;
    if (typeof x.variant !== 'string') return `variants[${i}].variant: expected a variant name`;
    if (!Array.isArray(x.checks)) return `variants[${i}].checks: expected a list`;
    for (const [k, c] of x.checks.entries()) {
      const cc = c as { name?: unknown } | null;
      if (cc === null || typeof cc !== 'object' || typeof cc.name !== 'string') return `variants[${i}].checks[${k}]: expected a check with a name`;
    }
  }
  return undefined;
}
