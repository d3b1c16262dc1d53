import type { Argv, CommandModule } from 'yargs';
import { renderCompareText } from '../../reports/compare-text.js';
import { compareToJson, renderJson } from '../../reports/json.js';
import { compareRuns, type Expectations } from '../../sim/run/verdict-matrix.js';
import type { ScenarioRun } from '../../sim/run/result.js';
import { action } from '../action.js';
import { checkWritable } from '../write-or-exit2.js';
import { fileIssue, InputError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { loadScenarios, userCodeFor } from '../load.js';
import { emit } from '../output.js';
import { reproduceCommand } from '../reproduce.js';
import { parseSeeds } from '../seeds.js';
import { simulate } from '../simulate.js';
import { isVisual, renderCompareVisual, type CompareVisualInput } from '../visual-reports.js';
import { setOwn } from '../../sim/units/record.js';

interface CompareArgs {
  paths: string[];
  seeds: string;
  format: 'text' | 'json' | 'html' | 'junit' | 'md';
  out?: string;
}

export const DEFAULT_SEEDS = '1..50';

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <paths..>',
  describe: 'run every variant of every scenario on the same seeds; a matrix of variant × check',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'scenario files, or directories of *.yaml / *.yml / *.json' })
      .option('seeds', { type: 'string', default: DEFAULT_SEEDS, describe: 'seeds to run: a range 1..50, one seed 7, a list 1,4,9, or a mix' })
      .option('format', {
        choices: ['text', 'json', 'html', 'junit', 'md'] as const,
        default: 'text' as const,
        describe: 'report format: json (only JSON on stdout), html (the matrix and one embedded run per variant), junit (XML for CI), md (Markdown summary)',
      })
      .option('out', { type: 'string', describe: 'write the report to this file (whole, or not at all) instead of stdout' })
      .example('$0 compare scenarios/duplicate-payment.yaml', `every variant on seeds ${DEFAULT_SEEDS}`)
      .example('$0 compare scenarios/ --seeds 1..200', 'every bundled scenario')
      .example('$0 compare scenarios/ --seeds 1,4,9 --format json --out matrix.json', 'a JSON matrix for CI')
      .example('$0 compare scenarios/ --format junit --out junit.xml', 'one JUnit test case per variant × check')
      .epilogue(
        "Exit codes: 0 when every cell is as its variant's `expect` says (expect fail: failed on at least one seed; " +
          'expect pass, or no expectation: passed on every seed), 1 otherwise or when a model threw, 2 bad input or usage. ' +
          'Naive variants are meant to fail: say so with `expect` and compare exits 0.',
      ) as Argv<CompareArgs>,
  handler: action(async (args: CompareArgs) => {
    const seeds = parseSeeds(args.seeds);
    checkWritable(args.out, 'report');
    const loaded = await loadScenarios(args.paths);
    const runs: ScenarioRun[] = [];
    const expectations: Expectations = {};
    const fileOf = new Map<string, string>();
    /** Wall-clock seconds per scenario and variant (all its seeds), for JUnit's `time`. */
    const seconds = new Map<string, number>();
    const loadedByName: CompareVisualInput['scenarios'] = new Map();
    for (const one of loaded) {
      const { file, scenario } = one;
      const clash = fileOf.get(scenario.name);
      if (clash !== undefined)
        throw new InputError([fileIssue(file, `has the scenario name '${scenario.name}', as ${clash} does: give each scenario its own name`)]);
      fileOf.set(scenario.name, file);
      const user = await userCodeFor(one, Object.keys(scenario.variants));
      loadedByName.set(scenario.name, { scenario, file, user });
      const expect: Expectations[string] = {};
      setOwn(expectations, scenario.name, expect);
      for (const [variant, v] of Object.entries(scenario.variants)) {
        if (v.expect) setOwn(expect, variant, v.expect);
        const started = performance.now();
        for (const seed of seeds) runs.push(simulate(scenario, { file, variant, seed, user }));
        seconds.set(`${scenario.name}\u0000${variant}`, (performance.now() - started) / 1000);
      }
    }
    const matrix = compareRuns(runs, expectations);
    const file = (scenario: string) => fileOf.get(scenario) ?? scenario;
    const reproduce = (scenario: string, variant: string, seed: number) => reproduceCommand(file(scenario), variant, seed);
    const format = args.format;
    if (format === 'json') emit(() => renderJson(compareToJson(matrix, file, reproduce)), args.out);
    else if (isVisual(format)) {
      const secondsOf = (scenario: string, variant: string) => seconds.get(`${scenario}\u0000${variant}`);
      emit(() => renderCompareVisual(format, { matrix, seedsLabel: args.seeds, scenarios: loadedByName, reproduce, runs, secondsOf }), args.out);
    } else emit((style) => renderCompareText({ matrix, reproduce, style }), args.out);
    return matrix.asExpected ? EXIT.ok : EXIT.failed;
  }),
};
