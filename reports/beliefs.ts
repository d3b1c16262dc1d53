import { formatMicros } from '../sim/kernel/time.js';
import type { Effect } from '../sim/world/history.js';
import type { TraceEvent } from '../sim/world/trace.js';
import { at } from './format.js';

/**
 * What each node believes beside what is true, at any moment of a run, derived from its trace
 * alone so it works for every model: a node's belief is the latest thing it noted (`ctx.note`,
 * which models use to say what they think: "believes it leads with token 1"), qualified by what
 * it cannot know (it is frozen by a pause, or down); the truth is the latest effect on the outside
 * world per (node, kind, key): the lock service's latest grant, the storage's latest write.
 */

export interface BeliefLine {
  node: string;
  text: string;
  /** Set while the node is paused or down: the belief is frozen and may be stale. */
  condition?: string;
}

export interface TruthLine {
  node: string;
  text: string;
}

const MAX_TRUTHS = 4;

export class BeliefTracker {
  private readonly notes = new Map<string, string>();
  private readonly conditions = new Map<string, string>();
  private readonly truths = new Map<string, { node: string; kind: string; key: string; count: number; value: unknown; seq: number }>();
  private seq = 0;

  /** Feeds one event; true when what the panel shows changed in a way worth showing again. */
  update(e: TraceEvent): boolean {
    switch (e.type) {
      case 'note': {
        const changed = this.notes.get(e.node) !== e.text;
        this.notes.set(e.node, e.text);
        return changed;
      }
      case 'pause':
        this.conditions.set(e.node, `frozen (${e.reason}) since ${at(e.at)}: it cannot tell time is passing`);
        return true;
      case 'crash':
        this.conditions.set(e.node, `down since ${at(e.at)}`);
        return true;
      case 'resume':
      case 'restart':
        return this.conditions.delete(e.node);
      case 'effect':
        return this.effect(e.effect);
      default:
        return false;
    }
  }

  beliefs(): BeliefLine[] {
    const nodes = [...new Set([...this.notes.keys(), ...this.conditions.keys()])];
    return nodes.map((node) => {
      const line: BeliefLine = { node, text: this.notes.get(node) ?? '(has said nothing yet)' };
      const condition = this.conditions.get(node);
      if (condition !== undefined) line.condition = condition;
      return line;
    });
  }

  /** The most recently changed facts, newest last. */
  truth(): TruthLine[] {
    return [...this.truths.values()]
      .sort((a, b) => a.seq - b.seq)
      .slice(-MAX_TRUTHS)
      .map((t) => {
        const summary = summarize(t.value);
        return { node: t.node, text: `${t.kind} ${t.key}${t.count > 1 ? ` (×${t.count})` : ''}${summary ? `: ${summary}` : ''}` };
      });
  }

  /**
   * A new fact, a different first field (another holder, another writer) or a second occurrence
   * (a double charge) is news; the same holder renewing or writing again is not.
   */
  private effect(eff: Effect): boolean {
    const id = `${eff.node}\u0000${eff.kind}\u0000${eff.key}`;
    const prev = this.truths.get(id);
    const count = (prev?.count ?? 0) + 1;
    this.truths.set(id, { node: eff.node, kind: eff.kind, key: eff.key, count, value: eff.value, seq: this.seq++ });
    return prev === undefined || headline(prev.value) !== headline(eff.value) || (prev.count === 1 && count === 2);
  }
}

function headline(value: unknown): string {
  return summarize(value).split(', ')[0] ?? '';
}

/** Fields in microseconds (leaseUs, expiresAtUs): shown in human units, `lease 5s`. */
const MICROS_KEY = /(?<=[a-z])Us$/;

/**
 * An effect's value in a few words: `holder worker-2, token 2`. The fields of an object one level
 * down come first, in its place: a database row write `{ value: { holder, token }, version }` reads
 * `holder worker-2, token 2, version 7`.
 */
export function summarize(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  const scalars = (o: object) => Object.entries(o).filter(([, v]) => v === null || typeof v !== 'object');
  const parts = Object.entries(value as Record<string, unknown>)
    .flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? scalars(v) : scalars({ [k]: v })))
    .map(([k, v]) => (typeof v === 'number' && MICROS_KEY.test(k) ? `${k.replace(MICROS_KEY, '')} ${formatMicros(v)}` : `${k} ${String(v)}`));
  const s = parts.join(', ');
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
