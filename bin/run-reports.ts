import { type RunJson, runToJson } from '../reports/json.js';
import { firstViolation, type TextReportInput } from '../reports/text.js';
import { ViolationContext } from '../reports/violation.js';
import type { ScenarioRun } from '../sim/run/result.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { collectGarbage, digestOf, replayExpecting } from './replay-pass.js';
import { simulate, type SimulateOptions } from './simulate.js';

/**
 * `faultline run --format text` and `--format json`, holding one run at a time: a run of a
 * million events keeps hundreds of thousands of operations, and a report needs none of them.
 */

/**
 * The JSON report: the run goes as soon as it is converted (the report has no history), and is
 * collected before the report is written, so the writing does not add to the run's peak.
 */
export function runJsonReport(scenario: Scenario, sim: SimulateOptions, reproduce: string): RunJson {
  const report = jsonPass(scenario, sim, reproduce);
  collectGarbage();
  return report;
}

/** The run, converted in a frame of its own (a caller's frame may keep a temporary alive). */
function jsonPass(scenario: Scenario, sim: SimulateOptions, reproduce: string): RunJson {
  return runToJson(simulate(scenario, sim), reproduce);
}

/**
 * The text report's input. When a check failed at a moment, the lead-up to the first violation
 * needs the trace: the first run is reduced to its report and the lead-up's sink (which keeps
 * only the blamed subjects), collected, and an identical replay streams the trace through the
 * sink (its digest checked against the first run's).
 */
export function runTextInput(scenario: Scenario, sim: SimulateOptions): Pick<TextReportInput, 'run' | 'context'> {
  const pass = firstTextPass(scenario, sim);
  if (pass.lead === undefined) return { run: pass.run, context: [] };
  collectGarbage();
  replayExpecting(scenario, sim, pass.digest, pass.lead);
  return { run: pass.run, context: pass.lead.lines() };
}

/** The first run, reduced in a frame of its own (a caller's frame may keep a temporary alive). */
function firstTextPass(scenario: Scenario, sim: SimulateOptions) {
  const run = simulate(scenario, sim);
  const first = firstViolation(run.checks.filter((c) => !c.ok));
  const lead = first?.at === undefined ? undefined : new ViolationContext(first, run);
  return { run: reportedRun(run), digest: digestOf(run), lead };
}

/** What the text report reads of a run: everything but the history, the effects and the nodes' final state. */
const reportedRun = (run: ScenarioRun): ScenarioRun => ({ ...run, history: [], effects: [], nodes: {} });
