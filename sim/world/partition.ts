import type { NodeId } from './ids.js';

/**
 * Partition shapes as lists of blocked directed links (from → to). The classic shapes follow
 * Jepsen's nemeses: isolate one node, halves, a majority ring (every node sees a majority, no
 * two see the same one) and a bridge (two halves joined only through one node).
 */
export type Link = readonly [from: NodeId, to: NodeId];

/** Symmetric: no node of one group reaches a node of another. */
export function groupsPartition(groups: readonly (readonly NodeId[])[]): Link[] {
  const out: Link[] = [];
  for (let a = 0; a < groups.length; a++)
    for (let b = 0; b < groups.length; b++) {
      if (a === b) continue;
      for (const x of groups[a]!) for (const y of groups[b]!) out.push([x, y]);
    }
  return out;
}

/** One-way: messages from `from` to `to` are lost; the reverse direction still works. */
export function oneWayPartition(from: readonly NodeId[], to: readonly NodeId[]): Link[] {
  const out: Link[] = [];
  for (const x of from) for (const y of to) if (x !== y) out.push([x, y]);
  return out;
}

export function isolate(node: NodeId, all: readonly NodeId[], direction: 'both' | 'in' | 'out' = 'both'): Link[] {
  const others = all.filter((n) => n !== node);
  if (direction === 'out') return oneWayPartition([node], others);
  if (direction === 'in') return oneWayPartition(others, [node]);
  return groupsPartition([[node], others]);
}

/** First half (rounded down) against the rest, in the order given. */
export function halves(nodes: readonly NodeId[]): Link[] {
  const mid = Math.floor(nodes.length / 2);
  return groupsPartition([nodes.slice(0, mid), nodes.slice(mid)]);
}

/** Each node keeps links to its ring neighbours within a distance that makes up a majority. */
export function majorityRing(nodes: readonly NodeId[]): Link[] {
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const out: Link[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d = Math.min((i - j + n) % n, (j - i + n) % n);
      if (d > reach) out.push([nodes[i]!, nodes[j]!]);
    }
  return out;
}

/** Two halves that only the middle node connects; the bridge node talks to everyone. */
export function bridge(nodes: readonly NodeId[]): Link[] {
  const mid = Math.floor(nodes.length / 2);
  const bridgeNode = nodes[mid]!;
  const left = nodes.slice(0, mid);
  const right = nodes.slice(mid + 1);
  return groupsPartition([left, right]).filter(([a, b]) => a !== bridgeNode && b !== bridgeNode);
}
