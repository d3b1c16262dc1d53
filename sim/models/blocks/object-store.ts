import { z } from 'zod';
import type { Micros } from '../../kernel/time.js';
import { ms } from '../../kernel/time.js';
import { probability } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import { latencySchema } from '../../world/latency.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { isRequest, type Request, type Response, reply } from '../rpc.js';
import { injectedError, serviceTime } from './capacity-faults.js';

/**
 * An object store as one node, with Amazon S3's request semantics: `put` stores a whole object
 * under a key (the last put to finish wins), `get` returns it or `404 no such key`, `delete` is
 * idempotent (ok whether or not the object existed). A put can fail with `500 internal error`
 * (S3's InternalError: retryable, and here certainly not stored), and past `maxInFlight` requests
 * at once the store answers `503 slow down` (S3's SlowDown throttling). Each request takes a
 * `latency` draw (× slowdown + extra) and is done when it ends: a crash before then does nothing.
 * `durability: disk` writes and fsyncs an object before the ok; `memory` keeps objects in volatile
 * memory, lost with the node in a crash. Capacity faults apply: latency × slowdown + extra,
 * `maxInFlight` × capacity, and errors answer that share of requests at once.
 */

/** Bounds (documented in scenario-format.md#object-store). */
export const MAX_IN_FLIGHT = 1_000_000;
export const MAX_OBJECT_KEY_LENGTH = 1_024; // S3's limit on a key, in bytes
const OBJECTS = 'objects/';

const latenciesSchema = z.strictObject({ get: latencySchema.optional(), put: latencySchema.optional(), delete: latencySchema.optional() });

export const objectStoreParams = z.strictObject({
  /** Time a request takes in the store (the first byte and the transfer). */
  latency: latencySchema.default({ dist: 'uniform', min: ms(10), max: ms(40) }),
  /** Per-op overrides of `latency`. */
  latencies: latenciesSchema.default({}),
  /** Chance that a put fails with `500 internal error` (retryable; nothing stored). */
  failRate: probability.default(0),
  durability: z.enum(['memory', 'disk']).default('disk'),
  /** Requests in flight at once; one more is `503 slow down`. Unlimited when absent. */
  maxInFlight: z.number().int().min(1).max(MAX_IN_FLIGHT).optional(),
});
export type ObjectStoreParams = z.output<typeof objectStoreParams>;

type Op = 'get' | 'put' | 'delete';
type Answer = Omit<Response, 't' | 'rid'>;

export const objectStore = defineModel({
  name: 'object-store',
  summary: 'S3-like object storage: put / get / delete by key; puts can fail (500) and objects in memory are lost with the node',
  params: objectStoreParams,
  create: (p) => (ctx) => runObjectStore(ctx, p),
});

function runObjectStore(ctx: NodeContext, p: ObjectStoreParams) {
  const errorDraws = ctx.stream('errors');
  const failDraws = ctx.stream('fail');
  const latencyDraws = ctx.stream('latency');
  /** The objects, mirrored on disk (`objects/<key>`) when durability is disk. */
  const objects = new Map<string, unknown>();
  let inFlight = 0;

  const limit = (): number => {
    const c = ctx.conditions();
    const base = c.workers ?? p.maxInFlight;
    return base === undefined ? Infinity : Math.max(0, Math.floor(base * c.capacity));
  };
  const latency = (op: Op): Micros => serviceTime(ctx, p.latencies[op] ?? p.latency, latencyDraws);
  const answer = (from: NodeId, req: Request, a: Answer) => {
    reply(ctx, from, req, a);
    if (!a.ok) ctx.metric.count('errors');
  };
  const gauges = () => {
    ctx.metric.gauge('objects', objects.size);
    ctx.metric.gauge('in-flight', inFlight);
  };

  /** The request's work, when its latency has passed. */
  const complete = (op: Op, key: string, value: unknown): Answer => {
    if (op === 'get') return objects.has(key) ? { ok: true, value: objects.get(key) } : { ok: false, error: '404 no such key', retryable: false };
    if (op === 'put') {
      if (p.failRate > 0 && failDraws.next() < p.failRate) return { ok: false, error: '500 internal error', retryable: true };
      const stored = value ?? null;
      if (p.durability === 'disk') {
        ctx.disk.write(OBJECTS + key, stored);
        ctx.disk.fsync();
      }
      objects.set(key, stored);
      ctx.effect('stored', key, stored);
      return { ok: true };
    }
    if (objects.delete(key)) {
      if (p.durability === 'disk') {
        ctx.disk.delete(OBJECTS + key);
        ctx.disk.fsync();
      }
      ctx.effect('deleted', key);
    }
    return { ok: true };
  };

  return {
    onStart() {
      // A restart keeps what was synced to disk (nothing, for durability: memory).
      for (const k of ctx.disk.keys(OBJECTS)) objects.set(k.slice(OBJECTS.length), ctx.disk.read(k));
      if (objects.size > 0) ctx.note(`has ${objects.size} objects on disk`);
      gauges();
    },
    onMessage(from: NodeId, msg: unknown) {
      if (!isRequest(msg)) return;
      if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
      ctx.metric.count('requests');
      if (msg.f !== 'get' && msg.f !== 'put' && msg.f !== 'delete')
        return answer(from, msg, { ok: false, error: `400 unknown operation '${msg.f}'`, retryable: false });
      if (typeof msg.key !== 'string' || msg.key.length === 0 || msg.key.length > MAX_OBJECT_KEY_LENGTH) {
        return answer(from, msg, { ok: false, error: `400 bad request: a key of 1 to ${MAX_OBJECT_KEY_LENGTH} characters`, retryable: false });
      }
      const injected = injectedError(ctx.conditions(), errorDraws);
      if (injected !== undefined) return answer(from, msg, injected);
      if (inFlight >= limit()) {
        ctx.metric.count('throttled');
        return answer(from, msg, { ok: false, error: '503 slow down', retryable: true });
      }
      const op: Op = msg.f;
      inFlight++;
      gauges();
      ctx.after(latency(op), () => {
        inFlight--;
        answer(from, msg, complete(op, msg.key, msg.value));
        gauges();
      });
    },
    inspect: () => ({ objects: objects.size, inFlight }),
  };
}
