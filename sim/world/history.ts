import type { Micros } from '../kernel/time.js';
import type { NodeId } from './ids.js';

/**
 * The client-visible history, Jepsen style: every operation is an `invoke` followed by at most
 * one completion: `ok` (it happened), `fail` (it certainly did not) or `info` (unknown: the
 * client gave up or crashed). An invoke with no completion by the end of the run is open, which
 * checkers treat like `info`.
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';
export type OpId = number;

export interface HistoryEntry {
  type: OpType;
  /** Pairs an invoke with its completion. */
  op: OpId;
  /** The client node that issued the operation. */
  process: NodeId;
  /** The operation (and, for SLO checks, the endpoint): `charge`, `write`, `read`, `reserve`. */
  f: string;
  /** The object the operation is about (order id, register, seat), for per-key checks. */
  key?: string;
  value?: unknown;
  /** Free-form note on a completion, e.g. `fallback: payment pending` or the error text. */
  note?: string;
  time: Micros;
}

/**
 * A side effect on the outside world (a card charged, a seat sold, a write stored), recorded
 * where it happens. Checkers count these rather than trusting what a model claims.
 */
export interface Effect {
  time: Micros;
  node: NodeId;
  kind: string;
  key: string;
  value?: unknown;
}

export class History {
  readonly entries: HistoryEntry[] = [];
  readonly effects: Effect[] = [];
  private readonly open = new Map<OpId, HistoryEntry>();
  private nextOp = 1;
  /** Operations a run may invoke before `overBudget` is called (once): the history budget. */
  budget = Infinity;
  overBudget: (() => void) | undefined;

  invoke(time: Micros, process: NodeId, f: string, key?: string, value?: unknown): HistoryEntry {
    if (this.nextOp === this.budget + 1) this.overBudget?.();
    const e: HistoryEntry = { type: 'invoke', op: this.nextOp++, process, f, time };
    if (key !== undefined) e.key = key;
    if (value !== undefined) e.value = value;
    this.entries.push(e);
    this.open.set(e.op, e);
    return e;
  }

  /** Completes an open operation; completing one twice or an unknown one is a model bug. */
  complete(time: Micros, op: OpId, type: 'ok' | 'fail' | 'info', value?: unknown, note?: string): HistoryEntry {
    const inv = this.open.get(op);
    if (inv === undefined) throw new Error(`operation ${op} is not open (completed twice, or never invoked)`);
    this.open.delete(op);
    const e: HistoryEntry = { type, op, process: inv.process, f: inv.f, time };
    if (inv.key !== undefined) e.key = inv.key;
    if (value !== undefined) e.value = value;
    if (note !== undefined) e.note = note;
    this.entries.push(e);
    return e;
  }

  isOpen(op: OpId): boolean {
    return this.open.has(op);
  }

  effect(e: Effect): void {
    this.effects.push(e);
  }
}
