import { kvStorage } from './kv-storage.js';
import { leaseWorker } from './lease-worker.js';
import { lockService } from './lock-service.js';
import { paymentApi } from './payment-api.js';
import { paymentGateway } from './payment-gateway.js';
import type { ModelDefinition } from './registry.js';

/** Every built-in model, by the name scenario files use. */
export const MODELS: Record<string, ModelDefinition> = Object.fromEntries(
  ([paymentApi, paymentGateway, lockService, leaseWorker, kvStorage] as ModelDefinition<any>[]).map((d) => [d.name, d as ModelDefinition]),
);
