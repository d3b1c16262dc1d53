import { buildAxes, gridPoints, type ParamSpec, pointSchema, pointScenario, readSource } from '../../sim/sweep/map/build.js';
import { DEFAULT_MAP_LEVEL, mapChecks } from '../../sim/sweep/map/map.js';
import type { MapAxis, MapPoint, PointValue } from '../../sim/sweep/map/types.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import type { YamlSource } from '../../sim/scenario/yaml-source.js';
import { didYouMean } from '../../sim/scenario/did-you-mean.js';
import { fileIssue, InputError, UsageError } from '../errors.js';
import { type LoadedScenario, readText } from '../read-scenario.js';
import { loadScenario, pickVariant } from '../load.js';
import { parseSeeds } from '../seeds.js';

/** Bounds a map, as MAX_SEEDS bounds a sweep: a typo like `--seeds 1..100000` on 50 × 50 points should not run for a month. */
export const MAX_MAP_RUNS = 1_000_000;

/** A map's seeds unless --seeds or the `map` section say otherwise. */
export const DEFAULT_MAP_SEEDS = '1..20';

export interface MapFlags {
  file: string;
  param?: string[];
  seeds?: string;
  check?: string[];
  variant?: string[];
  level?: number;
}

/** What every form of `faultline map` needs: the loaded file, its raw data, and the seeds, variants, checks and level. */
export interface MapBase {
  file: string;
  loaded: LoadedScenario;
  source: YamlSource;
  schema: ReturnType<typeof pointSchema>;
  seeds: number[];
  variants: string[];
  checks: string[];
  level: number;
}

export async function mapBase(f: MapFlags): Promise<MapBase> {
  const loaded = await loadScenario(f.file);
  const scenario = loaded.scenario;
  const text = readText(f.file);
  if (typeof text !== 'string') throw new InputError([text]);
  const source = readSource(text, f.file);
  if (!source.ok) throw new InputError(source.issues);
  const section = scenario.map;
  const seeds = parseSeeds(f.seeds ?? section?.seeds ?? DEFAULT_MAP_SEEDS);
  const variantNames = f.variant?.length ? f.variant : (section?.variants ?? Object.keys(scenario.variants));
  const variants = [...new Set(variantNames.map((v) => pickVariant(scenario, f.file, v)))];
  const checks = mapChecks(scenario, f.check?.length ? f.check : section?.checks);
  if (!checks.ok) {
    const hint = didYouMean(checks.name, checks.known);
    throw new InputError([
      {
        file: f.file,
        path: f.check?.length ? ['checks'] : ['map', 'checks'],
        ...source.value.locate(f.check?.length ? ['checks'] : ['map', 'checks']),
        message: `${f.check?.length ? '--check' : 'map.checks'}: no check named '${checks.name}'${hint ? `; did you mean '${hint}'?` : ''} (checks: ${checks.known.join(', ')})`,
      },
    ]);
  }
  const level = f.level ?? section?.level ?? DEFAULT_MAP_LEVEL;
  if (!(level > 0 && level < 1)) throw new UsageError(`--level: expected a pass fraction between 0 and 1 (exclusive), like 0.5; found ${level}`);
  return { file: f.file, loaded, source: source.value, schema: pointSchema(loaded.models), seeds, variants, checks: checks.checks, level };
}

/**
 * A repeatable flag's values: yargs gives a string for one, a list for several. Not `array: true`,
 * which would swallow the scenario file after `--param x=1`.
 */
export const asList = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

/** `--param PATH=VALUES`: the path, then the values (a list or a range). */
export function paramFlag(text: string, flag = '--param'): ParamSpec {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1)
    throw new UsageError(`${flag}: expected PATH=VALUES, like workload.arrival.rate=50/s..200/s:4 or faults[0].duration=500ms,1s,2s; found '${text}'`);
  return { path: text.slice(0, eq).trim(), values: text.slice(eq + 1).trim(), from: { flag } };
}

/** The parameters of a map: the --param flags if any, else the `map` section's. */
export function mapSpecs(base: MapBase, params: readonly string[] | undefined): ParamSpec[] {
  if (params?.length) return params.map((p) => paramFlag(p));
  const section = base.loaded.scenario.map;
  if (section === undefined)
    throw new InputError([
      fileIssue(
        base.file,
        'has no `map` section and no --param was given: name a parameter to vary, like --param workload.arrival.rate=50/s..200/s:4 (see docs/map.md)',
      ),
    ]);
  return section.params.map((p, i) => ({ path: p.path, values: p.values, from: { entry: i } }));
}

export interface MapPlan extends MapBase {
  axes: MapAxis[];
  points: MapPoint[];
}

/** The map's axes and points, every point's scenario validated before anything runs. */
export function mapPlan(base: MapBase, specs: readonly ParamSpec[]): MapPlan {
  const axes = buildAxes(base.source, base.file, specs);
  if (!axes.ok) throw new InputError(axes.issues);
  const points = gridPoints(axes.value);
  const runs = points.length * base.seeds.length * base.variants.length;
  if (runs > MAX_MAP_RUNS)
    throw new UsageError(
      `this map is ${points.length} points × ${base.seeds.length} seeds × ${base.variants.length} variants = ${runs} runs; at most ${MAX_MAP_RUNS} (fewer values, seeds or variants, or split it with --shard)`,
    );
  for (const p of points) checkPoint(base, p.values);
  return { ...base, axes: axes.value, points };
}

/** A point's scenario, or its issues (exit 2) naming the point. */
export function checkPoint(base: MapBase, values: readonly PointValue[]): Scenario {
  const r = pointScenario(base.schema, base.source, base.file, values);
  if (!r.ok) throw new InputError(r.issues);
  return r.scenario;
}
