import { scenarioRunOptions } from '../scenario-options.js';
import type { Argv, CommandModule } from 'yargs';
import { asList } from '../map/plan.js';
import { jsonChunks } from '../../reports/json-stream.js';
import { renderRunText } from '../../reports/text.js';
import { action } from '../action.js';
import { checkWritable } from '../write-or-exit2.js';
import { EXIT } from '../exit-codes.js';
import { loadScenario, pickVariant, userCodeFor } from '../load.js';
import { paramFlags, withParams } from '../map/load-point.js';
import { emit, emitChunks } from '../output.js';
import { reproduceCommand } from '../reproduce.js';
import { parseSeed } from '../seeds.js';
import { simulate } from '../simulate.js';
import { runJsonReport, runTextInput } from '../run-reports.js';
import { renderRunVisual, runHtmlPage } from '../visual-reports.js';

interface RunArgs {
  file: string;
  variant?: string;
  seed?: string;
  format: 'text' | 'json' | 'html' | 'junit' | 'md';
  out?: string;
  param?: string[];
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <file>',
  describe: 'run one variant of a scenario on one seed and report every check',
  builder: (y: Argv) =>
    scenarioRunOptions(y, { required: false, describe: "seed of the run (default: the scenario's `seed`)" })
      .option('format', {
        choices: ['text', 'json', 'html', 'junit', 'md'] as const,
        default: 'text' as const,
        describe: 'report format: json (only JSON on stdout), html (one self-contained page with diagrams), junit (XML for CI), md (Markdown summary)',
      })
      .option('out', { type: 'string', describe: 'write the report to this file (whole, or not at all) instead of stdout' })
      .option('param', {
        type: 'string',
        coerce: asList,
        describe: 'PATH=VALUE: set one field of the scenario before running, as a `faultline map` point does (faults[0].duration=2s)',
      })
      .example('$0 run scenarios/duplicate-payment.yaml', 'the first variant, on the scenario seed')
      .example('$0 run scenarios/duplicate-payment.yaml --variant naive --seed 42', 'replay one run exactly')
      .example('$0 run scenarios/duplicate-payment.yaml --format json --out report.json', 'a JSON report for CI')
      .example('$0 run scenarios/split-brain.yaml --variant naive --format html --out report.html', 'a picture of the failure')
      .epilogue('Exit codes: 0 every check held, 1 a check failed (or a model threw), 2 bad input or usage.') as Argv<RunArgs>,
  handler: action(async (args: RunArgs) => {
    const seedArg = args.seed === undefined ? undefined : parseSeed(args.seed);
    checkWritable(args.out, 'report');
    const params = args.param ?? [];
    const loaded = params.length > 0 ? withParams(await loadScenario(args.file), params) : await loadScenario(args.file);
    const scenario = loaded.scenario;
    const variant = pickVariant(scenario, args.file, args.variant);
    const seed = seedArg ?? scenario.seed;
    const sim = { file: args.file, variant, seed, user: await userCodeFor(loaded, [variant]) };
    if (args.format === 'html') {
      // One run's heap at a time: the page is built from the traced replay, the first run let go.
      let verdict = 'fail' as 'pass' | 'fail';
      emit(() => {
        const page = runHtmlPage(scenario, sim);
        verdict = page.verdict;
        return page.html;
      }, args.out);
      return verdict === 'pass' ? EXIT.ok : EXIT.failed;
    }
    const reproduce = reproduceCommand(args.file, variant, seed) + paramFlags(params);
    // Text and JSON hold one run at a time too (bin/run-reports.ts): the report, never the history.
    if (args.format === 'json') {
      const report = runJsonReport(scenario, sim, reproduce);
      emitChunks(() => jsonChunks(report), args.out);
      return report.verdict === 'pass' ? EXIT.ok : EXIT.failed;
    }
    if (args.format === 'text') {
      const input = runTextInput(scenario, sim);
      emit((style) => renderRunText({ ...input, reproduce, style }), args.out);
      return input.run.verdict === 'pass' ? EXIT.ok : EXIT.failed;
    }
    const started = performance.now();
    const run = simulate(scenario, sim);
    const seconds = (performance.now() - started) / 1000;
    const format = args.format;
    emit(() => renderRunVisual(format, scenario, sim, run, seconds), args.out);
    return run.verdict === 'pass' ? EXIT.ok : EXIT.failed;
  }),
};
