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
