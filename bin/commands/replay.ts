import { scenarioRunOptions } from '../scenario-options.js';
import type { Argv, CommandModule } from 'yargs';
import { renderJson, runToJson } from '../../reports/json.js';
import { firstViolation, renderRunText } from '../../reports/text.js';
import { violationContext } from '../../reports/violation.js';
import { forVariant } from '../../sim/scenario/for-variant.js';
import { scenarioForSeed } from '../../sim/sweep/swarm.js';
import { ArrayTraceSink } from '../../sim/world/trace.js';
import { action } from '../action.js';
import { fileIssue, InputError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { loadScenario, pickVariant, userCodeFor } from '../load.js';
import { emit } from '../output.js';
import { parseSeed } from '../seeds.js';
import { simulate } from '../simulate.js';
import { planLines } from '../sweep/report-text.js';
import { sweepReproduce } from '../sweep/reproduce.js';
import { checkWritable, writeOrExit2 } from '../write-or-exit2.js';

interface ReplayArgs {
  file: string;
  seed: string;
  variant?: string;
  swarm: boolean;
  trace?: string;
  format: 'text' | 'json';
  out?: string;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <file>',
  describe: 'rerun one seed of a sweep exactly (with --swarm, re-drawing its fault plan) and write its full trace',
  builder: (y: Argv) =>
    scenarioRunOptions(y, { required: true, describe: 'the seed to replay' })
      .option('swarm', { type: 'boolean', default: false, describe: "draw the seed's fault plan from the `swarm` section, as `sweep --swarm` did" })
      .option('trace', { type: 'string', describe: 'write every event of the run to this file as JSON lines (whole, or not at all)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'report format' })
      .option('out', { type: 'string', describe: 'write the report to this file instead of stdout' })
      .example('$0 replay scenarios/split-brain.yaml --variant fencing --seed 4182 --swarm --trace trace.jsonl', 'a failing seed of a swarm sweep')
      .epilogue(
        'The report ends with the trace digest, which equals the one the sweep recorded. Exit codes: 0 every check held, 1 a check failed or a model threw, 2 bad input or usage.',
      ) as Argv<ReplayArgs>,
  handler: action(async (args: ReplayArgs) => {
    const seed = parseSeed(args.seed);
    checkWritable(args.trace, 'trace');
    checkWritable(args.out, 'report');
    const loaded = await loadScenario(args.file);
    const scenario = loaded.scenario;
    const variant = pickVariant(scenario, args.file, args.variant);
    if (args.swarm && scenario.swarm === undefined)
      throw new InputError([fileIssue(args.file, 'has no `swarm` section: --swarm re-draws the fault plan from it')]);
    const seeded = scenarioForSeed(scenario, seed, args.swarm);
    // The faults the variant runs: the seed's plan (or the variant's own, extended by it).
    const plan = forVariant(seeded, variant).faults;
    const user = await userCodeFor(loaded, [variant]);
    const reproduce = sweepReproduce(args.file, variant, seed, args.swarm);
    const sink = new ArrayTraceSink();
    const run = simulate(seeded, { file: args.file, variant, seed, trace: sink, user, reproduce });
    if (args.trace !== undefined) writeTrace(args.trace, sink);
    if (args.format === 'json') {
      emit(() => renderJson({ ...runToJson(run, reproduce), ...(args.swarm ? { plan } : {}) }), args.out);
    } else {
      const first = firstViolation(run.checks.filter((c) => !c.ok));
      const context = first?.at === undefined ? [] : violationContext(first, run, sink.events);
      const planText = args.swarm ? [`Fault plan drawn by seed ${seed}:`, ...(plan.length === 0 ? ['  (none)'] : planLines(plan, '  ')), ''] : [];
      const traced = args.trace === undefined ? '' : `Trace: ${sink.events.length} events written to ${args.trace}\n`;
      emit((style) => planText.join('\n') + (planText.length > 0 ? '\n' : '') + renderRunText({ run, context, reproduce, style }) + traced, args.out);
    }
    return run.verdict === 'pass' ? EXIT.ok : EXIT.failed;
  }),
};

/** The trace as JSON lines, one event a line, in the order they happened. */
function writeTrace(file: string, sink: ArrayTraceSink): void {
  writeOrExit2(
    file,
    (function* () {
      for (const e of sink.events) yield JSON.stringify(e) + '\n';
    })(),
    'trace',
  );
}
