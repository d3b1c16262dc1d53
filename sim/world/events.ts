import type { Micros } from '../kernel/time.js';
import type { TimerId } from './ids.js';

/** What the world puts on the kernel's queue: node indices, not ids, on the hot path. */
export type WorldEvent =
  | DeliverEvent
  | TimerEvent
  | { k: 'start'; node: number }
  | { k: 'fault'; index: number; phase: 'start' | 'end' }
  | { k: 'clock-step'; node: number; by: Micros }
  | { k: 'swizzle-step'; index: number; node: number; clog: boolean };

export interface DeliverEvent {
  k: 'deliver';
  from: number;
  to: number;
  id: number;
  msg: unknown;
  dup: boolean;
}

export interface TimerEvent {
  k: 'timer';
  node: number;
  id: TimerId;
  incarnation: number;
  payload: unknown;
  fn: (() => void) | undefined;
  cancelled: boolean;
}
