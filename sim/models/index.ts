import { BLOCKS } from './blocks/index.js';
import { heartbeatMonitor, heartbeatSender } from './heartbeat.js';
import { leaseWorker } from './lease-worker.js';
import { lockService } from './lock-service.js';
import { lwwReplica } from './lww-replica.js';
import { registerSession } from './register-session.js';
import { byCodeUnits } from '../kernel/string-order.js';
import type { ModelDefinition } from './registry.js';

/**
 * Every built-in model, by the name scenario files use. The table is private and read through
 * the functions below: nothing can add to it or replace an entry, and a lookup by user text
 * never reaches Object.prototype (`model: valueOf` is an unknown model, not a crash).
 */
const BUILT_IN = new Map<string, ModelDefinition>(
  [lockService, leaseWorker, lwwReplica, registerSession, heartbeatSender, heartbeatMonitor, ...BLOCKS].map((d) => [d.name, d as unknown as ModelDefinition]),
);

/** The built-in model of that name, if there is one. */
export function builtInModel(name: string): ModelDefinition | undefined {
  return BUILT_IN.get(name);
}

/** Every built-in model, sorted by name (a fresh array each call). */
export function builtInModels(): ModelDefinition[] {
  return [...BUILT_IN.values()].sort((a, b) => byCodeUnits(a.name, b.name));
}
