import type { Micros } from '../kernel/time.js';

/**
 * Version stamps a replica puts on a write, so replicas that exchange writes agree which one is
 * last. Compared as tuples: the first field first, then `c`, then the origin replica's id (so
 * two replicas never keep different values for equal stamps).
 */
export interface Stamp {
  /** Wall-clock microseconds (wall, hybrid) or a counter (lamport). */
  l: number;
  /** Hybrid logical clock counter within one `l`; 0 otherwise. */
  c: number;
  origin: string;
}

export type StampKind = 'wall' | 'lamport' | 'hybrid';

export function compareStamps(a: Stamp, b: Stamp): number {
  return a.l - b.l || a.c - b.c || (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0);
}

/**
 * A replica's clock for stamping writes. `observe` is fed every stamp the replica hears of (a
 * replicated write, the highest stamp a client has seen); `next` stamps a local write.
 * - wall: the local wall clock alone; `observe` is ignored, so a clock that is behind stamps a
 *   causally later write as older (Cassandra-style last-write-wins).
 * - lamport: a counter that jumps past everything observed (Lamport 1978): causally later writes
 *   always get greater stamps, whatever the wall clocks say.
 * - hybrid: a hybrid logical clock (Kulkarni et al. 2014, as in CockroachDB): the wall clock
 *   when it is ahead of everything observed, else the observed time plus a counter.
 */
export class StampClock {
  private l = 0;
  private c = 0;

  constructor(
    readonly kind: StampKind,
    private readonly origin: string,
    private readonly wallClock: () => Micros,
  ) {}

  observe(s: Stamp | undefined): void {
    if (s === undefined || this.kind === 'wall') return;
    if (s.l > this.l || (s.l === this.l && s.c > this.c)) {
      this.l = s.l;
      this.c = s.c;
    }
  }

  next(): Stamp {
    if (this.kind === 'wall') return { l: this.wallClock(), c: 0, origin: this.origin };
    if (this.kind === 'lamport') return { l: ++this.l, c: 0, origin: this.origin };
    const wall = this.wallClock();
    if (wall > this.l) {
      this.l = wall;
      this.c = 0;
    } else this.c++;
    return { l: this.l, c: this.c, origin: this.origin };
  }
}
