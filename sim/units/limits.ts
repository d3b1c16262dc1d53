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
 * `maxOperations`, the history budget: the operations a run may invoke (each kept with its
 * completion, for the checks). A run that invokes more stops, as at its event budget, with a
 * failed `history-budget` check: 1,000 clients at 1,000,000 requests/s stop there in seconds and
 * well under 1 GB, where the event budget alone took minutes and 4 GB. The default, and the most
 * a scenario may ask for.
 */
export const DEFAULT_MAX_OPERATIONS = 150_000;
export const MAX_OPERATIONS = 10_000_000;
