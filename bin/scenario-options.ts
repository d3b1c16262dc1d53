import type { Argv } from 'yargs';

/** The arguments every one-run command shares: the scenario file, `--variant`, `--seed`. */
export function scenarioRunOptions<T>(y: Argv<T>, seed: { required: boolean; describe: string }) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('variant', { type: 'string', describe: 'variant to run (default: the first variant listed in the file)' })
    .option('seed', { type: 'string', demandOption: seed.required, describe: seed.describe });
}
