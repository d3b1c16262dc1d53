import type { CheckVerdict } from '../sim/checks/types.js';
import type { Micros } from '../sim/kernel/time.js';
import type { ScenarioRun } from '../sim/run/result.js';
import type { TraceEvent } from '../sim/world/trace.js';
import { BeliefTracker, summarize } from './beliefs.js';
import { at, columns, plural } from './format.js';
import { Narrator } from './narrate.js';
import { plain, type Style } from './style.js';

/**
 * The classroom demo's script: the run as a sequence of beats, each an event in plain words, a
 * narrative line, a violation, or the panel of what each node believes beside what is true.
 * `stop` marks the beats worth pausing on (a belief or the truth changed, a fault, a narrative
 * line, a violation): one key press in `--step` mode goes to the next of them. bin/demo plays it.
 */

export interface Beat {
  at: Micros;
  kind: 'event' | 'narrative' | 'violation' | 'panel' | 'end';
  lines: string[];
  stop: boolean;
  /** For events: the sentence without its time, so repeats can be folded into one line. */
  text?: string;
}

export interface DemoOptions {
  /** Show every message sent and delivered (off: only lost, duplicated and held ones). */
  messages?: boolean;
  style?: Style;
}

const QUIET = new Set<TraceEvent['type']>(['start', 'timer', 'send', 'deliver']);
const FAULTY = new Set<TraceEvent['type']>(['fault', 'pause', 'resume', 'crash', 'restart', 'clock-step']);

export function demoBeats(run: ScenarioRun, trace: readonly TraceEvent[], reproduce: string, opts: DemoOptions = {}): Beat[] {
  const style = opts.style ?? plain;
  const narrator = new Narrator();
  const beliefs = new BeliefTracker();
  const beats: Beat[] = [];
  const story = run.narrative.slice().sort((a, b) => a.at - b.at);
  const violations = run.checks.filter((c) => !c.ok && c.at !== undefined).sort((a, b) => a.at! - b.at!);
  /** Nodes at the instant they resumed or restarted: what they do first is the story, messages included. */
  const woke = new Map<string, Micros>();
  let s = 0;
  let v = 0;

  const flushViolations = (upTo: Micros) => {
    while (v < violations.length && violations[v]!.at! <= upTo) beats.push(violationBeat(violations[v++]!, style));
  };
  for (const e of trace) {
    flushViolations(e.at - 1);
    while (s < story.length && story[s]!.at <= e.at) {
      const n = story[s++]!;
      beats.push({ at: n.at, kind: 'narrative', lines: ['', style.blue.bold(`  ▌ ${n.text}`), ''], stop: true });
    }
    const said = narrator.narrate(e);
    const text = e.type === 'effect' && said !== undefined ? withValue(said, e.effect.value) : said;
    const changed = beliefs.update(e);
    if (e.type === 'resume' || e.type === 'restart') woke.set(e.node, e.at);
    const justWoke = e.type === 'send' && woke.get(e.from) === e.at;
    if (text !== undefined && (opts.messages === true || justWoke || !QUIET.has(e.type))) {
      beats.push({ at: e.at, kind: 'event', lines: [eventLine(e.at, text, style)], stop: FAULTY.has(e.type), text });
    }
    if (changed) beats.push({ at: e.at, kind: 'panel', lines: panel(beliefs, style), stop: true });
  }
  flushViolations(Infinity);
  beats.push({ at: run.endUs, kind: 'end', lines: verdict(run, reproduce, style), stop: true });
  return beats;
}

/**
 * Beats grouped into chapters that each end at a stop: what one key press shows. Repeated
 * sentences in a row ("storage: write leader took effect") fold into one line with a count.
 */
export function chapters(beats: readonly Beat[], style: Style = plain): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let run: Beat[] = [];
  const flushRun = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    current.push(run.length === 1 ? first.lines[0]! : eventLine(first.at, `${first.text!}  ${style.dim(`(×${run.length}, until ${at(last.at)})`)}`, style));
    run = [];
  };
  for (const b of beats) {
    if (b.kind === 'event' && !b.stop) {
      if (run.length > 0 && run[0]!.text !== b.text) flushRun();
      run.push(b);
      continue;
    }
    flushRun();
    current.push(...b.lines);
    if (b.stop) {
      out.push(current);
      current = [];
    }
  }
  flushRun();
  if (current.length > 0) out.push(current);
  return out;
}

/** `storage: write leader took effect (holder worker-1, token 1)`: who is behind an effect matters. */
function withValue(text: string, value: unknown): string {
  const head = summarize(value).split(', ').slice(0, 2).join(', ');
  return head === '' ? text : `${text} (${head})`;
}

function eventLine(t: Micros, text: string, style: Style): string {
  return `  ${style.dim(at(t).padEnd(11))} ${text}`;
}

function panel(b: BeliefTracker, style: Style): string[] {
  const rows: string[][] = [];
  b.beliefs().forEach((l, i) =>
    rows.push([i === 0 ? style.bold('believes') : '', style.bold(l.node), l.text + (l.condition ? style.yellow(`  [${l.condition}]`) : '')]),
  );
  b.truth().forEach((l, i) => rows.push([i === 0 ? style.bold('truth') : '', style.bold(l.node), style.green(l.text)]));
  return columns(rows).map((l) => `      ${style.dim('│')} ${l}`);
}

function violationBeat(c: CheckVerdict, style: Style): Beat {
  return {
    at: c.at!,
    kind: 'violation',
    lines: ['', style.red.bold(`  ✗ ${at(c.at!)}  ${c.name} (${c.kind}) is violated`), style.red(`    ${c.detail}`), ''],
    stop: true,
  };
}

function verdict(run: ScenarioRun, reproduce: string, style: Style): string[] {
  const failed = run.checks.filter((c) => !c.ok);
  const lines = [
    '',
    failed.length === 0
      ? style.green.bold(`PASS  all ${plural(run.checks.length, 'check')} held (${run.scenario}, variant ${run.variant}, seed ${run.seed})`)
      : style.red.bold(`FAIL  ${failed.length} of ${plural(run.checks.length, 'check')} failed (${run.scenario}, variant ${run.variant}, seed ${run.seed})`),
  ];
  for (const c of run.checks) lines.push(`  ${c.ok ? style.green('✓') : style.red('✗')} ${c.name}: ${c.detail}`);
  lines.push('', `Replay it: ${style.cyan(reproduce)}`);
  return lines;
}
