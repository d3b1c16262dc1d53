import { renderCompareHtml, type CompareHtmlInput } from '../reports/html/compare.js';
import { DiagramCollector } from '../reports/html/collect.js';
import { renderRunHtml, type RunHtmlInput } from '../reports/html/run.js';
import { runView } from '../reports/html/view.js';
import { compareCases, renderJunit, runCases } from '../reports/junit.js';
import { renderCompareMarkdown, renderRunMarkdown } from '../reports/markdown.js';
import { firstViolation } from '../reports/text.js';
import { ViolationContext, type ContextLine } from '../reports/violation.js';
import type { CompareMatrix } from '../sim/run/verdict-matrix.js';
import type { ScenarioRun } from '../sim/run/result.js';
import type { Scenario } from '../sim/scenario/schema.js';
import type { TraceSink } from '../sim/world/trace.js';
import { collectGarbage, digestOf, replayExpecting } from './replay-pass.js';
import { reproduceCommand } from './reproduce.js';
import { simulate, type SimulateOptions } from './simulate.js';

/**
 * The report formats beyond text and JSON (html, junit, md), for `run` and `compare`. HTML
 * needs the trace, so it re-runs the variant with a trace sink and checks the replay is exact.
 */
export type VisualFormat = 'html' | 'junit' | 'md';
export const VISUAL_FORMATS = ['html', 'junit', 'md'] as const;

export function isVisual(format: string): format is VisualFormat {
  return (VISUAL_FORMATS as readonly string[]).includes(format);
}

/**
 * What the page needs of a first run before replaying it: its digest (the replay must match it),
 * the moments its checks failed (the diagram keeps every message around them) and the lead-up's
 * sink (which knows what the first violation blames). None of it holds the run's history, so the
 * run itself can be collected before the replay starts: one run's heap at a time.
 */
interface HtmlPlan {
  digest: string;
  collector: DiagramCollector;
  lead: ViolationContext | undefined;
}

function planHtml(run: ScenarioRun, limits: HtmlLimits | undefined): HtmlPlan {
  const first = firstViolation(run.checks.filter((c) => !c.ok));
  // Around each violation (the first few) every message is kept, so zooming there shows each one.
  const focus = run.checks
    .filter((c) => !c.ok && c.at !== undefined)
    .slice(0, MAX_FOCUS)
    .map((c): [number, number] => [Math.max(0, c.at! - FOCUS_US), c.at! + FOCUS_US]);
  const collector = new DiagramCollector(limits?.messages, limits?.notes, focus);
  // The lead-up folds the trace as it streams: no copy of a million-event trace is kept. It reads
  // the blamed operations' clients and keys, the faults and the narrative, and keeps no more.
  const lead = first?.at === undefined ? undefined : new ViolationContext(first, run);
  return { digest: digestOf(run), collector, lead };
}

function replayHtml(scenario: Scenario, sim: SimulateOptions, plan: HtmlPlan, id: string, limits: HtmlLimits | undefined): RunHtmlInput {
  const { collector, lead } = plan;
  const sink: TraceSink = lead === undefined ? collector : { event: (e) => (collector.event(e), lead.event(e)) };
  const run = replayExpecting(scenario, sim, plan.digest, sink);
  const context: ContextLine[] = lead === undefined ? [] : lead.lines();
  return { run, view: runView(id, run, collector.diagram(run.timeline), limits), context, reproduce: reproduceCommand(sim.file, sim.variant, sim.seed) };
}

/** The first run, reduced to its plan in a frame of its own (a caller's frame may keep a temporary alive). */
function firstPass(scenario: Scenario, sim: SimulateOptions): HtmlPlan {
  return planHtml(simulate(scenario, sim), undefined);
}

type HtmlLimits = { messages: number; notes: number; ops: number; effects: number };

/**
 * One replay feeds the diagram (bounded) and, when a check failed at a moment, the narrated
 * lead-up to the first violation (as the text report shows it), both folding the trace as it streams.
 * The page is built from the replay, which equals `run` (same digest).
 */
export function runHtmlInput(scenario: Scenario, sim: SimulateOptions, run: ScenarioRun, id: string, limits?: HtmlLimits): RunHtmlInput {
  return replayHtml(scenario, sim, planHtml(run, limits), id, limits);
}

/**
 * `faultline run --format html`: runs the variant, keeps only the plan, lets the run go, then
 * replays it traced, so a million-event run never has two runs' heaps at once. Returns the page
 * and the run's verdict (for the exit code) and event count.
 */
export function runHtmlPage(scenario: Scenario, sim: SimulateOptions): { html: string; verdict: ScenarioRun['verdict']; events: number } {
  const plan = firstPass(scenario, sim);
  // The first run is garbage now, but V8 sized its heap for a run in full flight: collected now,
  // the replay grows from what is live (the plan), not on top of a first run's leftovers.
  collectGarbage();
  const input = replayHtml(scenario, sim, plan, 'run', undefined);
  return { html: renderRunHtml(input), verdict: input.run.verdict, events: input.run.events };
}

/** `seconds`: the wall-clock time the run took, for JUnit's `time`. */
export function renderRunVisual(format: VisualFormat, scenario: Scenario, sim: SimulateOptions, run: ScenarioRun, seconds?: number): string {
  const reproduce = reproduceCommand(sim.file, sim.variant, sim.seed);
  if (format === 'junit') return renderJunit(runCases(run, reproduce, seconds));
  if (format === 'md') return renderRunMarkdown(run, reproduce);
  return renderRunHtml(runHtmlInput(scenario, sim, run, 'run'));
}

const MAX_FOCUS = 8;
const FOCUS_US = 1_000_000;

/** Each embedded run in a compare page is smaller than a run page's, so the file stays bounded. */
const COMPARE_LIMITS = { messages: 3_000, notes: 1_000, ops: 2_000, effects: 2_000 };

export interface CompareVisualInput {
  matrix: CompareMatrix;
  seedsLabel: string;
  /** The scenario of each name with its file and loaded user code, to re-run one seed per variant. */
  scenarios: Map<string, { scenario: Scenario; file: string; user: SimulateOptions['user'] }>;
  reproduce: (scenario: string, variant: string, seed: number) => string;
  /** The runs compare already made: the page re-runs a chosen one only to trace it, not to get it. */
  runs: readonly ScenarioRun[];
  /** Wall-clock seconds each variant's runs took, for JUnit's `time`. */
  secondsOf?: (scenario: string, variant: string) => number | undefined;
}

export function renderCompareVisual(format: VisualFormat, input: CompareVisualInput): string {
  const { matrix, reproduce } = input;
  if (format === 'junit') return renderJunit(compareCases(matrix, input.seedsLabel, reproduce, input.secondsOf));
  if (format === 'md') return renderCompareMarkdown(matrix, reproduce);
  const runs: CompareHtmlInput['runs'] = [];
  for (const s of matrix.scenarios) {
    const loaded = input.scenarios.get(s.scenario);
    if (loaded === undefined) continue;
    for (const v of s.variants) {
      // The first failing seed of any check shows the bug; a variant that never failed shows its first seed.
      const failing = v.cells.map((c) => c.firstFailingSeed).filter((x): x is number => x !== undefined);
      const seed = failing.length > 0 ? Math.min(...failing) : matrix.seeds[0]!;
      const sim: SimulateOptions = { file: loaded.file, variant: v.variant, seed, user: loaded.user };
      const run = input.runs.find((r) => r.scenario === s.scenario && r.variant === v.variant && r.seed === seed);
      if (run === undefined) throw new Error(`compare made no run of ${s.scenario}/${v.variant} seed ${seed}`);
      const html = runHtmlInput(loaded.scenario, sim, run, `r${runs.length}`, COMPARE_LIMITS);
      runs.push({ ...html, why: failing.length > 0 ? 'the first failing seed' : 'the first seed; every seed passed' });
    }
  }
  return renderCompareHtml({ matrix, runs, reproduce });
}
