/**
 * Seeded randomness split into named streams (`net:node-a`, `clock`, `faults`, `workload`,
 * `node:node-a`...), each seeded from the run seed and its own name, so that a new draw in one
 * place never shifts the draws of another (TigerBeetle's VOPR derives sub-seeds the same way).
 *
 * Algorithm: Baagoe's Alea, as seedrandom's `alea` implements it (the same draws, bit for bit:
 * test/kernel/random.spec.ts compares them), here as a class whose state is its own fields, so a
 * draw is one monomorphic method call with no closure in between. It is on the hot path (every
 * message draws a latency and a loss roll) and runs at a few ns a draw, with a period of about
 * 2^116 and string seeding, which is what named streams need.
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
      s = new Alea(`${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}

/** Alea (Johannes Baagoe): three lagged 32-bit fractions and a carry, seeded through Mash. */
export class Alea implements RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(seed: string) {
    const mash = masher();
    this.s0 = mash(' ');
    this.s1 = mash(' ');
    this.s2 = mash(' ');
    this.s0 -= mash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }
}

/** Baagoe's Mash: a string hash with state carried between calls, as Alea's seeding uses it. */
function masher(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
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
