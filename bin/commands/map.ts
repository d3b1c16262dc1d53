import type { Argv, CommandModule } from 'yargs';
import { renderJson } from '../../reports/json.js';
import { buildAxes } from '../../sim/sweep/map/build.js';
import { DEFAULT_FIND_STEPS, MAX_FIND_STEPS } from '../../sim/sweep/map/find.js';
import type { MapResult, PointValue } from '../../sim/sweep/map/types.js';
import { fieldKind, KIND_NAMES, parseBetween } from '../../sim/sweep/map/values.js';
import { parseParamPath, resolvePath } from '../../sim/sweep/map/path.js';
import { action } from '../action.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { asList, checkPoint, type MapFlags, mapBase, mapPlan, mapSpecs, paramFlag } from '../map/plan.js';
import { renderMapHtml } from '../map/report-html.js';
import { findToJson, mapToJson } from '../map/report-json.js';
import { renderFindText, renderMapText } from '../map/report-text.js';
import { runParallelFind, runParallelMap } from '../map/run-map.js';
import { emit } from '../output.js';
import { parseShard, parseWorkers } from '../sweep/flags.js';
import { checkWritable } from '../write-or-exit2.js';

export type MapFormat = 'text' | 'json' | 'html';

interface MapArgs extends MapFlags {
  find?: string;
  between?: string;
  steps: number;
  workers?: number;
  format: MapFormat;
  out?: string;
  shard?: string;
  progress: boolean;
}

export const mapCommand: CommandModule<object, MapArgs> = {
  command: 'map <file>',
  describe: 'a stability map: vary one or two parameters of a scenario, run every point on a seed range, report the share of seeds each check held on',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('param', {
        type: 'string',
        coerce: asList,
        describe: "PATH=VALUES: a path into the scenario and a list (500ms,1s,2s) or a range A..B:STEPS (1s..10s:5); replaces the file's `map` section",
      })
      .option('seeds', { type: 'string', describe: "seeds every point runs on (default: the map section's, else 1..20)" })
      .option('check', { type: 'string', coerce: asList, describe: 'only these checks (default: every check)' })
      .option('variant', { type: 'string', coerce: asList, describe: 'only these variants (default: every variant)' })
      .option('level', { type: 'number', describe: 'the pass fraction the boundary is drawn at, and --find looks for (default 0.5)' })
      .option('find', { type: 'string', describe: 'bisect this parameter (a numeric path) for where the pass fraction crosses --level' })
      .option('between', { type: 'string', describe: "with --find: the interval to search, A..B in the field's unit (100ms..5s)" })
      .option('steps', { type: 'number', default: DEFAULT_FIND_STEPS, describe: 'with --find: bisection steps after the two ends' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per available core)' })
      .option('format', {
        choices: ['text', 'json', 'html'] as const,
        default: 'text' as const,
        describe: 'report format; json only JSON on stdout; html a heat map page',
      })
      .option('out', { type: 'string', describe: 'write the report to this file (whole, or not at all) instead of stdout' })
      .option('shard', {
        type: 'string',
        describe: 'run only shard K of N (K/N) of the point × seed pairs, or auto[/N] from the CI runner; then `faultline merge`',
      })
      .option('progress', { type: 'boolean', default: true, describe: 'progress on stderr (a bar on a terminal); --no-progress for none' })
      .example(
        "$0 map scenarios/retry-storm.yaml --param 'workload.arrival.rate=60/s..140/s:5' --param 'faults[0].duration=250ms..2s:4' --seeds 1..10",
        'offered load × trigger size, every variant',
      )
      .example('$0 map docs/examples/retry-storm-map.yaml --format html --out map.html', "the file's own `map` section, as a heat map")
      .example("$0 map scenarios/retry-storm.yaml --find 'faults[0].duration' --between 100ms..4s --variant naive", 'the largest stall naive callers survive')
      .epilogue(
        'Exit codes: 0 the map was made (a map measures, it does not judge), 1 a run threw (a bug in a model or strategy), 2 bad input or usage, ' +
          '130 interrupted (Ctrl-C: the report of the points that finished is still written). Docs: docs/map.md',
      ) as Argv<MapArgs>,
  handler: async (args: MapArgs) => {
    let interrupted = false;
    await action(async (a: MapArgs): Promise<ExitCode> => {
      // The report's path is checked before anything runs: a bad path fails in a second, not after the map.
      checkWritable(a.out, 'report');
      const workers = parseWorkers(a.workers);
      const shard = a.shard === undefined ? null : parseShard(a.shard);
      const base = await mapBase({
        file: a.file,
        ...(a.param ? { param: a.param } : {}),
        ...(a.seeds ? { seeds: a.seeds } : {}),
        ...(a.check ? { check: a.check } : {}),
        ...(a.variant ? { variant: a.variant } : {}),
        ...(a.level === undefined ? {} : { level: a.level }),
      });
      const pool = { workers, progress: a.progress };
      if (a.find !== undefined) {
        if (a.between === undefined) throw new UsageError("--find needs --between A..B: the interval to search, in the field's unit (like 100ms..5s)");
        if (shard !== null) throw new UsageError('--find bisects step by step and cannot be sharded: drop --shard');
        if (a.format === 'html') throw new UsageError('--find reports as text or json; a heat map is for a map (drop --find)');
        const steps = a.steps;
        if (!Number.isInteger(steps) || steps < 0 || steps > MAX_FIND_STEPS)
          throw new UsageError(`--steps: expected a whole number from 0 to ${MAX_FIND_STEPS}, found ${steps}`);
        const between = parseBetween(a.between);
        if (!between.ok) throw new UsageError(`--between: ${between.message}`);
        const specs = [{ path: a.find, values: [between.from.raw, between.to.raw], from: { flag: '--find' } }, ...(a.param ?? []).map((p) => paramFlag(p))];
        const steps0 = parseParamPath(a.find);
        const field = steps0.ok ? resolvePath(base.source.data, a.find, steps0.steps) : undefined;
        if (field?.ok && fieldKind(field.value) === 'text')
          throw new UsageError(
            `--find ${a.find}: the field holds ${JSON.stringify(field.value)}, not a number or a quantity with a unit: --find bisects numbers (a map takes a list of such values)`,
          );
        const axes = buildAxes(base.source, base.file, specs);
        if (!axes.ok) throw new InputError(axes.issues);
        const [axis, ...others] = axes.value;
        if (axis!.kind === 'text')
          throw new UsageError(`--find ${a.find}: the field is ${KIND_NAMES.text}, not a number or a quantity with a unit: --find bisects numbers`);
        const many = others.find((o) => o.values.length !== 1);
        if (many) throw new UsageError(`--param ${many.path}: with --find, every --param fixes one value (found ${many.values.length})`);
        const fixed: PointValue[] = others.map((o) => ({ path: o.path, field: o.field, raw: o.values[0]!.raw }));
        const setup = {
          axis: axis!,
          fixed,
          plan: { from: between.from, to: between.to, level: base.level, steps, variants: base.variants },
          check: (values: readonly PointValue[]) => void checkPoint(base, values),
        };
        // Both ends first, so a value out of bounds is reported before anything runs.
        setup.check([...fixed, { path: axis!.path, field: axis!.field, raw: between.from.raw }]);
        setup.check([...fixed, { path: axis!.path, field: axis!.field, raw: between.to.raw }]);
        const r = await runParallelFind(base, setup, pool);
        interrupted = r.interrupted;
        if (a.format === 'json') emit(() => renderJson(findToJson(r, a.file)), a.out);
        else emit((style) => renderFindText(r, style), a.out);
        return EXIT.ok;
      }
      const plan = mapPlan(base, mapSpecs(base, a.param));
      const r = await runParallelMap(plan, shard, pool);
      interrupted = r.interrupted;
      emitMap(r, a.file, a.format, a.out);
      return mapExitCode(r);
    })(args);
    if (interrupted && process.exitCode !== EXIT.badInput && process.exitCode !== EXIT.internal) process.exitCode = 130;
  },
};

/** A map report (map and merge share it) to stdout or --out. */
export function emitMap(r: MapResult, file: string, format: MapFormat | 'junit', out: string | undefined): void {
  if (format === 'junit') throw new UsageError('a map reports as text, json or html (junit is for sweeps)');
  if (format === 'json') emit(() => renderJson(mapToJson(r, file)), out);
  else if (format === 'html') emit(() => renderMapHtml(r, file), out);
  else emit((style) => renderMapText(r, file, style), out);
}

/** 0 unless a run threw. */
export const mapExitCode = (r: MapResult): ExitCode =>
  r.points.some((p) => p.cells.some((c) => c.runs.some((x) => x.error !== undefined))) ? EXIT.failed : EXIT.ok;
