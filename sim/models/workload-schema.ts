import { z } from 'zod';
import { duration, nodeId, ratePerSecond } from '../units/human-units.js';
import { MAX_CLIENTS } from '../units/limits.js';

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
  clients: z.union([z.number().int().min(1).max(MAX_CLIENTS), z.array(nodeId).min(1).max(MAX_CLIENTS)]).default(1),
  /** The node clients send requests to, or several (replicas, servers) chosen by `pick`. */
  target: z
    .union([nodeId, z.array(nodeId).min(1)], { error: 'expected a node name or a list of them' })
    .transform((t): string[] => (typeof t === 'string' ? [t] : t)),
  /**
   * With several targets, which one an attempt goes to: `random`, `round-robin` (each client in
   * turn), or `sticky` (client i keeps targets[i mod n] until a redirect moves it).
   */
  pick: z.enum(['random', 'round-robin', 'sticky']).default('random'),
  arrival: arrivalSchema,
  /**
   * Operations and their weights. `keys: N` draws each request's key from N keys shared by every
   * op with the same `keyspace` (default `key`: `key-0` ... `key-N-1`), so reads see writes;
   * without `keys` each request gets a fresh key of its own.
   */
  ops: z
    .array(
      z.strictObject({
        f: z.string().min(1),
        weight: z.number().positive().max(1_000_000).default(1),
        keys: z.number().int().min(1).max(1_000_000).optional(),
        keyspace: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: "expected a keyspace name starting with a letter (letters, digits, '.', '-', '_')" })
          .default('key'),
      }),
    )
    .min(1)
    .default([{ f: 'request', weight: 1, keyspace: 'key' }]),
  /** No new requests before `from` or after `until` (true time from the start of the run). */
  from: duration.default(0),
  until: duration.optional(),
  /** Stop after this many requests in all. */
  maxRequests: z.number().int().min(1).max(1_000_000_000).optional(),
});

export type Workload = z.output<typeof workloadSchema>;
