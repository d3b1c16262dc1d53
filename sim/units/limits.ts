/**
 * The size limits of a scenario, in one place (docs/scenario-format.md, "General rules"). Each
 * is far above what a real scenario needs and low enough that validation and a run stay fast and
 * fit in memory: the network keeps a table per pair of nodes, so nodes count twice over.
 */

/** Servers in `nodes`. */
export const MAX_NODES = 1000;
/** Workload clients, a count or a list of names; also the clients of every population in all. */
export const MAX_CLIENTS = 1000;
/** Populations in a `workload` list. */
export const MAX_POPULATIONS = 100;
/** `maxEvents`: the largest event budget a scenario may ask for. */
export const MAX_EVENTS = 100_000_000;
/** Entries of `faults`. */
export const MAX_FAULTS = 10_000;
/** Fault occurrences in all, each `repeat` counted `count` times. */
export const MAX_FAULT_OCCURRENCES = 100_000;
/** Layers of a variant's `client` strategy stack. */
export const MAX_STACK_LAYERS = 32;
/**
 * Operations a run's history may hold (invokes, each with at most one completion). A run that
 * records more stops, as at its event budget, with a failed `history-budget` check.
 */
export const MAX_HISTORY_OPS = 1_000_000;
