/**
 * --shard K/N: the seeds whose index in the sorted seed list is K-1 modulo N. Interleaving (not
 * contiguous blocks) keeps shards equally slow when the cost of a seed drifts along the range,
 * and the N shards partition the seeds exactly.
 */
export function shardSeeds(seeds: readonly number[], shard: { index: number; count: number }): number[] {
  if (!(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new Error(`shard ${shard.index}/${shard.count}: expected 1 ≤ K ≤ N`);
  }
  const sorted = seeds.slice().sort((a, b) => a - b);
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
