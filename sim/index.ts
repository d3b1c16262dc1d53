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
export type { NodeConditions } from './world/conditions.js';
export type { ExecutedTimeline, ExecutedFault, NodeInterval, ExecutedPartition, ExecutedDeploy } from './world/timeline.js';
export { healedAt, stateAt, emptyTimeline } from './world/timeline.js';
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

// Scenarios: the file format (zod schema = the types), loading text, running a variant.
export { scenarioSchema, clientIds, checkNames } from './scenario/schema.js';
export { forVariant } from './scenario/for-variant.js';
export type { Scenario, ScenarioInput, Variant, Workload } from './scenario/schema.js';
export { parseScenario, modelModules } from './scenario/load.js';
export { isModelPath } from './scenario/models.js';
export type { ScenarioModels, ModelLoadFailure } from './scenario/models.js';
export type { UserCode } from './run/user-code.js';
export type { ScenarioIssue, ParseResult } from './scenario/issues.js';
export { runScenario } from './run/run-scenario.js';
export type { RunOptions } from './run/run-scenario.js';
export { RESULT_SCHEMA_VERSION } from './run/result.js';
export type { ScenarioRun, RunStats, LatencySummary } from './run/result.js';

// Built-in models, and what a model of your own needs.
export { builtInModel, builtInModels } from './models/index.js';
export { defineModel } from './models/registry.js';
export type { ModelDefinition, ModelEnv } from './models/registry.js';
export type { Request, Response } from './models/rpc.js';
export { RpcClient, reply, isRequest, isResponse } from './models/rpc.js';
// The scenario file's units as zod types, so a model's params read `250ms`, `1%`, `10/s` as the file's own fields do.
export { duration, positiveDuration, signedDuration, probability, ratePerSecond, nodeId } from './units/human-units.js';

// Recovery strategies and checks.
export * from './strategies/index.js';
export { checkSchema, runCheck } from './checks/index.js';
export type { CheckConfig, CheckInput, CheckVerdict } from './checks/index.js';

// Seed sweeps (docs/sweep.md, docs/testing-api.md): many seeds, swarm fault plans, shrinking, shards.
export { sweep } from './sweep/sweep.js';
export type { SweepOptions } from './sweep/sweep.js';
export { runSeed } from './sweep/run-seed.js';
export { swarmSchema, SWARM_KINDS } from './scenario/swarm-schema.js';
export type { Swarm, SwarmKind } from './scenario/swarm-schema.js';
export { drawFaultPlan, scenarioForSeed } from './sweep/swarm.js';
export { shrinkFaults, DEFAULT_SHRINK_RUNS } from './sweep/shrink.js';
export type { ShrinkOptions } from './sweep/shrink.js';
export type { ShrinkMode } from './sweep/shrink-all.js';
export { regressionScenario } from './sweep/regression.js';
export { shardSeeds } from './sweep/shard.js';
export { mergeSweeps } from './sweep/merge.js';
// Stability maps (docs/map.md): vary one or two parameters, the share of seeds each check held on, bisection.
export { buildMap, pointScenario, type BuiltMap, type ParamSpec } from './sweep/map/build.js';
export { runMap, type MapOptions } from './sweep/map/map.js';
export { mergeMaps } from './sweep/map/merge.js';
export { bisect, type FindPlan } from './sweep/map/find.js';
export type { MapResult, MapAxis, MapCell, MapRun, MapPoint, PointValue, FindResult, FindVariant, FindProbe } from './sweep/map/types.js';
export type { MergeResult } from './sweep/merge.js';
export type { SweepResult, VariantSweep, CheckSweep, ListedFailure, ShrinkResult, SeedOutcome, RunError, DeterminismReport } from './sweep/types.js';
