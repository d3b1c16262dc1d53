import { CLI_COMMAND, reproduceCommand, shellQuote } from '../reproduce.js';

/** The line that replays one run of a sweep: `run` when the scenario's own faults ran, `replay --swarm` when the seed drew them. */
export function sweepReproduce(file: string, variant: string, seed: number, swarm: boolean): string {
  return swarm ? `${CLI_COMMAND} replay ${shellQuote(file)} --variant ${shellQuote(variant)} --seed ${seed} --swarm` : reproduceCommand(file, variant, seed);
}

/** A regression scenario written by shrinking holds its variant and seed: no flags needed. */
export const regressionReproduce = (file: string): string => `${CLI_COMMAND} run ${shellQuote(file)}`;
