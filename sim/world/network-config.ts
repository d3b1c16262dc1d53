import { z } from 'zod';
import { nodeId, probability } from '../units/human-units.js';
import { latencySchema, type Latency } from './latency.js';

const linkFields = {
  latency: latencySchema,
  /** Chance a message is lost. */
  loss: probability,
  /** Chance a message is delivered twice (the copy draws its own latency). */
  duplicate: probability,
  /** Chance a message is held back by an extra `reorderDelay`, so later ones overtake it. */
  reorder: probability,
  reorderDelay: latencySchema,
};

export const linkSchema = z.strictObject(linkFields).partial();
export type LinkInput = z.infer<typeof linkSchema>;

export const DEFAULT_LINK: LinkConfig = {
  latency: { dist: 'uniform', min: 1_000, max: 10_000 },
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelay: { dist: 'uniform', min: 0, max: 50_000 },
};

/** A fully resolved link, as the send path reads it. */
export interface LinkConfig {
  latency: Latency;
  loss: number;
  duplicate: number;
  reorder: number;
  reorderDelay: Latency;
}

export const networkSchema = z.strictObject({
  /** Applies to every link unless an entry of `links` overrides it. */
  default: linkSchema.default({}),
  /** Per-link overrides, applied in order; `from`/`to` omitted means every node. */
  links: z
    .array(
      z.strictObject({
        from: z.union([nodeId, z.array(nodeId)]).optional(),
        to: z.union([nodeId, z.array(nodeId)]).optional(),
        ...linkSchema.shape,
      }),
    )
    .default([]),
});
export type NetworkConfig = z.infer<typeof networkSchema>;
