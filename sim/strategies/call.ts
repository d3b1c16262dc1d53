/**
 * The call path every strategy wraps: an asynchronous, callback-based call (no Promises, so
 * everything runs in the simulator's event order) and its four possible outcomes.
 */

export type Outcome<T = unknown> =
  | { kind: 'ok'; value: T; fallback?: string }
  /**
   * The server answered with a failure (503, 409...): it may be worth another attempt. An
   * `error` text starting with a status code (`503 overloaded`) is matched by a retry's
   * `retryOn`; `retryAfterUs` is the server's hint of how long to wait before trying again (HTTP
   * Retry-After), which a retry honours.
   */
  | { kind: 'error'; error: string; retryable: boolean; retryAfterUs?: number }
  /** We gave up waiting: the outcome is unknown, the work may or may not have happened. */
  | { kind: 'timeout' }
  /** A local policy refused the call (breaker open, bulkhead full, budget spent...). */
  | { kind: 'rejected'; by: string };

/**
 * Starts the call; `done` is called at most once when it completes. `cancel`, when given, tells
 * the call that its caller has given up (an outer timeout fired, another hedge won): a policy
 * stops scheduling more work (retries, hedges) for it. Cancelling never calls `done`.
 */
export type Call<T = unknown> = (done: (o: Outcome<T>) => void, cancel?: Cancellation) => void;

/** Polly's CancellationToken / cockatiel's AbortSignal, in simulator terms. */
export interface Cancellation {
  readonly cancelled: boolean;
  /** Runs `fn` on cancellation (at once if already cancelled). */
  onCancel(fn: () => void): void;
}

export class CancelSource implements Cancellation {
  cancelled = false;
  private listeners: (() => void)[] = [];

  /** A source that is also cancelled when `parent` is. */
  static linked(parent: Cancellation | undefined): CancelSource {
    const s = new CancelSource();
    parent?.onCancel(() => s.cancel());
    return s;
  }

  onCancel(fn: () => void): void {
    if (this.cancelled) fn();
    else this.listeners.push(fn);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const fns = this.listeners;
    this.listeners = [];
    for (const fn of fns) fn();
  }
}

/** Wraps a call in a recovery strategy. */
export type Policy = <T>(call: Call<T>) => Call<T>;

/**
 * Guards a completion callback so it runs at most once: whichever of a call's answer and its
 * timer comes first settles it, and a late answer after that is silently ignored.
 */
export function once<T>(done: (o: Outcome<T>) => void): { settle: (o: Outcome<T>) => boolean; readonly settled: () => boolean } {
  let settled = false;
  return {
    settle(o) {
      if (settled) return false;
      settled = true;
      done(o);
      return true;
    },
    settled: () => settled,
  };
}

export const rejected = (by: string): Outcome<never> => ({ kind: 'rejected', by });
