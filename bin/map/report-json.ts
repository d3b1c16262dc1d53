import { formatSeedRanges } from '../../reports/format.js';
import { RESULT_SCHEMA_VERSION } from '../../sim/run/result.js';
import type { FindResult, MapResult, PointValue } from '../../sim/sweep/map/types.js';
import { fileIssue, InputError } from '../errors.js';
import { reproduceCommand, shellQuote } from '../reproduce.js';
import { parseSeeds } from '../seeds.js';

/** The line that replays one run of a map point: `run` with the point's values as --param flags. */
export function mapReproduce(file: string, variant: string, seed: number, values: readonly PointValue[]): string {
  return [reproduceCommand(file, variant, seed), ...values.map((v) => `--param ${shellQuote(`${v.path}=${v.raw}`)}`)].join(' ');
}

/**
 * The map's JSON report (docs/map.md#json): the map result with the scenario file, seeds in
 * `--seeds` syntax and each point's --param flags. `faultline merge` reads it back.
 */
export interface MapJson extends Omit<MapResult, 'seeds'> {
  schemaVersion: number;
  kind: 'map';
  file: string;
  seeds: string;
  seedCount: number;
}

export function mapToJson(r: MapResult, file: string): MapJson & { points: (MapResult['points'][number] & { params: string })[] } {
  const { seeds, points, ...rest } = r;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: 'map',
    file,
    seeds: formatSeedRanges(seeds),
    seedCount: seeds.length,
    ...rest,
    points: points.map((p) => ({ ...p, params: p.values.map((v) => `--param ${shellQuote(`${v.path}=${v.raw}`)}`).join(' ') })),
  };
}

export function findToJson(r: FindResult, file: string) {
  const { seeds, kind: valueKind, ...rest } = r;
  return { schemaVersion: RESULT_SCHEMA_VERSION, kind: 'map-find' as const, file, seeds: formatSeedRanges(seeds), seedCount: seeds.length, valueKind, ...rest };
}

/** A map JSON report read back (for merge), or exit 2 naming the file. */
export function mapFromJson(data: unknown, file: string): { file: string; result: MapResult } {
  const j = data as Partial<MapJson> | null;
  if (j === null || typeof j !== 'object' || j.kind !== 'map' || !Array.isArray(j.points) || !Array.isArray(j.axes) || typeof j.seeds !== 'string')
    throw new InputError([fileIssue(file, "is not a map report: expected the JSON that `faultline map --format json` writes (kind: 'map')")]);
  if (j.schemaVersion !== RESULT_SCHEMA_VERSION)
    throw new InputError([
      fileIssue(file, `is a map report of schema version ${String(j.schemaVersion)}; this faultline reads version ${RESULT_SCHEMA_VERSION}`),
    ]);
  for (const [i, p] of j.points.entries()) {
    const cells = (p as { cells?: unknown } | null)?.cells;
    if (!Array.isArray(cells) || cells.some((c) => !Array.isArray((c as { runs?: unknown } | null)?.runs)))
      throw new InputError([fileIssue(file, `is not a whole map report: points[${i}] has no cells with runs`)]);
  }
  const { schemaVersion: _v, kind: _k, file: scenarioFile, seeds, seedCount: _n, ...rest } = j as MapJson;
  let parsed: number[];
  try {
    parsed = seeds === '' ? [] : parseSeeds(seeds);
  } catch (e) {
    throw new InputError([fileIssue(file, `seeds: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  const points = rest.points.map((p) => {
    const { params: _p, ...point } = p as typeof p & { params?: string };
    return point;
  });
  return { file: scenarioFile, result: { ...rest, points, seeds: parsed } };
}
