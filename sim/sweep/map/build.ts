import type { IssuePath, ParseResult, ScenarioIssue } from '../../scenario/issues.js';
import { ModelTable, type ScenarioModels } from '../../scenario/models.js';
import { type Scenario, scenarioSchemaFor } from '../../scenario/schema.js';
import { readYaml, type YamlSource } from '../../scenario/yaml-source.js';
import { validate } from '../../scenario/zod-issues.js';
import { formatPath, parseParamPath, resolvePath, setAt } from './path.js';
import type { MapAxis, MapPoint, PointValue } from './types.js';
import { fieldKind, KIND_NAMES, parseValues } from './values.js';

/**
 * From a scenario's text and the parameters to vary to the map's axes and points, and from a
 * point to its scenario: the raw (pre-validation) data with the point's values set, validated
 * again by the scenario's own schema, so every bound and unit rule applies to mapped values too.
 */

/** A parameter to vary, from the `map` section (`at` its entry) or a `--param` flag. */
export interface ParamSpec {
  path: string;
  values: string | readonly (string | number)[];
  /** Where it was written: the `map.params[i]` entry, or the flag (`--param` or `--find`). */
  from: { entry: number } | { flag: string };
}

/** At most two parameters vary (rows × columns); more may be fixed, with one value each. */
export const MAX_VARYING = 2;

export type Built<T> = { ok: true; value: T } | { ok: false; issues: ScenarioIssue[] };

export function readSource(text: string, file: string): Built<YamlSource> {
  const r = readYaml(text, file);
  return r.ok ? { ok: true, value: r.source } : r;
}

/** Each parameter resolved against the file's data, its values parsed and checked against the field's unit. */
export function buildAxes(source: YamlSource, file: string, specs: readonly ParamSpec[]): Built<MapAxis[]> {
  const issues: ScenarioIssue[] = [];
  const axes: MapAxis[] = [];
  for (const spec of specs) {
    const entryPath: IssuePath | undefined = 'entry' in spec.from ? ['map', 'params', spec.from.entry] : undefined;
    const label = 'flag' in spec.from ? `${spec.from.flag} ${spec.path}` : `map.params[${(spec.from as { entry: number }).entry}]`;
    const fail = (at: IssuePath, message: string) => issues.push({ file, path: at, ...source.locate(at), message: `${label}: ${message}` });
    const parsed = parseParamPath(spec.path);
    if (!parsed.ok) {
      fail(entryPath ? [...entryPath, 'path'] : [], parsed.message);
      continue;
    }
    const r = resolvePath(source.data, spec.path, parsed.steps);
    if (!r.ok) {
      // A flag's problem is pointed at the deepest part of the path that exists in the file.
      fail(entryPath ? [...entryPath, 'path'] : r.at, r.message);
      continue;
    }
    if (typeof r.path[0] === 'string' && r.path[0].startsWith('x-')) {
      fail(
        entryPath ? [...entryPath, 'path'] : r.path,
        `${spec.path}: an \`x-\` block is only a place for YAML anchors, already copied where it is used: name the field where it is used (like variants.naive.client[0].maxAttempts)`,
      );
      continue;
    }
    if (r.path[0] === 'map') {
      fail(entryPath ? [...entryPath, 'path'] : r.path, `${spec.path}: the map section itself is not a parameter`);
      continue;
    }
    const values = parseValues(spec.values);
    if (!values.ok) {
      fail(entryPath ? [...entryPath, 'values'] : r.path, values.message);
      continue;
    }
    const kind = values.values[0]!.kind;
    const now = fieldKind(r.value);
    if (r.value !== undefined && now === undefined) {
      fail(entryPath ? [...entryPath, 'path'] : r.path, `${spec.path} is a list or a mapping in the file, not a single value: name a field inside it`);
      continue;
    }
    // A field written as 0 (a zero duration) takes any unit; otherwise the values keep the field's kind.
    if (now !== undefined && now !== kind && r.value !== 0) {
      fail(
        entryPath ? [...entryPath, 'values'] : r.path,
        `${spec.path} is ${KIND_NAMES[now]} (${JSON.stringify(r.value)} in the file), but the values given are ${plural(kind)}: write them in its unit`,
      );
      continue;
    }
    if (axes.some((a) => formatPath(a.field) === formatPath(r.path))) {
      fail(entryPath ? [...entryPath, 'path'] : r.path, `${spec.path} names the same field as another parameter (${formatPath(r.path)})`);
      continue;
    }
    axes.push({
      path: spec.path,
      field: r.path,
      kind,
      unit: values.values[0]!.unit,
      values: values.values.map((v) => ({ raw: v.raw, value: v.value })),
    });
  }
  const varying = axes.filter((a) => a.values.length > 1);
  if (issues.length === 0 && varying.length > MAX_VARYING)
    issues.push({
      file,
      path: [],
      message: `${varying.length} parameters have more than one value (${varying.map((a) => a.path).join(', ')}): a map varies at most ${MAX_VARYING} (rows × columns); give the others one value`,
    });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: axes };
}

const plural = (k: keyof typeof KIND_NAMES) =>
  ({ duration: 'durations', rate: 'rates', percent: 'percentages', number: 'plain numbers', text: 'text values' })[k];

/** Every point of the grid the axes span, the first axis slowest (rows), then the second (columns). */
export function gridPoints(axes: readonly MapAxis[]): MapPoint[] {
  let points: MapPoint[] = [{ at: [], values: [] }];
  for (const axis of axes) {
    points = points.flatMap((p) =>
      axis.values.map((v, i) => ({ at: [...p.at, i], values: [...p.values, { path: axis.path, field: axis.field, raw: v.raw }] })),
    );
  }
  return points;
}

/** The point's values as a replay's flags: `workload.arrival.rate=150/s faults[0].duration=2s`. */
export const describePoint = (values: readonly PointValue[]): string => values.map((v) => `${v.path}=${v.raw}`).join(', ');

/** A copy of the raw data with the point's values set (a JSON copy: YAML aliases become separate values, so one edit lands once). */
export function pointData(data: unknown, values: readonly PointValue[]): unknown {
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  for (const v of values) setAt(copy, v.field, v.raw);
  return copy;
}

/** The validating schema of a scenario whose module models are `models`; build once, use for every point. */
export const pointSchema = (models?: ScenarioModels) => scenarioSchemaFor(new ModelTable(models));

/**
 * The scenario of one point, validated by the scenario schema; a value the schema refuses is
 * reported at its field, naming the point.
 */
export function pointScenario(schema: ReturnType<typeof pointSchema>, source: YamlSource, file: string, values: readonly PointValue[]): ParseResult<Scenario> {
  const r = validate(schema, { ...source, data: pointData(source.data, values) }, file);
  if (r.ok) return { ok: true, scenario: r.value };
  return { ok: false, issues: r.issues.map((i) => ({ ...i, message: `at map point ${describePoint(values)}: ${i.message}` })) };
}

/** A map ready to run: the scenario as written, the axes, and every point with its validated scenario. */
export interface BuiltMap {
  scenario: Scenario;
  axes: MapAxis[];
  points: { point: MapPoint; scenario: Scenario }[];
}

/**
 * Everything `runMap` needs from a scenario's text: the parameters given, else those of its `map`
 * section; every problem (a path naming nothing, a unit that does not suit the field, a point's
 * value out of bounds) as positioned issues. The test API's entry (docs/map.md#api).
 */
export function buildMap(text: string, file: string, params?: readonly Omit<ParamSpec, 'from'>[], models?: ScenarioModels): Built<BuiltMap> {
  const source = readSource(text, file);
  if (!source.ok) return source;
  const schema = pointSchema(models);
  const base = validate(schema, source.value, file);
  if (!base.ok) return base;
  const specs: ParamSpec[] =
    params !== undefined && params.length > 0
      ? params.map((p) => ({ ...p, from: { flag: '--param' } }))
      : (base.value.map?.params ?? []).map((p, i) => ({ path: p.path, values: p.values, from: { entry: i } }));
  if (specs.length === 0)
    return { ok: false, issues: [{ file, path: [], message: 'no parameters to map: the file has no `map` section and none were given' }] };
  const axes = buildAxes(source.value, file, specs);
  if (!axes.ok) return axes;
  const points: BuiltMap['points'] = [];
  for (const point of gridPoints(axes.value)) {
    const r = pointScenario(schema, source.value, file, point.values);
    if (!r.ok) return r;
    points.push({ point, scenario: r.scenario });
  }
  return { ok: true, value: { scenario: base.value, axes: axes.value, points } };
}
