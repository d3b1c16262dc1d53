import { z } from 'zod';
import { duration, nodeId, ratePerSecond } from '../units/human-units.js';
import { MAX_CLIENTS, MAX_POPULATIONS } from '../units/limits.js';
import { type Latency, latencySchema } from '../world/latency.js';
import { scheduleSchema } from './arrival-schedule.js';

/**
 * The scenario's `workload:` section: the client nodes faultline adds and what they send, as one
 * population of clients (a mapping) or several (a list of them, each with a `name`). The workload
 * client (workload-client.ts) runs one population's clients; docs/scenario-format.md#workload
 * documents it.
 */

/** Closed-loop users in one population, at most. */
export const MAX_USERS = 100_000;

/** A think time: a duration (`1s`) or a latency distribution (`{ dist: uniform, min: 1s, max: 3s }`). */
const thinkTime = z.union([duration, latencySchema]).transform((t): Latency => (typeof t === 'number' ? { dist: 'constant', value: t } : t));

/** An open-loop process's rate: one `rate`, or a `schedule` of steps and ramps (arrival-schedule.ts). */
const rateOrSchedule = (s: { rate?: number | undefined; schedule?: unknown }, ctx: z.RefinementCtx) => {
  if ((s.rate === undefined) === (s.schedule === undefined))
    ctx.addIssue({ code: 'custom', message: 'expected either `rate` (one rate) or `schedule` (steps and ramps over time), not both or neither' });
};

const arrivalSchema = z.discriminatedUnion('process', [
  /** Evenly spaced requests. */
  z.strictObject({ process: z.literal('constant'), rate: ratePerSecond.optional(), schedule: scheduleSchema.optional() }).superRefine(rateOrSchedule),
  /** Exponential gaps (a Poisson process), the usual model of independent users. */
  z.strictObject({ process: z.literal('poisson'), rate: ratePerSecond.optional(), schedule: scheduleSchema.optional() }).superRefine(rateOrSchedule),
  /**
   * A closed loop: `users` simulated users split across the population's clients, each sending its
   * next request `think` after its previous one completed (ok, fail or unknown), as load-testing
   * tools' closed model does (Gatling's constantConcurrentUsers, Locust's users with wait_time).
   * User u starts at `from` + `rampUp` × u / users.
   */
  z.strictObject({
    process: z.literal('closed'),
    users: z.number().int().min(1).max(MAX_USERS),
    think: thinkTime.default({ dist: 'constant', value: 0 }),
    rampUp: duration.default(0),
  }),
  /** `count` requests at `at`, spread evenly over `spread` (0: all at once). */
  z.strictObject({ process: z.literal('burst'), at: duration, count: z.number().int().min(1).max(100_000), spread: duration.default(0) }),
]);

/** A population's name: the prefix of its clients' names (`shoppers` → `shoppers-1`...). */
const populationName = z
  .string({ error: 'expected a population name (a string)' })
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: "expected a population name starting with a letter (letters, digits, '.', '-', '_')" });

/** One population of clients. */
export const populationSchema = z.strictObject({
  /**
   * The population's name, and the prefix of its clients' names when `clients` is a number:
   * `name: shoppers` → `shoppers-1`, `shoppers-2`... Default `client`. Required in a list.
   */
  name: populationName.optional(),
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

/**
 * The whole section: one population (a mapping, as before) or a list of them, each with its own
 * `name`, clients, targets, ops and arrival.
 */
export const workloadSchema = z.union([
  populationSchema,
  z
    .array(populationSchema)
    .min(1)
    .max(MAX_POPULATIONS)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((p, i) => {
        if (p.name === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: 'a population in a workload list needs a `name` (its clients are named after it: shoppers-1...)',
          });
        else if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `two populations are named '${p.name}'` });
        else seen.add(p.name);
      });
    }),
]);

/** One population of clients: the mapping form of `workload`, or one entry of its list form. */
export type Workload = z.output<typeof populationSchema>;
/** The `workload` section as written: one population or a list of them. */
export type WorkloadSection = z.output<typeof workloadSchema>;

/** The populations of a workload section (none without one). */
export function populationsOf(w: WorkloadSection | undefined): Workload[] {
  return w === undefined ? [] : Array.isArray(w) ? w : [w];
}

/** The least a population needs to name its clients; refinements may see values that failed their checks. */
export interface PopulationNames {
  name?: string | undefined;
  clients: number | string[];
}

/**
 * A population's client names: its list, or `<name>-1`... `<name>-N` for a count (`client-1`...
 * without a name). Empty for a value outside the limits (refinements see those too).
 */
export function populationClientIds(p: PopulationNames): string[] {
  const c = p.clients;
  if (typeof c === 'number') {
    const prefix = typeof p.name === 'string' ? p.name : 'client';
    return Number.isInteger(c) && c >= 1 && c <= MAX_CLIENTS ? Array.from({ length: c }, (_, i) => `${prefix}-${i + 1}`) : [];
  }
  return Array.isArray(c) && c.length <= MAX_CLIENTS ? c : [];
}

/**
 * The latest time any population issues a request: the largest `until`, or undefined when one of
 * them runs to the end (or there is no workload).
 */
export function workloadUntil(w: WorkloadSection | undefined): number | undefined {
  const ps = populationsOf(w);
  if (ps.length === 0 || ps.some((p) => p.until === undefined)) return undefined;
  return Math.max(...ps.map((p) => p.until!));
}
