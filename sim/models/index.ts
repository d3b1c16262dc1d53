import { checkoutService } from './checkout-service.js';
import { heartbeatMonitor, heartbeatSender } from './heartbeat.js';
import { kvStorage } from './kv-storage.js';
import { leaseWorker } from './lease-worker.js';
import { lockService } from './lock-service.js';
import { lwwReplica } from './lww-replica.js';
import { paymentApi } from './payment-api.js';
import { paymentGateway } from './payment-gateway.js';
import { queueServer } from './queue-server.js';
import { rateLimitedApi } from './rate-limited-api.js';
import { registerSession } from './register-session.js';
import type { ModelDefinition } from './registry.js';
import { reservationServer } from './reservation-server.js';

/** Every built-in model, by the name scenario files use. */
export const MODELS: Record<string, ModelDefinition> = Object.fromEntries(
  (
    [
      paymentApi,
      paymentGateway,
      lockService,
      leaseWorker,
      kvStorage,
      reservationServer,
      lwwReplica,
      registerSession,
      heartbeatSender,
      heartbeatMonitor,
      checkoutService,
      queueServer,
      rateLimitedApi,
    ] as ModelDefinition<any>[]
  ).map((d) => [d.name, d as ModelDefinition]),
);
