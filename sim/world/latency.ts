import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { randomNormal, type RandomStream } from '../kernel/random.js';
import { duration, MAX_DURATION_US, positiveDuration } from '../units/human-units.js';

/**
 * How long a message spends on a link. Every draw is rounded to whole microseconds and capped:
 * at the distribution's `max` when it has one, and always at one year (MAX_DURATION_US), so a
 * heavy tail never yields Infinity or an instant past exact integers.
 */
export const MAX_LATENCY_US: Micros = MAX_DURATION_US;

/** lognormal's `sigma` and pareto's `shape`: beyond these the distribution is all tail (or none). */
export const MAX_SIGMA = 10;
export const MIN_PARETO_SHAPE = 0.01;
export const MAX_PARETO_SHAPE = 1000;

export const latencySchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), value: duration }),
  z
    .strictObject({ dist: z.literal('uniform'), min: duration, max: duration })
    .refine((d) => d.min <= d.max, { error: 'expected `min` to be at most `max`', path: ['min'] }),
  /** Truncated at `min` (default 0): a network is never faster than light. */
  z.strictObject({ dist: z.literal('normal'), mean: duration, stddev: duration, min: duration.default(0) }),
  /** Right-skewed: half the draws under `median`, a long tail set by `sigma`; capped at `max`. */
  z.strictObject({
    dist: z.literal('lognormal'),
    median: positiveDuration,
    sigma: z.number().min(0).max(MAX_SIGMA),
    max: duration.optional(),
  }),
  /** Heavy tail: at least `scale`; smaller `shape` (alpha) means a fatter tail. Capped at `max`. */
  z
    .strictObject({
      dist: z.literal('pareto'),
      scale: positiveDuration,
      shape: z.number().min(MIN_PARETO_SHAPE).max(MAX_PARETO_SHAPE),
      max: duration.optional(),
    })
    .refine((d) => d.max === undefined || d.scale <= d.max, { error: 'expected `max` to be at least `scale`', path: ['max'] }),
]);
export type Latency = z.infer<typeof latencySchema>;

export function sampleLatency(d: Latency, r: RandomStream): Micros {
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + Math.floor(r.next() * (d.max - d.min + 1));
    case 'normal':
      return Math.min(MAX_LATENCY_US, Math.max(d.min, Math.round(d.mean + d.stddev * randomNormal(r))));
    case 'lognormal':
      return capped(Math.round(d.median * Math.exp(d.sigma * randomNormal(r))), d.max);
    case 'pareto':
      return capped(Math.round(d.scale / Math.pow(1 - r.next(), 1 / d.shape)), d.max);
  }
}

/** A heavy-tailed draw, at most `max` (when given) and at most MAX_LATENCY_US (Infinity included). */
const capped = (us: number, max: Micros | undefined): Micros => Math.min(us, max ?? MAX_LATENCY_US, MAX_LATENCY_US);
