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
  // A violation is told once every event it names (its ops, invoked to answered, and effects) has
  // been narrated: its detail may quote them, and a line must not quote what has not happened yet.
  const violations = run.checks
    .filter((c) => !c.ok && c.at !== undefined)
    .map((c) => ({ c, tellAt: Math.max(c.at!, lastNamed(c, run)) }))
    .sort((a, b) => a.tellAt - b.tellAt);
  let lastTruth = '';
  /** Nodes at the instant they resumed or restarted: what they do first is the story, messages included. */
  const woke = new Map<string, Micros>();
  let s = 0;
  let v = 0;

  const flushViolations = (upTo: Micros) => {
    while (v < violations.length && violations[v]!.tellAt <= upTo) {
      const { c, tellAt } = violations[v++]!;
      beats.push(violationBeat(c, tellAt, style));
    }
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
    if (changed) {
      // The truth rows only when the truth changed since they were last shown.
      const truth = beliefs
        .truth()
        .map((l) => `${l.node} ${l.text}`)
        .join('\n');
      beats.push({ at: e.at, kind: 'panel', lines: panel(beliefs, style, truth !== lastTruth), stop: true });
      lastTruth = truth;
    }
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

function panel(b: BeliefTracker, style: Style, withTruth: boolean): string[] {
  const rows: string[][] = [];
  b.beliefs().forEach((l, i) =>
    rows.push([i === 0 ? style.bold('believes') : '', style.bold(l.node), l.text + (l.condition ? style.yellow(`  [${l.condition}]`) : '')]),
  );
  if (withTruth) b.truth().forEach((l, i) => rows.push([i === 0 ? style.bold('truth') : '', style.bold(l.node), style.green(l.text)]));
  return columns(rows).map((l) => `      ${style.dim('│')} ${l}`);
}

function violationBeat(c: CheckVerdict, tellAt: Micros, style: Style): Beat {
  const late = tellAt > c.at! ? [style.dim(`    (told at ${at(tellAt)}, once the events it names had all happened)`)] : [];
  return {
    at: tellAt,
    kind: 'violation',
    lines: ['', style.red.bold(`  ✗ ${at(c.at!)}  ${c.name} (${c.kind}) is violated`), style.red(`    ${c.detail}`), ...late, ''],
    stop: true,
  };
}

/** The time of the last event a verdict names: its effects, and its operations' invokes and answers. */
function lastNamed(c: CheckVerdict, run: ScenarioRun): Micros {
  let last = -1;
  for (const i of c.effects ?? []) last = Math.max(last, run.effects[i]?.time ?? -1);
  const ops = new Set(c.ops ?? []);
  if (ops.size > 0) for (const h of run.history) if (ops.has(h.op)) last = Math.max(last, h.time);
  return last;
}

/**
 * Lines wrapped to `width` columns at spaces, never inside a word (unless one alone is wider),
 * continuation lines indented under the text: after the leading spaces and a `t=…` time column.
 * Colour codes take no width. For a terminal; a pipe gets the lines as they are.
 */
export function wrapLines(lines: readonly string[], width: number | undefined): string[] {
  if (width === undefined || !(width >= 20)) return lines.slice();
  return lines.flatMap((l) => l.split('\n')).flatMap((l) => wrapLine(l, width));
}

const SGR_CODE = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => [...s.replace(SGR_CODE, '')].length;

function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  const plainText = line.replace(SGR_CODE, '');
  const lead = /^(\s*(?:[│▌✗]\s+)?(?:t=\S+\s+)?)/.exec(plainText)?.[1]?.length ?? 0;
  const indent = ' '.repeat(Math.min(lead, Math.floor(width / 2)));
  const out: string[] = [];
  let current = '';
  let currentWidth = 0;
  // Words with the spaces before them; a colour code sticks to the word it precedes.
  for (const word of line.match(/\s*\S+/g) ?? []) {
    const w = visibleLength(word);
    if (currentWidth > 0 && currentWidth + w > width) {
      out.push(current);
      const bare = word.replace(/^\s+/, '');
      current = indent + bare;
      currentWidth = indent.length + visibleLength(bare);
    } else {
      current += word;
      currentWidth += w;
    }
  }
  if (current !== '') out.push(current);
  return out;
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
