import type { Micros } from '../kernel/time.js';

/**
 * What capacity faults do to a node's service, as the model sees it (`ctx.conditions()`): the
 * generic blocks multiply their service time by `slowdown` and add `extraUs`, keep `capacity` of
 * their workers, and answer `errorRate` of the requests they take with `error`. The world only
 * records them; a model decides what "service time" and "workers" mean. Overlapping faults
 * compose: slowdowns multiply, extras add, the smallest capacity wins, error rates combine as
 * independent chances (1 − Π(1 − r)), the latest error text is used.
 */
export interface NodeConditions {
  slowdown: number;
  extraUs: Micros;
  capacity: number;
  errorRate: number;
  error: string;
  retryable: boolean;
  /** The version the node runs (`initial` until a deploy). */
  version: string;
  /** Workers a controller (an autoscaler) set for the node; undefined: the model's own number. */
  workers?: number;
}

export const NORMAL: Readonly<NodeConditions> = Object.freeze({
  slowdown: 1,
  extraUs: 0,
  capacity: 1,
  errorRate: 0,
  error: '503 injected error',
  retryable: true,
  version: 'initial',
});

export type ConditionChange =
  | { kind: 'slowdown'; factor: number; extraUs: Micros }
  | { kind: 'capacity'; fraction: number }
  | { kind: 'errors'; rate: number; error: string; retryable: boolean };

/** One node's conditions: the changes in force, by the fault occurrence that made them. */
export class ConditionState {
  private readonly active = new Map<number, ConditionChange>();
  private current: NodeConditions = { ...NORMAL };

  get value(): Readonly<NodeConditions> {
    return this.current;
  }

  add(occurrence: number, change: ConditionChange): void {
    this.active.set(occurrence, change);
    this.recompute();
  }

  remove(occurrence: number): void {
    if (this.active.delete(occurrence)) this.recompute();
  }

  setVersion(version: string): void {
    this.current = { ...this.current, version };
  }

  setWorkers(workers: number | undefined): void {
    const { workers: _, ...rest } = this.current;
    this.current = workers === undefined ? rest : { ...rest, workers };
  }

  private recompute(): void {
    const c: NodeConditions = { ...NORMAL, version: this.current.version };
    if (this.current.workers !== undefined) c.workers = this.current.workers;
    let ok = 1;
    // Map order is insertion order: the latest error text is the last one started.
    for (const ch of this.active.values()) {
      if (ch.kind === 'slowdown') {
        c.slowdown *= ch.factor;
        c.extraUs += ch.extraUs;
      } else if (ch.kind === 'capacity') c.capacity = Math.min(c.capacity, ch.fraction);
      else {
        ok *= 1 - ch.rate;
        c.error = ch.error;
        c.retryable = ch.retryable;
      }
    }
    c.errorRate = 1 - ok;
    this.current = c;
  }
}
