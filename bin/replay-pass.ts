import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ScenarioRun } from '../sim/run/result.js';
import type { Scenario } from '../sim/scenario/schema.js';
import type { TraceSink } from '../sim/world/trace.js';
import { nondeterminism } from './nondeterminism.js';
import { reproduceCommand } from './reproduce.js';
import { simulate, type SimulateOptions } from './simulate.js';

/**
 * A report that needs a run's trace replays the run with a sink attached. For a big run it does
 * so one run's heap at a time: the first run is reduced to what the report needs of it (its
 * digest, a sink that knows what to keep), let go and collected, and only then replayed.
 */

/** The digest a replay must reproduce: the deep one (payloads and values) when computed. */
export const digestOf = (r: ScenarioRun): string => r.deepDigest ?? r.traceDigest;

/** Replays with `sink` attached; a digest other than `digest` means determinism broke, which must not pass silently. */
export function replayExpecting(scenario: Scenario, sim: SimulateOptions, digest: string, sink: TraceSink): ScenarioRun {
  const again = simulate(scenario, { ...sim, trace: sink });
  if (digestOf(again) !== digest) throw nondeterminism(reproduceCommand(sim.file, sim.variant, sim.seed), digestOf(again), digest);
  return again;
}

/**
 * A full collection, between the two passes of a large run: the first run is garbage then, but
 * V8 sized its heap for a run in full flight; collected, the replay grows from what is live, not
 * on top of the first run's leftovers (measured on 1 M-event runs: bench/html-report.ts and
 * bench/run-report.ts). `gc` is exposed only for the call.
 */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) gcFunction = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
      setFlagsFromString('--no-expose-gc');
    }
  }
  gcFunction();
}
let gcFunction: (() => void) | undefined;
