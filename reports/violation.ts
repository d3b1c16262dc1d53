import type { CheckVerdict } from '../sim/checks/types.js';
import type { Micros } from '../sim/kernel/time.js';
import type { ScenarioRun } from '../sim/run/result.js';
import type { TraceEvent, TraceSink } from '../sim/world/trace.js';
import { Narrator } from './narrate.js';

/**
 * The lead-up to a violation: the last events at or before the moment it happened that involve
 * the keys (or else the nodes) of the operations and effects the check blamed, narrated. Faults
 * and what they do to nodes (pauses, crashes, clock steps) always count: they are usually the reason.
 */

export const CONTEXT_EVENTS = 10;
/** At most this many of the events the check names (its ops and effects), the latest before the moment. */
export const NAMED_EVENTS = 12;

export interface ContextLine {
  at: Micros;
  text: string;
}

/**
 * The lead-up, plus the causes however long before: the operations and effects the check names
 * (marked "← named by the check") and the start of every fault still in force at the moment
 * (marked "(still in force)"), so a partition that began a minute earlier is not lost among the
 * last ten events.
 */
export function violationContext(v: CheckVerdict, run: ScenarioRun, trace: readonly TraceEvent[], limit = CONTEXT_EVENTS): ContextLine[] {
  const c = new ViolationContext(v, run, limit);
  for (const e of trace) c.event(e);
  return c.lines();
}

/**
 * The same, as a trace sink: folds the trace as it streams, keeping only what it may show. It
 * reads the run once, when built, and keeps only its narrative: the run itself (a big run's
 * history holds hundreds of thousands of operations) can go before the trace is replayed into it.
 */
export class ViolationContext implements TraceSink {
  private readonly at: Micros | undefined;
  private readonly narrative: ScenarioRun['narrative'];
  private readonly blamed: Blamed;
  private readonly namedOps: Set<number>;
  private readonly namedEffects: Set<number>;
  private readonly inForce: Set<string>;
  private readonly narrator = new Narrator();
  private readonly found: ContextLine[] = [];
  private readonly named: ContextLine[] = [];
  private readonly faults: ContextLine[] = [];
  private effectIndex = 0;

  constructor(
    v: CheckVerdict,
    run: ScenarioRun,
    private readonly limit = CONTEXT_EVENTS,
  ) {
    this.at = v.at;
    this.narrative = run.narrative;
    const at = v.at ?? -1;
    this.blamed = blamedSubjects(v, run);
    this.namedOps = new Set(v.ops ?? []);
    this.namedEffects = new Set(v.effects ?? []);
    this.inForce = new Set(
      run.timeline.faults
        .filter((f) => f.startUs !== undefined && f.startUs <= at && (f.endUs === undefined || f.endUs > at))
        .map((f) => `${f.index}/${f.occurrence ?? ''}`),
    );
  }

  event(e: TraceEvent): void {
    if (this.at === undefined || e.at > this.at) return;
    // Narrate every event, so drops and replies can say which message and key they were.
    const text = this.narrator.narrate(e);
    const effect = e.type === 'effect' ? this.effectIndex++ : -1;
    if (text === undefined || e.type === 'start') return;
    if ((e.type === 'op' && this.namedOps.has(e.entry.op)) || (effect >= 0 && this.namedEffects.has(effect))) {
      this.named.push({ at: e.at, text: `${text}  ← named by the check` });
      if (this.named.length > NAMED_EVENTS * 4) this.named.splice(0, this.named.length - NAMED_EVENTS);
      return;
    }
    if (e.type === 'fault' && e.phase === 'start' && this.inForce.has(`${e.index}/${e.occurrence ?? ''}`)) {
      this.faults.push({ at: e.at, text: `${text} (still in force)` });
      return;
    }
    if (!involves(e, this.narrator.subject(e), this.blamed)) return;
    this.found.push({ at: e.at, text });
    if (this.found.length > this.limit * 4) this.found.splice(0, this.found.length - this.limit);
  }

  lines(): ContextLine[] {
    const at = this.at;
    if (at === undefined) return [];
    const story = this.narrative
      .filter((n) => n.at <= at)
      .slice(-1)
      .map((n) => ({ at: n.at, text: `— ${n.text}` }));
    // The scenario's own words for what is going on then come first (a stable sort keeps them so).
    return [...story, ...this.faults, ...this.named.slice(-NAMED_EVENTS), ...this.found.slice(-this.limit)].sort((a, b) => a.at - b.at);
  }
}

interface Blamed {
  /** Clients of the blamed ops and nodes of the blamed effects. */
  nodes: Set<string>;
  /** Keys of the blamed ops and effects: when known, only messages about them are shown. */
  keys: Set<string>;
}

function blamedSubjects(v: CheckVerdict, run: ScenarioRun): Blamed {
  const b: Blamed = { nodes: new Set(), keys: new Set() };
  const ops = new Set(v.ops ?? []);
  for (const h of run.history) {
    if (!ops.has(h.op)) continue;
    b.nodes.add(h.process);
    if (h.key !== undefined) b.keys.add(h.key);
  }
  for (const i of v.effects ?? []) {
    const eff = run.effects[i];
    if (eff === undefined) continue;
    b.nodes.add(eff.node);
    b.keys.add(eff.key);
  }
  return b;
}

/** Events a fault causes on any node: rare, and usually the reason. */
const ALWAYS_SHOWN = new Set<TraceEvent['type']>(['fault', 'pause', 'resume', 'crash', 'restart', 'clock-step']);

/** Faults always; with blamed keys, events about them; otherwise events touching a blamed node (or any, if none). */
function involves(e: TraceEvent, subject: string | undefined, b: Blamed): boolean {
  if (ALWAYS_SHOWN.has(e.type)) return true;
  if (b.keys.size > 0 && subject !== undefined) return b.keys.has(subject);
  if (b.nodes.size === 0) return true;
  switch (e.type) {
    case 'send':
    case 'deliver':
    case 'drop':
    case 'duplicate':
    case 'hold':
      return b.keys.size === 0 && (b.nodes.has(e.from) || b.nodes.has(e.to));
    case 'op':
      return b.nodes.has(e.entry.process);
    case 'effect':
      return b.nodes.has(e.effect.node);
    default:
      return 'node' in e && b.nodes.has(e.node);
  }
}
