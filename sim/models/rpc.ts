import type { Outcome } from '../strategies/call.js';
import type { NodeContext } from '../world/model.js';
import type { NodeId } from '../world/ids.js';

/**
 * The request/response protocol every built-in server model speaks, so the generic workload
 * client can drive any of them. `key` names the object (order, seat, register) and stays the
 * same across a client's retries of one operation; `rid` is fresh per attempt.
 */
export interface Request {
  t: 'req';
  rid: number;
  f: string;
  key: string;
  value?: unknown;
}

export interface Response {
  t: 'res';
  rid: number;
  ok: boolean;
  value?: unknown;
  error?: string;
  /** A failure the caller may retry (overloaded, conflict with an attempt in progress). */
  retryable?: boolean;
  /**
   * The work may be under way or done (a 409 "in progress"): this answer is no proof that the
   * operation did not happen, so a client must not report it as failed.
   */
  inDoubt?: boolean;
  /** "Not the leader, ask this node": the workload client sends the same attempt on to it. */
  redirect?: NodeId;
  /**
   * How long the caller should wait before retrying, in µs (HTTP Retry-After, gRPC pushback): a
   * retry strategy waits at least this long before its next attempt.
   */
  retryAfterUs?: number;
}

export const isRequest = (m: unknown): m is Request => (m as Request | undefined)?.t === 'req';
export const isResponse = (m: unknown): m is Response => (m as Response | undefined)?.t === 'res';

/** A response as a strategy stack's outcome: ok, or an error with its retryable flag and retry-after hint. */
export function outcomeOf(res: Response, defaultError = 'error'): Outcome {
  if (res.ok) return { kind: 'ok', value: res.value };
  const o: Outcome = { kind: 'error', error: res.error ?? defaultError, retryable: res.retryable ?? false };
  if (typeof res.retryAfterUs === 'number') o.retryAfterUs = res.retryAfterUs;
  return o;
}

/** Answers a request; `R` lets a model add fields of its own (a timestamp) to the response. */
export function reply<R extends Response = Response>(ctx: NodeContext, to: NodeId, req: Request, answer: Omit<R, 't' | 'rid'>): void {
  ctx.send(to, { t: 'res', rid: req.rid, ...answer });
}

/** Sends requests and routes each response to the callback of the attempt it answers. */
export class RpcClient {
  private nextRid = 0;
  private readonly pending = new Map<number, (res: Response) => void>();

  constructor(private readonly ctx: NodeContext) {}

  /** `extra` adds model-specific fields to the request (a causal context, a deadline). */
  call(to: NodeId, f: string, key: string, value: unknown, onResponse: (res: Response) => void, extra?: Record<string, unknown>): number {
    // Unique across restarts: a late answer to the previous incarnation must not match.
    const rid = this.ctx.incarnation * 1_000_000_000 + ++this.nextRid;
    this.pending.set(rid, onResponse);
    const req: Request = { ...extra, t: 'req', rid, f, key };
    if (value !== undefined) req.value = value;
    this.ctx.send(to, req);
    return rid;
  }

  /** Routes a response; false when the message is not one of ours. A duplicate answer is ignored. */
  handle(msg: unknown): boolean {
    if (!isResponse(msg)) return false;
    const cb = this.pending.get(msg.rid);
    if (cb !== undefined) {
      this.pending.delete(msg.rid);
      cb(msg);
    }
    return true;
  }

  /** Requests sent whose answer is still awaited. */
  get awaiting(): number {
    return this.pending.size;
  }

  /** Forgets an attempt the caller gave up on, so a late answer is dropped. */
  forget(rid: number): void {
    this.pending.delete(rid);
  }
}
