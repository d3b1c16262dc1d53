/** A node's name as written in the scenario file (`node-a`, `pg`, `client-1`). */
export type NodeId = string;
/** A timer handle, unique within a run. */
export type TimerId = number;
/** A message's id, unique within a run; a duplicate keeps the id of its original. */
export type MessageId = number;
