import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { randomNormal, type RandomStream } from '../kernel/random.js';
import { duration, positiveDuration } from '../units/human-units.js';

/** How long a message spends on a link. Every draw is rounded to whole microseconds. */
export const latencySchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), value: duration }),
  z.strictObject({ dist: z.literal('uniform'), min: duration, max: duration }),
  /** Truncated at `min` (default 0): a network is never faster than light. */
  z.strictObject({ dist: z.literal('normal'), mean: duration, stddev: duration, min: duration.default(0) }),
  /** Right-skewed: half the draws under `median`, a long tail set by `sigma`. */
  z.strictObject({ dist: z.literal('lognormal'), median: positiveDuration, sigma: z.number().nonnegative() }),
  /** Heavy tail: at least `scale`; smaller `shape` (alpha) means a fatter tail. Capped at `max`. */
  z.strictObject({
    dist: z.literal('pareto'),
    scale: positiveDuration,
    shape: z.number().positive(),
    max: duration.optional(),
  }),
]);
export type Latency = z.infer<typeof latencySchema>;

export function sampleLatency(d: Latency, r: RandomStream): Micros {
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + Math.floor(r.next() * (d.max - d.min + 1));
    case 'normal':
      return Math.max(d.min, Math.round(d.mean + d.stddev * randomNormal(r)));
    case 'lognormal':
      return Math.round(d.median * Math.exp(d.sigma * randomNormal(r)));
    case 'pareto': {
      const v = Math.round(d.scale / Math.pow(1 - r.next(), 1 / d.shape));
      return d.max === undefined ? v : Math.min(v, d.max);
    }
  }
}
