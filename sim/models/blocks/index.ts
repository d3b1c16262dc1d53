import type { ModelDefinition } from '../registry.js';
// Each block adds its import on its own line below (one line each, so edits never collide).
import { service } from './service.js';
import { database } from './database.js';
import { objectStore } from './object-store.js';
import { cache } from './cache.js';
import { messageQueue } from './message-queue.js';
import { loadBalancer } from './load-balancer.js';
import { deployer } from './deployer.js';
import { autoscaler } from './autoscaler.js';

/**
 * The generic building blocks: systems drawn as data in a scenario file (clients → load balancer
 * → services → database, cache, queue, object store), documented in
 * docs/scenario-format.md#building-blocks. Every block speaks the RPC protocol (../rpc.ts).
 */
export const BLOCKS: ModelDefinition[] = [service, database, objectStore, cache, messageQueue, loadBalancer, deployer, autoscaler];
