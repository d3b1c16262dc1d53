import { z } from 'zod';
import { duration, nodeId, positiveDuration, probability, signedDuration } from '../units/human-units.js';

/**
 * The scenario's optional `swarm` section: what fault plans `faultline sweep --swarm` may draw,
 * one per seed (FoundationDB's and TigerBeetle's randomized simulation). Units as everywhere in
 * a scenario file; docs/scenario-format.md#swarm documents every field.
 */

/** The fault kinds a swarm can draw: the ones that need no hand-written topology. */
export const SWARM_KINDS = ['pause', 'crash', 'isolate', 'partition-halves', 'clog', 'loss', 'latency', 'duplicate', 'clock-step'] as const;
export type SwarmKind = (typeof SWARM_KINDS)[number];

function range<T extends z.ZodType<number, unknown>>(unit: T) {
  return z.strictObject({ min: unit, max: unit }).refine(
    (r) => {
      const { min, max } = r as { min: number; max: number };
      return min <= max;
    },
    { error: 'expected min to be at most max' },
  );
}

export const swarmSchema = z
  .strictObject({
    /** How many faults each seed draws, both ends included. */
    faults: z
      .strictObject({ min: z.number().int().min(0).max(50).default(1), max: z.number().int().min(1).max(50).default(3) })
      .refine((r) => r.min <= r.max, { error: 'expected min to be at most max' })
      .default({ min: 1, max: 3 }),
    kinds: z
      .array(z.enum(SWARM_KINDS))
      .min(1)
      .default([...SWARM_KINDS]),
    /** Nodes faults may hit; default every node in `nodes` (clients are never paused or crashed). */
    nodes: z.array(nodeId).min(1).optional(),
    /** Faults start at or after `from` and at or before `within` (default: the workload's `until`, else the run's duration). */
    from: duration.default(0),
    within: positiveDuration.optional(),
    /** Every fault but a clock step lasts between these. */
    minDuration: positiveDuration.default(100_000),
    maxDuration: positiveDuration.default(5_000_000),
    /** Extra loss and duplication rates of `loss` and `duplicate` faults. */
    loss: range(probability).default({ min: 0.05, max: 0.5 }),
    duplicate: range(probability).default({ min: 0.05, max: 0.3 }),
    /** A `latency` fault makes links take between half the drawn value and the value. */
    latency: range(positiveDuration).default({ min: 50_000, max: 2_000_000 }),
    /** How far a `clock-step` moves a wall clock (signed). */
    clockStep: range(signedDuration).default({ min: -2_000_000, max: 2_000_000 }),
    /** `replace`: the drawn plan replaces the scenario's `faults`; `extend`: it is added to them. */
    mode: z.enum(['replace', 'extend']).default('replace'),
  })
  .refine((s) => s.minDuration <= s.maxDuration, { error: 'expected minDuration to be at most maxDuration', path: ['minDuration'] });

export type Swarm = z.output<typeof swarmSchema>;
