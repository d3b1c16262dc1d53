import type { z } from 'zod';
import type { Model } from '../world/model.js';
import type { NodeId } from '../world/ids.js';

/**
 * A built-in model: the system under test on one node, chosen by name in a scenario file.
 * `params` is its zod schema (so a scenario's `nodes[i].params` is checked with exact paths);
 * `create` builds the model for one run.
 */
export interface ModelDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for `faultline list` and the docs. */
  summary: string;
  params: P;
  create(params: z.output<P>, env: ModelEnv): Model;
  /** Node ids its params refer to, with their path inside params, for reference checks. */
  nodeRefs?(params: z.output<P>): { path: (string | number)[]; node: NodeId }[];
}

/** What a model gets from the scenario beyond its own params. */
export interface ModelEnv {
  /** Every node id in the scenario, clients included. */
  nodes: readonly NodeId[];
  /** The versions the scenario defines (its `versions` section), for controllers that deploy them. */
  versions?: readonly string[];
}

export function defineModel<P extends z.ZodType>(def: ModelDefinition<P>): ModelDefinition<P> {
  return def;
}
