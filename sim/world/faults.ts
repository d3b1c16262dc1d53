import { z } from 'zod';
import { formatMicros } from '../kernel/time.js';
import { duration, nodeId, positiveDuration, probability, signedDuration } from '../units/human-units.js';
import { latencySchema } from './latency.js';

/**
 * Faults as plain data (TigerBeetle's and FoundationDB's simulators work the same way), so a
 * later step can draw them at random per seed and shrink them. Every fault starts `at` a true
 * time; a `duration` ends it (heals the partition, resumes the paused node, restarts the crashed
 * one); without one it lasts until a `heal` or the end of the run.
 */
/** The fault happens `count` times, every `every` from its `at` (each time as if written out). */
const repeatSchema = z.strictObject({ every: positiveDuration, count: z.number().int().min(1).max(10_000) });

const base = {
  at: duration,
  /** Shown in reports and narration: "GC pause", "rack switch reboots". */
  label: z.string().optional(),
  repeat: repeatSchema.optional(),
};
const timed = { ...base, duration: positiveDuration.optional() };
/** Capacity faults act on one node's service (the generic blocks honour them: ctx.conditions()). */
const onNode = { ...timed, node: nodeId };
const links = { from: z.array(nodeId).optional(), to: z.array(nodeId).optional() };
const someNodes = { nodes: z.array(nodeId).min(2).optional() };

export const faultSchema = z.discriminatedUnion('kind', [
  /** Symmetric partition between groups. */
  z.strictObject({ kind: z.literal('partition'), ...timed, groups: z.array(z.array(nodeId).min(1)).min(2) }),
  /** Messages from `from` to `to` are lost; replies still get through. */
  z.strictObject({ kind: z.literal('partition-one-way'), ...timed, from: z.array(nodeId).min(1), to: z.array(nodeId).min(1) }),
  /** Cut one node off: `both` ways, only `in`coming or only `out`going. */
  z.strictObject({ kind: z.literal('isolate'), ...timed, node: nodeId, direction: z.enum(['both', 'in', 'out']).default('both') }),
  z.strictObject({ kind: z.literal('partition-halves'), ...timed, ...someNodes }),
  z.strictObject({ kind: z.literal('partition-majority-ring'), ...timed, ...someNodes }),
  z.strictObject({ kind: z.literal('partition-bridge'), ...timed, ...someNodes }),
  /** Ends every partition and clog active at that moment. */
  z.strictObject({ kind: z.literal('heal'), ...base }),
  /** Messages on the links are held, then delivered (with fresh latency) when the clog ends. */
  z.strictObject({ kind: z.literal('clog'), ...timed, ...links }),
  /** FoundationDB's swizzle: clog nodes one by one every `interval`, release them in reverse order. */
  z.strictObject({ kind: z.literal('swizzle'), ...timed, duration: positiveDuration, interval: positiveDuration, ...someNodes }),
  z.strictObject({ kind: z.literal('loss'), ...timed, rate: probability, ...links }),
  z.strictObject({ kind: z.literal('latency'), ...timed, latency: latencySchema, ...links }),
  z.strictObject({ kind: z.literal('duplicate'), ...timed, rate: probability, ...links }),
  /** Stop-the-world: the node runs nothing, its clocks keep going. */
  z.strictObject({ kind: z.literal('pause'), ...timed, duration: positiveDuration, node: nodeId, reason: z.string().default('GC') }),
  /** Volatile state and unsynced writes are lost; with a `duration` the node restarts after it. */
  z.strictObject({ kind: z.literal('crash'), ...timed, node: nodeId }),
  /** The node's wall clock jumps by `by` (negative: backwards), as an NTP correction does. */
  z.strictObject({ kind: z.literal('clock-step'), ...base, node: nodeId, by: signedDuration }),
  /** The node's service time is multiplied by `factor` and grows by `extra` (a noisy neighbour, a slow disk). */
  z
    .strictObject({ kind: z.literal('slowdown'), ...onNode, factor: z.number().min(1).max(1_000).default(1), extra: duration.default(0) })
    .refine((f) => f.factor > 1 || f.extra > 0, { error: 'a slowdown needs a `factor` above 1 or an `extra` duration', path: ['factor'] }),
  /** The node keeps `fraction` of its workers (a CPU cut, a lost core): the rest stop taking work. */
  z.strictObject({ kind: z.literal('capacity'), ...onNode, fraction: probability }),
  /** The node answers `rate` of the requests it takes with `error` (a bad config, a failing dependency). */
  z.strictObject({
    kind: z.literal('errors'),
    ...onNode,
    rate: probability,
    error: z.string().min(1).max(200).default('503 injected error'),
    retryable: z.boolean().default(true),
  }),
  /** The nodes restart running `version` (its params from the scenario's `versions`), as a rollout does. */
  z.strictObject({ kind: z.literal('deploy'), ...base, nodes: z.array(nodeId).min(1), version: z.string().min(1) }),
]);
export type Fault = z.infer<typeof faultSchema>;

/** A repeating fault's occurrences must not overlap: each ends before the next starts. */
export function repeatIssue(f: Fault): string | undefined {
  if (f.repeat === undefined || !('duration' in f) || f.duration === undefined) return undefined;
  return f.repeat.every < f.duration
    ? `repeat.every (${formatMicros(f.repeat.every)}) is shorter than the fault's duration (${formatMicros(f.duration)}): occurrences would overlap`
    : undefined;
}
export type FaultKind = Fault['kind'];

/** The node names a fault refers to, with the field each is in, for reference checks. */
export function faultNodeRefs(f: Fault): { path: (string | number)[]; node: string }[] {
  const out: { path: (string | number)[]; node: string }[] = [];
  const list = (field: string, ids: readonly string[] | undefined) => ids?.forEach((node, i) => out.push({ path: [field, i], node }));
  switch (f.kind) {
    case 'partition':
      f.groups.forEach((g, gi) => g.forEach((node, i) => out.push({ path: ['groups', gi, i], node })));
      break;
    case 'partition-one-way':
    case 'clog':
    case 'loss':
    case 'latency':
    case 'duplicate':
      list('from', f.from);
      list('to', f.to);
      break;
    case 'partition-halves':
    case 'partition-majority-ring':
    case 'partition-bridge':
    case 'swizzle':
      list('nodes', f.nodes);
      break;
    case 'isolate':
    case 'pause':
    case 'crash':
    case 'clock-step':
    case 'slowdown':
    case 'capacity':
    case 'errors':
      out.push({ path: ['node'], node: f.node });
      break;
    case 'deploy':
      list('nodes', f.nodes);
      break;
    case 'heal':
      break;
  }
  return out;
}

/**
 * A swizzle's schedule: node i is clogged at `at + i·interval`; releases run in reverse order,
 * starting `duration` after the first clog but never before the last one, so each release
 * follows its clog. The world runs it; checks need its end. One place for both.
 */
export function swizzleSchedule(f: Extract<Fault, { kind: 'swizzle' }>, nodeCount: number): { releaseStartUs: number; endUs: number } {
  const ramp = Math.max(0, nodeCount - 1) * f.interval;
  const releaseStartUs = f.at + Math.max(f.duration, ramp);
  return { releaseStartUs, endUs: releaseStartUs + ramp };
}
