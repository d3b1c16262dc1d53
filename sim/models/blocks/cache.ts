/**
 * A look-aside cache node in front of a backing node (a database, a service): memcached / Redis
 * as a cache, with the lookup done by the cache node itself as a read-through proxy does. Reference
 * semantics:
 * - `get`: a hit answers from memory; a miss asks the backend (`backend.f`, same key), stores the
 *   answer's value for `ttl` and answers it. Entries expire on the cache's monotonic clock and
 *   are evicted least-recently-used past `capacity` (memcached's LRU: a hit moves the entry to
 *   the young end).
 * - `coalesce: true`: concurrent misses of one key share one backend call, as Varnish's request
 *   coalescing (the waiting list), nginx's `proxy_cache_lock` or Caffeine's loading cache do —
 *   the classic cache-stampede (thundering herd) protection. Without it every miss calls the
 *   backend.
 * - `put`: write-through (`writes: through`): forwarded to the backend (`backend.putF`), cached
 *   once the backend said ok; `writes: invalidate` drops the key instead (Facebook's memcache:
 *   delete on write). A put the backend refused, or whose answer did not come, drops the key:
 *   the backend may or may not hold the new value.
 * - A fill that started before a `put` or `invalidate` of its key answers its callers but is not
 *   stored (memcache's leases: a late fill must not bring back the value a write replaced).
 * - `backendTimeout` bounds every backend call, its `client` strategies included: `504 backend
 *   timeout` (retryable; in doubt for a put). A call its strategies refused (an open breaker):
 *   `503 backend unavailable: rejected by <strategy>` (retryable). A backend error is passed on
 *   as it came, and not cached.
 * The cache is volatile: a crash empties it (a restart is a cold cache). It honours its service
 * conditions through its workers (worker-slots.ts): `latency` × slowdown + extra is a worker's
 * time per request, workers × capacity, and errorRate of the requests taken answered with the
 * fault's error.
 */
import { z } from 'zod';
import type { Micros } from '../../kernel/time.js';
import { seconds } from '../../kernel/time.js';
import type { Call, Outcome } from '../../strategies/call.js';
import { envFromContext } from '../../strategies/env.js';
import { buildStack, stackSchema } from '../../strategies/registry.js';
import { withTimeout } from '../../strategies/timeout.js';
import { nodeId, positiveDuration } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import { latencySchema } from '../../world/latency.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { isRequest, outcomeOf, type Request, type Response, reply, RpcClient } from '../rpc.js';
import { serviceTime } from './capacity-faults.js';
import { workerFields, workerSlots } from './worker-slots.js';

/** Entries one cache may hold. */
export const MAX_CACHE_ENTRIES = 10_000_000;

const opName = z.string().min(1).max(100);

const backendSchema = z.union(
  [
    // `written: 'name'` remembers the short form, so a reference error points at `backend` itself.
    nodeId.transform((node) => ({ node, f: 'get', putF: 'put', written: 'name' as const })),
    z.strictObject({
      node: nodeId,
      /** The op a miss sends the backend. */
      f: opName.default('get'),
      /** The op a put is forwarded as. */
      putF: opName.default('put'),
    }),
  ],
  { error: 'expected the backing node: a node name, or { node, f, putF }' },
);

const paramsSchema = z.strictObject({
  backend: backendSchema,
  /** How long a stored value is served, on the cache's clock. */
  ttl: positiveDuration.default(seconds(60)),
  /** Entries held; past it the least recently used is evicted. */
  capacity: z.number().int().min(1).max(MAX_CACHE_ENTRIES).default(10_000),
  /** Concurrent misses of one key share one backend call. */
  coalesce: z.boolean().default(false),
  /** `through`: a put's value is cached once the backend took it; `invalidate`: the key is dropped. */
  writes: z.enum(['through', 'invalidate']).default('through'),
  /** A backend call (its strategies included) not answered within this: `504 backend timeout`. */
  backendTimeout: positiveDuration.default(seconds(1)),
  /** Recovery strategies on every backend call, outermost first (the same ones clients use). */
  client: stackSchema.default([]),
  /** A worker's time per request (a lookup), before capacity faults. */
  latency: latencySchema.prefault({ dist: 'uniform', min: '100us', max: '300us' }),
  ...workerFields({ workers: 8, queueSize: 1000 }),
});
type CacheParams = z.output<typeof paramsSchema>;

export const cache = defineModel({
  name: 'cache',
  summary: 'look-aside cache in front of a backing node: TTL, LRU capacity, write-through, optional request coalescing (stampede protection)',
  params: paramsSchema,
  nodeRefs: (p) => [{ path: 'written' in p.backend ? ['backend'] : ['backend', 'node'], node: p.backend.node }],
  create: (p) => (ctx) => cacheNode(ctx, p),
});

interface Entry {
  value: unknown;
  expiresUs: Micros;
}

/** One backend read in flight for a key, and the gets waiting for it. */
interface Fill {
  waiters: { from: NodeId; req: Request }[];
  /** The key's generation when it started: a put or invalidate since then makes it stale. */
  gen: number;
}

/** The backend reads in flight for one key (kept only while there are some). */
interface KeyFills {
  gen: number;
  inFlight: number;
  /** With `coalesce`: the fill new misses join (none once it went stale). */
  live?: Fill;
}

type Answer = Omit<Response, 't' | 'rid'>;

function cacheNode(ctx: NodeContext, p: CacheParams) {
  const rpc = new RpcClient(ctx);
  const env = envFromContext(ctx);
  const stack = buildStack(p.client, env);
  const draws = ctx.stream('latency');
  const entries = new Map<string, Entry>();
  const fills = new Map<string, KeyFills>();
  let inFlightMisses = 0;
  let hits = 0;
  let misses = 0;

  const gauges = () => {
    ctx.metric.gauge('entries', entries.size);
    ctx.metric.gauge('in-flight-misses', inFlightMisses);
  };

  /** Stores a value as the youngest entry, evicting the least recently used past capacity. */
  const store = (key: string, value: unknown) => {
    entries.delete(key);
    entries.set(key, { value, expiresUs: ctx.monotonic() + p.ttl });
    while (entries.size > p.capacity) {
      entries.delete(entries.keys().next().value!);
      ctx.metric.count('evictions');
    }
  };
  /** Drops the key and makes the fills in flight for it stale. */
  const drop = (key: string) => {
    entries.delete(key);
    const k = fills.get(key);
    if (k === undefined) return;
    k.gen++;
    delete k.live;
  };

  /** One call to the backend through the `client` strategies, bounded by `backendTimeout`. */
  const callBackend = (f: string, key: string, value: unknown, done: (o: Outcome) => void) => {
    const attempt: Call = (settle, cancel) => {
      ctx.metric.count('backend-calls');
      const rid = rpc.call(p.backend.node, f, key, value, (res) => settle(outcomeOf(res)));
      cancel?.onCancel(() => rpc.forget(rid));
    };
    withTimeout(stack(attempt), env, () => p.backendTimeout)(done);
  };
  const failure = (o: Exclude<Outcome, { kind: 'ok' }>, inDoubt: boolean): Answer => {
    ctx.metric.count('backend-errors');
    if (o.kind === 'error')
      return { ok: false, error: o.error, retryable: o.retryable, ...(o.retryAfterUs === undefined ? {} : { retryAfterUs: o.retryAfterUs }) };
    if (o.kind === 'timeout') return { ok: false, error: '504 backend timeout', retryable: true, ...(inDoubt ? { inDoubt } : {}) };
    return { ok: false, error: `503 backend unavailable: rejected by ${o.by}`, retryable: true };
  };

  const get = (from: NodeId, req: Request) => {
    const e = entries.get(req.key);
    if (e !== undefined && e.expiresUs > ctx.monotonic()) {
      hits++;
      ctx.metric.count('hits');
      entries.delete(req.key); // the youngest again, its expiry unchanged
      entries.set(req.key, e);
      return reply(ctx, from, req, { ok: true, value: e.value });
    }
    if (e !== undefined) entries.delete(req.key); // expired
    misses++;
    ctx.metric.count('misses');
    let k = fills.get(req.key);
    if (k?.live !== undefined) {
      k.live.waiters.push({ from, req });
      return;
    }
    if (k === undefined) fills.set(req.key, (k = { gen: 0, inFlight: 0 }));
    const fill: Fill = { waiters: [{ from, req }], gen: k.gen };
    if (p.coalesce) k.live = fill;
    k.inFlight++;
    inFlightMisses++;
    const key = k;
    callBackend(p.backend.f, req.key, undefined, (o) => {
      inFlightMisses--;
      if (key.live === fill) delete key.live;
      if (--key.inFlight === 0) fills.delete(req.key);
      // A fallback's answer is not the backend's data: served, never stored.
      if (o.kind === 'ok' && fill.gen === key.gen && o.fallback === undefined) store(req.key, o.value);
      const a: Answer = o.kind === 'ok' ? { ok: true, value: o.value } : failure(o, false);
      for (const w of fill.waiters) reply(ctx, w.from, w.req, a);
      gauges();
    });
  };

  const put = (from: NodeId, req: Request) => {
    callBackend(p.backend.putF, req.key, req.value, (o) => {
      drop(req.key);
      if (o.kind === 'ok' && o.fallback === undefined && p.writes === 'through') store(req.key, req.value);
      reply(ctx, from, req, o.kind === 'ok' ? { ok: true, value: o.value } : failure(o, true));
      gauges();
    });
  };

  const slots = workerSlots(ctx, p, (from, req, release) =>
    ctx.after(serviceTime(ctx, p.latency, draws), () => {
      if (req.f === 'get') get(from, req);
      else if (req.f === 'put') put(from, req);
      else {
        drop(req.key);
        reply(ctx, from, req, { ok: true });
      }
      gauges();
      release(); // a miss waits for the backend without holding a worker
    }),
  );

  return {
    onStart: gauges,
    onMessage(from: NodeId, msg: unknown) {
      if (rpc.handle(msg) || !isRequest(msg)) return;
      if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
      if (msg.f !== 'get' && msg.f !== 'put' && msg.f !== 'invalidate') {
        return reply(ctx, from, msg, { ok: false, error: `400 unknown operation '${msg.f}' (the cache answers get, put, invalidate)`, retryable: false });
      }
      slots.accept(from, msg);
    },
    onConditions: slots.pump,
    inspect: () => ({ entries: entries.size, hits, misses, inFlightMisses, ...slots.inspect() }),
  };
}
