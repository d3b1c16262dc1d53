import { formatMicros, type Micros } from '../kernel/time.js';
import { swizzleSchedule, type Fault } from '../world/faults.js';

/** When every fault had ended, or which fault never ends. */
export type FaultsEnd = { healed: true; atUs: Micros } | { healed: false; fault: number; why: string };

/** Faults a `heal` fault ends (the world ends partitions and clogs active when a heal starts). */
const HEALABLE = new Set<Fault['kind']>([
  'partition',
  'partition-one-way',
  'isolate',
  'partition-halves',
  'partition-majority-ring',
  'partition-bridge',
  'clog',
]);

/**
 * The true time at which the last fault ended, mirroring how the world ends them: a `duration`
 * ends a fault; a swizzle when it releases its last node (swizzleSchedule); a partition or
 * clog without one ends at the next `heal`; a crash without one never restarts, and a loss,
 * latency or duplicate fault without one lasts the whole run. `nodeCount` is for a swizzle
 * over every node.
 */
export function faultsEnd(faults: readonly Fault[], nodeCount: number): FaultsEnd {
  let atUs: Micros = 0;
  for (let i = 0; i < faults.length; i++) {
    const end = faultEndUs(faults, i, nodeCount);
    if (end === undefined) {
      const f = faults[i]!;
      const what = 'node' in f ? `${f.kind} of ${f.node}` : f.kind;
      const why = f.kind === 'crash' ? 'has no duration, so the node never restarts' : 'has no duration and no later heal';
      return { healed: false, fault: i, why: `fault #${i} (${f.label ?? what} at ${formatMicros(f.at)}) ${why}` };
    }
    atUs = Math.max(atUs, end);
  }
  return { healed: true, atUs };
}

function faultEndUs(faults: readonly Fault[], i: number, nodeCount: number): Micros | undefined {
  const f = faults[i]!;
  if (f.kind === 'heal' || f.kind === 'clock-step') return f.at;
  if (f.kind === 'swizzle') return swizzleSchedule(f, f.nodes?.length ?? nodeCount).endUs;
  if (f.duration !== undefined) return f.at + f.duration;
  if (!HEALABLE.has(f.kind)) return undefined;
  // Same-time faults start in file order, so a heal listed earlier at the same instant misses it.
  let end: Micros | undefined;
  faults.forEach((h, j) => {
    if (h.kind === 'heal' && (h.at > f.at || (h.at === f.at && j > i)) && (end === undefined || h.at < end)) end = h.at;
  });
  return end;
}
