/**
 * How the load balancer picks a backend among the ones it may use (healthy, not ejected, weight
 * above 0), one function per policy, each O(candidates):
 * - `round-robin`: nginx's smooth weighted round-robin (ngx_http_upstream_get_peer): every pick
 *   adds each candidate's weight to its current weight, takes the largest and subtracts the total
 *   from it, so weights 5:1:1 give a a b a c a a rather than a a a a a b c; equal weights are
 *   plain round-robin;
 * - `random`: a draw in proportion to the weights;
 * - `least-outstanding`: the fewest requests in flight, ties taken in turn (weights ignored);
 * - `power-of-two`: two distinct candidates drawn at random, the one with fewer in flight (the
 *   first drawn on a tie); weights ignored (Envoy's least_request with choice_count 2).
 */
import type { RandomStream } from '../../kernel/random.js';

export type Policy = 'round-robin' | 'random' | 'least-outstanding' | 'power-of-two';

export interface Backend {
  readonly id: string;
  readonly weight: number;
  /** Requests sent and neither answered nor timed out. */
  outstanding: number;
  /** Smooth weighted round-robin's current weight. */
  current: number;
}

export class Picker {
  /** least-outstanding's tie-break: where the next scan starts. */
  private turn = 0;

  constructor(
    private readonly policy: Policy,
    private readonly rng: RandomStream,
  ) {}

  /** One of `candidates` (never empty), by the policy. */
  pick(candidates: readonly Backend[]): Backend {
    switch (this.policy) {
      case 'round-robin':
        return smoothWeighted(candidates);
      case 'random':
        return weightedRandom(candidates, this.rng);
      case 'least-outstanding':
        return this.least(candidates);
      case 'power-of-two':
        return twoChoices(candidates, this.rng);
    }
  }

  private least(candidates: readonly Backend[]): Backend {
    const n = candidates.length;
    const start = this.turn++ % n;
    let best = candidates[start]!;
    for (let i = 1; i < n; i++) {
      const b = candidates[(start + i) % n]!;
      if (b.outstanding < best.outstanding) best = b;
    }
    return best;
  }
}

function smoothWeighted(candidates: readonly Backend[]): Backend {
  let total = 0;
  let best: Backend | undefined;
  for (const b of candidates) {
    b.current += b.weight;
    total += b.weight;
    if (best === undefined || b.current > best.current) best = b;
  }
  best!.current -= total;
  return best!;
}

function weightedRandom(candidates: readonly Backend[], rng: RandomStream): Backend {
  let total = 0;
  for (const b of candidates) total += b.weight;
  let x = rng.next() * total;
  for (const b of candidates) {
    x -= b.weight;
    if (x < 0) return b;
  }
  return candidates[candidates.length - 1]!;
}

function twoChoices(candidates: readonly Backend[], rng: RandomStream): Backend {
  const n = candidates.length;
  if (n === 1) return candidates[0]!;
  const i = Math.floor(rng.next() * n);
  // A second, distinct index: draw among the other n − 1 and skip over the first.
  let j = Math.floor(rng.next() * (n - 1));
  if (j >= i) j++;
  const a = candidates[i]!;
  const b = candidates[j]!;
  return b.outstanding < a.outstanding ? b : a;
}
