/**
 * Server-side idempotency keys, after Stripe's Idempotency-Key (and the IETF draft
 * "The Idempotency-Key HTTP Header Field"): the first request with a key runs, its outcome is
 * stored durably (fsync) under the key; a later duplicate gets the stored outcome; a duplicate
 * arriving while the first is still running gets a conflict (HTTP 409), never a second execution.
 */
import type { DurableStorage } from '../world/storage.js';

export type IdempotencyDecision<R> =
  /** First time: run the work, then call `complete`. */
  | { kind: 'execute' }
  /** Already done: answer with the stored outcome, do not run it again. */
  | { kind: 'replay'; outcome: R }
  /** The first request with this key is still running (409 Conflict). */
  | { kind: 'conflict' }
  /** The key was used before for a different request (Stripe answers 422). */
  | { kind: 'mismatch' };

interface Stored<R> {
  fingerprint: string | undefined;
  outcome: R;
}

/**
 * In-progress keys live in volatile memory: after a crash they are forgotten, so a retry of a
 * request whose outcome was never stored runs again (the gap Stripe closes with recovery points).
 */
export class IdempotencyStore<R = unknown> {
  private readonly inProgress = new Map<string, string | undefined>();

  constructor(
    private readonly disk: DurableStorage,
    private readonly prefix = 'idempotency/',
  ) {}

  begin(key: string, fingerprint?: string): IdempotencyDecision<R> {
    const stored = this.disk.read<Stored<R>>(this.prefix + key);
    if (stored !== undefined) {
      return stored.fingerprint !== fingerprint ? { kind: 'mismatch' } : { kind: 'replay', outcome: stored.outcome };
    }
    if (this.inProgress.has(key)) return this.inProgress.get(key) !== fingerprint ? { kind: 'mismatch' } : { kind: 'conflict' };
    this.inProgress.set(key, fingerprint);
    return { kind: 'execute' };
  }

  /** Stores the outcome durably (write + fsync) before the caller answers. */
  complete(key: string, outcome: R): void {
    const fingerprint = this.inProgress.get(key);
    if (!this.inProgress.delete(key)) throw new Error(`idempotency key '${key}' completed without begin`);
    this.disk.write(this.prefix + key, { fingerprint, outcome } satisfies Stored<R>);
    this.disk.fsync();
  }

  /** The work failed in a way that should let a retry run it again: forget the key. */
  abandon(key: string): void {
    this.inProgress.delete(key);
  }

  isInProgress(key: string): boolean {
    return this.inProgress.has(key);
  }
}
