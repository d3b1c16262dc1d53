import { z } from 'zod';
import { duration, nodeId, ratePerSecond } from '../units/human-units.js';

/**
 * The scenario's `workload:` section: the client nodes faultline adds and what they send. The
 * workload client (workload-client.ts) runs it; docs/scenario-format.md#workload documents it.
 */

const arrivalSchema = z.discriminatedUnion('process', [
  /** Evenly spaced requests. */
  z.strictObject({ process: z.literal('constant'), rate: ratePerSecond }),
  /** Exponential gaps (a Poisson process), the usual model of independent users. */
  z.strictObject({ process: z.literal('poisson'), rate: ratePerSecond }),
  /** `count` requests at `at`, spread evenly over `spread` (0: all at once). */
  z.strictObject({ process: z.literal('burst'), at: duration, count: z.number().int().min(1).max(100_000), spread: duration.default(0) }),
]);

export const workloadSchema = z.strictObject({
  /** How many client nodes (`client-1`...) or their names. Each runs the variant's `client` stack. */
  clients: z.union([z.number().int().min(1).max(1000), z.array(nodeId).min(1)]).default(1),
  /** The node clients send requests to. */
  target: nodeId,
  arrival: arrivalSchema,
  /** Operations and their weights; `keys` is how many distinct keys to draw from (default: a fresh key per request). */
  ops: z
    .array(z.strictObject({ f: z.string().min(1), weight: z.number().positive().default(1), keys: z.number().int().min(1).optional() }))
    .min(1)
    .default([{ f: 'request', weight: 1 }]),
  /** No new requests before `from` or after `until` (true time from the start of the run). */
  from: duration.default(0),
  until: duration.optional(),
  /** Stop after this many requests in all. */
  maxRequests: z.number().int().min(1).optional(),
});

export type Workload = z.output<typeof workloadSchema>;
