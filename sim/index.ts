/**
 * faultline's public API. Everything a user or a test imports comes from here; modules not
 * re-exported are internal and may change.
 */
export type { Micros } from './kernel/time.js';
export { ms, seconds, formatMicros, MICROS_PER_MS, MICROS_PER_SECOND } from './kernel/time.js';
export type { RandomStream } from './kernel/random.js';
export { RandomStreams } from './kernel/random.js';
export { EventQueue } from './kernel/event-queue.js';
export type { RunLimits, StopReason } from './kernel/kernel.js';

export type { NodeId, TimerId, MessageId } from './world/ids.js';
export type { Model, NodeBehaviour, NodeContext, ClientHistory } from './world/model.js';
export { ModelError } from './world/model.js';
export type { HistoryEntry, Effect, OpType, OpId } from './world/history.js';
export type { TraceEvent, TraceEventType, TraceSink, DropReason } from './world/trace.js';
export { ArrayTraceSink } from './world/trace.js';
export type { Fault, FaultKind } from './world/faults.js';
export { faultSchema } from './world/faults.js';
export type { Latency } from './world/latency.js';
export { latencySchema } from './world/latency.js';
export type { NetworkConfig, LinkConfig } from './world/network-config.js';
export { networkSchema } from './world/network-config.js';
export type { ClockConfig } from './world/clock.js';
export { clockConfigSchema } from './world/clock.js';
export { DurableStorage } from './world/storage.js';
export type { WorldConfig, WorldResult, NodeSpec, NodeFinalState, NetworkStats } from './world/world.js';
export { World } from './world/world.js';
