import { z } from 'zod';
import { IdempotencyStore } from '../../strategies/idempotency.js';
import { DurableStorage } from '../../world/storage.js';
import type { NodeContext } from '../../world/model.js';
import type { Response } from '../rpc.js';
import { fill } from './service-steps.js';

/**
 * Server-side idempotency keys for a `service`, with Stripe's semantics (and the IETF draft "The
 * Idempotency-Key HTTP Header Field"; the store is sim/strategies/idempotency.ts): the first
 * request with a key runs its handler and its answer is stored under the key; a later request
 * with the key gets the stored answer without running anything; one arriving while the first is
 * still running gets `409 request in progress`, retryable and in doubt (the work may be under
 * way, so the caller must not report it as failed); a key reused for another operation or value
 * gets `422` (Stripe compares the request's parameters). Every answer the handler gives is
 * stored, errors included, as Stripe stores a 500: running it again could do the work twice.
 * `durable`: stored with write + fsync on the node's disk, kept across a restart; otherwise in
 * the process's memory, lost with it. The in-progress marks are always volatile: a crash
 * mid-handler forgets them, so a retry runs again (the gap Stripe closes with recovery points).
 */
export const idempotencySchema = z.strictObject({
  /** The key's template: `{key}` (the request's key, an order id), `{value.id}`... */
  key: z.string().min(1).max(1_000).default('{key}'),
  durable: z.boolean().default(true),
  /** The operations it applies to; default every operation. */
  ops: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
});
export type IdempotencyConfig = z.output<typeof idempotencySchema>;

type Answer = Omit<Response, 't' | 'rid'>;

/** What a request gets from the gate: a stored or refusing answer, or leave to run (`complete` when answered). */
export type Gate = { answer: Answer } | { complete: (a: Answer) => void };

/** The gate of one incarnation of a service (a restart builds a new one: in-progress marks are gone). */
export function idempotencyGate(ctx: NodeContext, config: IdempotencyConfig | undefined) {
  if (config === undefined) return undefined;
  const store = new IdempotencyStore<Answer>(config.durable ? ctx.disk : new DurableStorage(), 'idempotency/');
  const ops = config.ops === undefined ? undefined : new Set(config.ops);
  const names = [...config.key.matchAll(/\{([^{}]+)\}/g)].map((m) => `{${m[1]}}`);
  return (f: string, vars: ReadonlyMap<string, unknown>): Gate | undefined => {
    if (ops !== undefined && !ops.has(f)) return undefined;
    const key = keyOf(config.key, names, vars);
    // No key, no deduplication: Stripe runs a request without an Idempotency-Key as it comes,
    // where a key of "undefined" would make every such request one request.
    if (key === undefined) {
      ctx.metric.count('no-idempotency-key');
      return undefined;
    }
    const d = store.begin(key, JSON.stringify([f, vars.get('value') ?? null]));
    switch (d.kind) {
      case 'replay':
        ctx.metric.count('replayed');
        return { answer: d.outcome };
      case 'conflict':
        ctx.metric.count('in-progress');
        return { answer: { ok: false, error: '409 request in progress', retryable: true, inDoubt: true } };
      case 'mismatch':
        return { answer: { ok: false, error: '422 idempotency key reused with other parameters', retryable: false } };
      case 'execute':
        return { complete: (a) => store.complete(key, a) };
    }
  };
}

/**
 * The key a request's fields fill the template with (`names`: its `{...}` parts, found once), or
 * undefined when a field it names is missing, null or empty; a value that is not text (a number,
 * a mapping) is keyed by its JSON.
 */
function keyOf(template: string, names: readonly string[], vars: ReadonlyMap<string, unknown>): string | undefined {
  for (const name of names) {
    const v = fill(name, vars);
    if (v === undefined || v === null || v === '') return undefined;
  }
  const key = fill(template, vars);
  return typeof key === 'string' ? key : JSON.stringify(key);
}
