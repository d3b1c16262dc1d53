import { TraceDigest } from '../kernel/digest.js';

/**
 * A digest over a whole sweep that does not depend on the order runs finished in, nor on how the
 * seeds were split into shards: each run's (variant, seed, trace digest) is hashed, and the hashes
 * are added lane by lane modulo 2^32. Merging shards adds their digests the same way.
 */
export const EMPTY_SWEEP_DIGEST = '0000000000000000';

export function runHash(variant: string, seed: number, traceDigest: string): string {
  const d = new TraceDigest();
  d.addString(variant);
  d.add(seed);
  d.addString(traceDigest);
  return d.hex();
}

export function addDigests(a: string, b: string): string {
  const lane = (h: string, i: number) => parseInt(h.slice(i * 8, i * 8 + 8), 16);
  const sum = (i: number) => ((lane(a, i) + lane(b, i)) >>> 0).toString(16).padStart(8, '0');
  return sum(0) + sum(1);
}
