import seedrandom from 'seedrandom';

/**
 * Seeded randomness split into named streams (`net:node-a`, `clock`, `faults`, `workload`,
 * `node:node-a`...), each seeded from the run seed and its own name, so that a new draw in one
 * place never shifts the draws of another (TigerBeetle's VOPR derives sub-seeds the same way).
 *
 * Algorithm: seedrandom's Alea. It is on the hot path (every message draws a latency and a loss
 * roll) and runs at a few ns a draw, several times faster than seedrandom's default ARC4, with a
 * period of about 2^116 and string seeding, which is what named streams need.
 */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      const prng = seedrandom.alea(`${this.seed}/${name}`);
      s = { next: prng };
      this.streams.set(name, s);
    }
    return s;
  }
}

/** Uniform integer in [lo, hi] (both inclusive). */
export function randomInt(r: RandomStream, lo: number, hi: number): number {
  return lo + Math.floor(r.next() * (hi - lo + 1));
}

/** Standard normal draw (Box–Muller); uses two draws so the stream stays in step. */
export function randomNormal(r: RandomStream): number {
  const u1 = 1 - r.next(); // (0, 1]: log(0) is not a number
  const u2 = r.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(r: RandomStream, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
