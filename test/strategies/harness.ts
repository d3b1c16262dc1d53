import { RandomStreams } from '../../sim/kernel/random.js';
import type { Micros } from '../../sim/kernel/time.js';
import type { Call, Outcome } from '../../sim/strategies/index.js';
import type { StrategyEnv } from '../../sim/strategies/index.js';

/**
 * A manual virtual clock and timer queue, ordered by (time, sequence), seeded from RandomStreams:
 * strategies run against it exactly as inside a node, and tests assert exact virtual times.
 */
export class TestEnv implements StrategyEnv {
  nowUs: Micros = 0;
  readonly random;
  readonly notes: string[] = [];
  private seq = 0;
  private readonly timers = new Map<number, { atUs: Micros; seq: number; fn: () => void }>();

  constructor(seed = 1, stream = 'node:test') {
    this.random = new RandomStreams(seed).stream(stream);
  }

  now(): Micros {
    return this.nowUs;
  }

  after(delayUs: Micros, fn: () => void): number {
    if (!(delayUs >= 0) || !Number.isInteger(delayUs)) throw new Error(`bad timer delay ${delayUs}`);
    const id = ++this.seq;
    this.timers.set(id, { atUs: this.nowUs + delayUs, seq: id, fn });
    return id;
  }

  cancelTimer(id: number): void {
    this.timers.delete(id);
  }

  note(text: string): void {
    this.notes.push(`${this.nowUs} ${text}`);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Fires every timer due at or before `tUs` in (time, seq) order, then sets the clock to `tUs`. */
  advanceTo(tUs: Micros): void {
    for (let i = 0; i < 1_000_000; i++) {
      const next = this.nextTimer();
      if (next === undefined || next[1].atUs > tUs) break;
      this.timers.delete(next[0]);
      this.nowUs = next[1].atUs;
      next[1].fn();
    }
    this.nowUs = Math.max(this.nowUs, tUs);
  }

  advanceBy(dUs: Micros): void {
    this.advanceTo(this.nowUs + dUs);
  }

  /** Runs until no timer is left. */
  runAll(): void {
    for (let i = 0; i < 1_000_000 && this.timers.size > 0; i++) this.advanceTo(this.nextTimer()![1].atUs);
  }

  private nextTimer(): [number, { atUs: Micros; seq: number; fn: () => void }] | undefined {
    let best: [number, { atUs: Micros; seq: number; fn: () => void }] | undefined;
    for (const e of this.timers) {
      if (best === undefined || e[1].atUs < best[1].atUs || (e[1].atUs === best[1].atUs && e[1].seq < best[1].seq)) best = e;
    }
    return best;
  }
}

export interface Script<T> {
  /** Start times of each invocation. */
  startsUs: Micros[];
  call: Call<T>;
}

/**
 * A fake remote call: invocation i answers `steps[i]` (the last step repeats) after its latency;
 * `latencyUs: undefined` never answers.
 */
export function scripted<T = unknown>(env: TestEnv, steps: { latencyUs?: Micros; outcome: Outcome<T> }[]): Script<T> {
  const startsUs: Micros[] = [];
  const call: Call<T> = (done) => {
    const step = steps[Math.min(startsUs.length, steps.length - 1)]!;
    startsUs.push(env.nowUs);
    if (step.latencyUs !== undefined) env.after(step.latencyUs, () => done(step.outcome));
  };
  return { startsUs, call };
}

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });
export const err = (retryable = true): Outcome<never> => ({ kind: 'error', error: '503', retryable });

/** Starts `call` and collects what it answers, with the time of each answer. */
export function start<T>(env: TestEnv, call: Call<T>): { outcomes: Outcome<T>[]; atUs: Micros[] } {
  const got = { outcomes: [] as Outcome<T>[], atUs: [] as Micros[] };
  call((o) => {
    got.outcomes.push(o);
    got.atUs.push(env.nowUs);
  });
  return got;
}
