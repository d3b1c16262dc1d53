import { z } from 'zod';

/**
 * The scenario's optional `map` section: the parameters `faultline map` varies (one or two, each a
 * path into this file and its values), the seeds each point runs on, and which checks and
 * variants it reports. Only the shape is checked here; what a path names and whether its values
 * suit the field is checked against the file's data when the map is built (sim/sweep/map/), with
 * each problem positioned at the entry. docs/map.md documents every field.
 */

const SEEDS = /^\s*\d+(\s*\.\.\s*\d+)?(\s*,\s*\d+(\s*\.\.\s*\d+)?)*\s*$/;

export const mapParamSchema = z.strictObject({
  /** `workload.arrival.rate`, `faults[0].duration`, `nodes[db].params.workers`. */
  path: z.string({ error: 'expected a parameter path like faults[0].duration' }).min(1),
  /** A range `1s..10s:5`, a comma list `500ms,1s,2s`, or a YAML list. */
  values: z.union(
    [
      z.string().min(1),
      z
        .array(z.union([z.string(), z.number()]))
        .min(1)
        .max(50),
    ],
    {
      error: "expected a range like '1s..10s:5' or a list of values",
    },
  ),
});

export const mapSchema = z.strictObject({
  params: z.array(mapParamSchema).min(1).max(4),
  /** In --seeds syntax: `1..20`, `1,4,9`. Default 1..20; --seeds overrides it. */
  seeds: z.string().regex(SEEDS, { error: "expected seeds like '1..20' or '1,4,9'" }).optional(),
  /** Check names to report (default: every check). */
  checks: z.array(z.string().min(1)).min(1).optional(),
  /** Variant names to map (default: every variant). */
  variants: z.array(z.string().min(1)).min(1).optional(),
  /** The pass fraction the boundary is drawn at (default 0.5). */
  level: z.number().gt(0).lt(1).optional(),
});

export type MapSection = z.output<typeof mapSchema>;
