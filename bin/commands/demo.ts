import { scenarioRunOptions } from '../scenario-options.js';
import type { Argv, CommandModule } from 'yargs';
import { chapters, demoBeats, wrapLines } from '../../reports/demo.js';
import { ArrayTraceSink } from '../../sim/world/trace.js';
import { action } from '../action.js';
import { columnsOf, playPaced, playStepped } from '../demo/play.js';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { loadScenario, pickVariant, userCodeFor } from '../load.js';
import { styleFor } from '../output.js';
import { reproduceCommand } from '../reproduce.js';
import { parseSeed } from '../seeds.js';
import { simulate } from '../simulate.js';
import { own } from '../../sim/units/record.js';
import { safeForTerminal } from '../../reports/terminal-text.js';

interface DemoArgs {
  file: string;
  variant?: string;
  seed?: string;
  speed: number;
  step: boolean;
  messages: boolean;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo <file>',
  describe: 'a narrated run for a projector: each event in plain words, what each node believes beside what is true',
  builder: (y: Argv) =>
    scenarioRunOptions(y, { required: false, describe: "seed of the run (default: the scenario's `seed`)" })
      .option('speed', { type: 'number', default: 1, describe: 'simulated seconds per real second (quiet stretches are cut to 2 s)' })
      .option('step', { type: 'boolean', default: false, describe: 'one moment per key press (q quits)' })
      .option('messages', { type: 'boolean', default: false, describe: 'also show every message sent and delivered' })
      .example('$0 demo scenarios/split-brain.yaml --variant naive --step', 'walk a class through split brain, key by key')
      .example('$0 demo scenarios/duplicate-payment.yaml --speed 2', 'twice as fast')
      .example('$0 demo scenarios/split-brain.yaml > story.txt', 'the whole narrated timeline at once (no terminal, no delays)')
      .epilogue('Without a terminal (piped or redirected) the whole timeline is printed at once. Exit codes as for run.') as Argv<DemoArgs>,
  handler: action(async (args: DemoArgs) => {
    if (!(args.speed > 0) || !Number.isFinite(args.speed)) throw new UsageError(`--speed must be a number above 0, found '${args.speed}'`);
    const seedArg = args.seed === undefined ? undefined : parseSeed(args.seed);
    const loaded = await loadScenario(args.file);
    const scenario = loaded.scenario;
    const variant = pickVariant(scenario, args.file, args.variant);
    const seed = seedArg ?? scenario.seed;
    const sink = new ArrayTraceSink();
    const run = simulate(scenario, { file: args.file, variant, seed, user: await userCodeFor(loaded, [variant]), trace: sink });
    const style = styleFor('stdout');
    const beats = demoBeats(run, sink.events, reproduceCommand(args.file, variant, seed), { messages: args.messages, style });

    const description = own(scenario.variants, variant)?.description;
    const intro = [style.bold(`${scenario.name}  variant ${variant}  seed ${seed}`), ...(description ? [style.dim(description)] : []), ''];
    const out = process.stdout;
    const tty = out.isTTY === true;
    if (!tty) {
      // Piped: the whole story at once, for a handout or a diff. A reader that stops early
      // (`| head`) closes the pipe: that is not an error worth a stack trace.
      out.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
      });
      out.write(safeForTerminal([...intro, ...chapters(beats, style).flat()].join('\n') + '\n'));
    } else if (args.step) {
      if (process.stdin.isTTY !== true) throw new UsageError('--step reads key presses: run it in a terminal (stdin is not one)');
      out.write(safeForTerminal(wrapLines([...intro, style.dim('Press any key for the next moment, q to quit.'), ''], columnsOf(out)).join('\n') + '\n'));
      await playStepped(chapters(beats, style), process.stdin, out, style.dim('  [any key: next moment · q: quit] '));
    } else {
      out.write(safeForTerminal(wrapLines(intro, columnsOf(out)).join('\n') + '\n'));
      await playPaced(beats, args.speed, out);
    }
    return run.verdict === 'pass' ? EXIT.ok : EXIT.failed;
  }),
};
