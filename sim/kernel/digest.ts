/**
 * Incremental 64-bit trace digest: two independent 32-bit murmur3-style lanes fed with the
 * integer fields of each event (kind, time, node, peer, message id). Only integers go in, so
 * it costs a few multiplies an event and needs no serialisation on the hot path.
 */
export class TraceDigest {
  private h1 = 0x9747b28c | 0;
  private h2 = 0x1b873593 | 0;

  /** Mixes in a non-negative or negative integer up to 2^53. */
  add(value: number): void {
    const lo = value | 0;
    const hi = Math.floor(value / 4294967296) | 0;
    this.h1 = lane(lane(this.h1, lo), hi);
    this.h2 = lane(lane(this.h2, lo ^ 0x5bd1e995), hi ^ 0x27d4eb2f);
  }

  /** Mixes in a value known to fit in 32 bits (codes, node indices, ids): half the work of `add`. */
  add32(value: number): void {
    this.h1 = lane(this.h1, value | 0);
    this.h2 = lane(this.h2, (value | 0) ^ 0x5bd1e995);
  }

  /**
   * Mixes in one traced event: `t` and `b`, `c` (integers up to ±2^53) and `w` (32 bits). Eight
   * 32-bit words (each value's low and high halves, `w`, a constant) in four pairs, a pair's words
   * into the two lanes, which then feed each other (MurmurHash3 x86_128's block step on two
   * lanes): every word reaches all 64 bits of state, at about half the cost of `add`ing each.
   */
  addEvent(t: number, w: number, b: number, c: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let k1 = t | 0;
    let k2 = Math.floor(t / 4294967296) | 0;
    for (let i = 0; ; i++) {
      k1 = Math.imul(k1, 0x239b961b);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, 0xab0e9789);
      h1 = (h1 << 19) | (h1 >>> 13);
      h1 = (Math.imul((h1 + h2) | 0, 5) + 0x561ccd1b) | 0;
      k2 = Math.imul(k2, 0xab0e9789);
      k2 = (k2 << 16) | (k2 >>> 16);
      h2 ^= Math.imul(k2, 0x38b34ae5);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul((h2 + h1) | 0, 5) + 0x0bcaa747) | 0;
      if (i === 0) {
        k1 = w | 0;
        k2 = b | 0;
      } else if (i === 1) {
        k1 = Math.floor(b / 4294967296) | 0;
        k2 = c | 0;
      } else if (i === 2) {
        k1 = Math.floor(c / 4294967296) | 0;
        k2 = 0x27d4eb2f;
      } else break;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  addString(s: string): void {
    for (let i = 0; i < s.length; i++) this.add32(s.charCodeAt(i));
    this.add32(s.length);
  }

  hex(): string {
    return (fmix(this.h1) >>> 0).toString(16).padStart(8, '0') + (fmix(this.h2) >>> 0).toString(16).padStart(8, '0');
  }
}

function lane(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
