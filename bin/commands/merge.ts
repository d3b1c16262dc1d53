import type { Argv, CommandModule } from 'yargs';
import { mergeSweeps } from '../../sim/sweep/merge.js';
import { action } from '../action.js';
import { checkWritable } from '../write-or-exit2.js';
import { fileIssue, InputError, UsageError } from '../errors.js';
import { readText } from '../read-scenario.js';
import { emitSweep, sweepExitCode, type SweepFormat } from '../sweep/emit.js';
import { sweepFromJson } from '../sweep/report-json.js';
import { dedupeRegressions } from '../sweep/dedupe-regressions.js';
import { isMapReport, mergeMapReports } from '../map/merge-reports.js';

interface MergeArgs {
  files: string[];
  format: SweepFormat | 'html';
  out?: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <files..>',
  describe: 'combine the JSON results of the shards of one sweep or map (--shard K/N) into one report',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'sweep (or map) JSON reports, one per shard' })
      .option('format', { choices: ['text', 'json', 'junit', 'html'] as const, default: 'text' as const, describe: 'report format' })
      .option('out', { type: 'string', describe: 'write the report to this file (whole, or not at all) instead of stdout' })
      .example('$0 merge results/*.json', 'the text report of a sharded sweep')
      .example('$0 merge results/*.json --format junit --out sweep.xml', 'for the CI test report')
      .epilogue(
        'The merged report equals the one the unsharded sweep gives. Exit codes: as sweep (0 as expected, 1 not, 2 bad input: a file that is not a sweep report, shards of different sweeps, a shard missing or given twice).',
      ) as Argv<MergeArgs>,
  handler: action((args: MergeArgs) => {
    checkWritable(args.out, 'report');
    const texts = args.files.map((f) => {
      const text = readText(f);
      if (typeof text !== 'string') throw new InputError([text]);
      return text;
    });
    // The shards of a map (`faultline map --shard K/N --format json`) merge into a map.
    if (isMapReport(texts[0]!)) return mergeMapReports(args.files, texts, args.format, args.out);
    const read = texts.map((text, i) => sweepFromJson(text, args.files[i]!));
    const merged = mergeSweeps(read.map((r) => r.result));
    if (!merged.ok) {
      // A missing shard is no file's fault: say which one, and which were given.
      if (merged.index === undefined) throw new UsageError(merged.message);
      throw new InputError([fileIssue(args.files[merged.index] ?? args.files[0]!, merged.message)]);
    }
    // One regression file per distinct shrunk plan: the shards of one bug each wrote one.
    for (const d of dedupeRegressions(read.map((r) => r.result)))
      process.stderr.write(`faultline merge: kept ${d.kept}; removed ${d.removed.join(', ')} (the same shrunk plan, from another shard)\n`);
    if (args.format === 'html') throw new UsageError('--format html is for the shards of a map; a sweep merges as text, json or junit');
    emitSweep(merged.result, read[0]!.file, args.format, args.out);
    return sweepExitCode(merged.result);
  }),
};
