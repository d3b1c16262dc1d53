import type { Micros } from '../kernel/time.js';
import type { Effect, HistoryEntry } from './history.js';
import type { MessageId, NodeId, TimerId } from './ids.js';
import type { Fault } from './faults.js';

export type DropReason = 'loss' | 'partition' | 'node-down';

/**
 * One event of a run, in the order it happened. The trace is what diagrams and narration are
 * drawn from; the history (client operations) is what checkers judge.
 */
export type TraceEvent =
  | { type: 'start'; at: Micros; node: NodeId }
  | { type: 'send'; at: Micros; from: NodeId; to: NodeId; id: MessageId; msg: unknown }
  | { type: 'deliver'; at: Micros; from: NodeId; to: NodeId; id: MessageId; msg: unknown; duplicate: boolean }
  | { type: 'drop'; at: Micros; from: NodeId; to: NodeId; id: MessageId; reason: DropReason }
  | { type: 'duplicate'; at: Micros; from: NodeId; to: NodeId; id: MessageId }
  | { type: 'hold'; at: Micros; from: NodeId; to: NodeId; id: MessageId }
  | { type: 'timer'; at: Micros; node: NodeId; timer: TimerId }
  | { type: 'pause'; at: Micros; node: NodeId; reason: string }
  | { type: 'resume'; at: Micros; node: NodeId; pausedUs: Micros }
  | { type: 'crash'; at: Micros; node: NodeId; lostWrites: number }
  | { type: 'restart'; at: Micros; node: NodeId }
  | { type: 'clock-step'; at: Micros; node: NodeId; byUs: Micros }
  | { type: 'fault'; at: Micros; phase: 'start' | 'end'; index: number; fault: Fault; occurrence?: number }
  | { type: 'deploy'; at: Micros; node: NodeId; version: string }
  | { type: 'op'; at: Micros; entry: HistoryEntry }
  | { type: 'effect'; at: Micros; effect: Effect }
  | { type: 'note'; at: Micros; node: NodeId; text: string };

export type TraceEventType = TraceEvent['type'];

/** Receives the trace as it happens, so a long run need not keep it in memory. */
export interface TraceSink {
  event(e: TraceEvent): void;
}

/** Keeps every event: for tests, reports and short runs. */
export class ArrayTraceSink implements TraceSink {
  readonly events: TraceEvent[] = [];
  event(e: TraceEvent): void {
    this.events.push(e);
  }
}

/** Integer codes of event types, for the digest. Append only: changing one changes every digest. */
export const TRACE_CODE: Record<TraceEventType, number> = {
  start: 1,
  send: 2,
  deliver: 3,
  drop: 4,
  duplicate: 5,
  hold: 6,
  timer: 7,
  pause: 8,
  resume: 9,
  crash: 10,
  restart: 11,
  'clock-step': 12,
  fault: 13,
  op: 14,
  effect: 15,
  note: 16,
  deploy: 17,
};
