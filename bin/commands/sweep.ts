import { EXIT } from '../exit-codes.js';
import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_SHRINK_RUNS } from '../../sim/sweep/shrink.js';
import { shardSeeds } from '../../sim/sweep/shard.js';
import type { ShrinkMode } from '../../sim/sweep/shrink-all.js';
import { action } from '../action.js';
import { checkWritable, checkWritableDir } from '../write-or-exit2.js';
import { fileIssue, InputError, UsageError } from '../errors.js';
import { loadScenario, pickVariant, userCodeFor } from '../load.js';
import { MAX_SEEDS, MAX_SHARDED_SEEDS, parseSeeds } from '../seeds.js';
import { parseShard, parseShare, parseWorkers } from '../sweep/flags.js';
import { emitSweep, sweepExitCode, type SweepFormat } from '../sweep/emit.js';
import { runParallelSweep } from '../sweep/run-sweep.js';
import { writeRegressions } from '../sweep/write-regressions.js';

interface SweepArgs {
  file: string;
  variant?: string;
  seeds: string;
  workers?: number;
  format: SweepFormat;
  out?: string;
  swarm: boolean;
  'check-determinism'?: string;
  'fail-fast': boolean;
  shard?: string;
  shrink: ShrinkMode;
  'shrink-runs': number;
  'shrink-out'?: string;
  progress: boolean;
}

export const DEFAULT_SWEEP_SEEDS = '1..1000';

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe: 'run a scenario on many seeds across worker threads, for CI: failures grouped by check, shrunk to a minimal reproducer',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('variant', { type: 'string', describe: 'only this variant (default: every variant, reported per variant)' })
      .option('seeds', { type: 'string', default: DEFAULT_SWEEP_SEEDS, describe: 'seeds: a range 1..10000, one seed 7, a list 1,4,9, or a mix' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per available core)' })
      .option('format', {
        choices: ['text', 'json', 'junit'] as const,
        default: 'text' as const,
        describe: 'report format; json and junit put only that on stdout',
      })
      .option('out', { type: 'string', describe: 'write the report to this file (whole, or not at all) instead of stdout' })
      .option('swarm', { type: 'boolean', default: false, describe: "each seed draws its own fault plan from the scenario's `swarm` section" })
      .option('check-determinism', { type: 'string', describe: 're-run a share of the runs (default 5%) and fail if any trace digest differs' })
      .option('fail-fast', { type: 'boolean', default: false, describe: 'stop at the first run that makes the sweep fail' })
      .option('shard', {
        type: 'string',
        describe: 'run only shard K of N (K/N): every N-th seed, starting at the K-th; auto (or auto/N on Kubernetes) reads K and N from the CI runner',
      })
      .option('shrink', {
        choices: ['unexpected', 'all', 'none'] as const,
        default: 'unexpected' as const,
        describe: 'which failing checks to shrink to a minimal fault plan',
      })
      .option('shrink-runs', { type: 'number', default: DEFAULT_SHRINK_RUNS, describe: 'at most this many runs to shrink one failure' })
      .option('shrink-out', { type: 'string', describe: 'write each shrunk failure as a scenario file in this directory (default: beside --out)' })
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'progress on stderr (a bar on a terminal, a line per 10% elsewhere); --no-progress for none',
      })
      .example('$0 sweep scenarios/split-brain.yaml --variant fencing --seeds 1..10000', 'ten thousand seeds of one variant')
      .example('$0 sweep my.yaml --swarm --check-determinism --format junit --out sweep.xml', 'random fault plans per seed, in CI')
      .example(
        '$0 sweep my.yaml --seeds 1..100000 --shard 2/8 --format json --out results/2.json',
        'one job of a CI matrix; then `faultline merge results/*.json`',
      )
      .epilogue(
        "Exit codes: 0 every variant × check is as its variant's `expect` says (as for compare: expect fail means it failed on some seed; " +
          'expect pass or none, it passed on every seed), 1 otherwise, or a run threw, or --check-determinism found a difference; ' +
          '2 bad input or usage; 130 interrupted (Ctrl-C: the report of the runs that finished is still written). Docs: docs/sweep.md',
      ) as Argv<SweepArgs>,
  handler: async (args: SweepArgs) => {
    let interrupted = false;
    await action(async (a: SweepArgs) => {
      const shard = a.shard === undefined ? null : parseShard(a.shard);
      // A shard runs at most MAX_SEEDS seeds: N shards may split up to N times as many.
      const all = parseSeeds(a.seeds, shard ? Math.min(MAX_SEEDS * shard.count, MAX_SHARDED_SEEDS) : MAX_SEEDS);
      const share = a['check-determinism'] === undefined ? undefined : parseShare(a['check-determinism']);
      const workers = parseWorkers(a.workers);
      const shrinkRuns = a['shrink-runs'];
      if (!Number.isInteger(shrinkRuns) || shrinkRuns < 0) throw new UsageError(`--shrink-runs: expected a whole number of zero or more, found ${shrinkRuns}`);
      // Every output is checked before the sweep runs: a bad path fails in a second, not after an hour.
      checkWritable(a.out, 'report');
      checkWritableDir(a['shrink-out'], 'shrunk scenarios');
      const loaded = await loadScenario(a.file);
      const scenario = loaded.scenario;
      const variants = a.variant === undefined ? Object.keys(scenario.variants) : [pickVariant(scenario, a.file, a.variant)];
      if (a.swarm && scenario.swarm === undefined) {
        throw new InputError([fileIssue(a.file, "has no `swarm` section: --swarm draws each seed's faults from it (see docs/sweep.md#swarm)")]);
      }
      const user = await userCodeFor(loaded, variants);
      const seconds = new Map<string, number>();
      let result = await runParallelSweep({
        file: a.file,
        scenario,
        seeds: shard ? shardSeeds(all, shard) : all,
        shard,
        variants,
        swarm: a.swarm,
        workers,
        determinismShare: share,
        failFast: a['fail-fast'],
        shrink: a.shrink,
        shrinkMaxRuns: shrinkRuns,
        user,
        progress: a.progress,
        seconds,
      });
      interrupted = result.interrupted;
      const shrinkDir = a['shrink-out'] ?? (a.out === undefined ? undefined : dirname(a.out));
      if (shrinkDir !== undefined) result = writeRegressions(result, a.file, shrinkDir);
      emitSweep(result, a.file, a.format, a.out, seconds);
      return sweepExitCode(result);
    })(args);
    // 130, as a shell reports SIGINT: an interrupted sweep neither passed nor failed. A report
    // that could not be written (2) or an internal error (3) says more, and is kept.
    if (interrupted && process.exitCode !== EXIT.badInput && process.exitCode !== EXIT.internal) process.exitCode = 130;
  },
};
