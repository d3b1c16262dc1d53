import { readFileSync } from 'node:fs';
import yargs, { type CommandModule } from 'yargs';
import { reportError } from './action.js';
import { compareCommand } from './commands/compare.js';
import { demoCommand } from './commands/demo.js';
import { listCommand } from './commands/list.js';
import { mapCommand } from './commands/map.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { runCommand } from './commands/run.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';
import { UsageError } from './errors.js';
import { explainUsage, normalizeArgv } from './usage.js';

/** faultline's command line. Each command sets process.exitCode (see exit-codes.ts); nothing calls process.exit mid-write. */

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const COMMANDS = [runCommand, compareCommand, validateCommand, listCommand, demoCommand, sweepCommand, replayCommand, mergeCommand, mapCommand] as const;

export async function main(raw: string[]): Promise<void> {
  const argv = normalizeArgv(raw);
  const cli = yargs(argv)
    .scriptName('faultline')
    .usage('$0 <command> [options]\n\nA deterministic simulator of partial failure: run a scenario, see what breaks, compare recovery strategies.')
    .command(COMMANDS as unknown as CommandModule[])
    .demandCommand(1, 'name a command: run, compare, validate or list')
    // No recommendCommands: an unknown command gets its did-you-mean from explainUsage, with the list.
    .strict()
    .example('$0 run scenarios/duplicate-payment.yaml --variant naive', 'watch a payment be charged twice')
    .example('$0 compare scenarios/ --seeds 1..50', 'every variant of every bundled scenario')
    .example('$0 demo scenarios/split-brain.yaml --variant naive --step', 'a narrated run for a classroom')
    .epilogue('Exit codes: 0 every check held, 1 a check failed or a model threw, 2 bad input or usage, 3 internal error. Docs: docs/cli.md')
    .help()
    .alias('h', 'help')
    .version(version)
    // --help and --version print and return (exit 0 by default) rather than call process.exit:
    // main() also runs in-process, in the tests.
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      // Usage errors (unknown flag, missing argument) exit 2, like any bad input. Throwing stops
      // yargs before any handler runs; handlers report their own errors, so `err` is yargs' own.
      // Their message says what to type instead: a did-you-mean, or the command's usage and an example.
      throw err instanceof Error && msg === null ? err : new UsageError(explainUsage(msg ?? String(err), argv, COMMANDS as unknown as CommandModule[]));
    });
  await cli.parseAsync();
}

/**
 * The whole command line for one argv: sets process.exitCode and never rejects (an error is
 * reported as its exit code says). bin/entry.ts calls it with the process's arguments; tests call
 * it in-process (test/cli/cli.ts).
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await main(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
