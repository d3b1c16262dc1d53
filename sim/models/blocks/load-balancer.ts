/**
 * A layer-7 load balancer (a reverse proxy: nginx `upstream`, an Envoy cluster, an AWS ALB target
 * group) in front of backend nodes. Every request it takes goes to one backend as a new attempt
 * of its own (a fresh rid), and the backend's answer goes back to the caller unchanged. Reference
 * semantics:
 * - picking: nginx's smooth weighted round-robin, weighted random, least outstanding requests,
 *   and Envoy's power of two choices (`lb-policies.ts`);
 * - a backend that does not answer within `timeout` (Envoy's route timeout, default 15 s): the
 *   caller gets `504 upstream timeout`, retryable and in doubt (the backend may have done it);
 * - no backend to send to: `503 no healthy upstream` (Envoy's text), retryable, never sent;
 * - active health checks (Envoy's `health_checks`, nginx plus `health_check`): `{ f: 'health' }`
 *   to every backend each `every`; an ok answer within `timeout` passes, anything else (an error,
 *   no answer) fails; `unhealthyAfter` failures in a row take it out, `healthyAfter` passes in a
 *   row bring it back. Every backend starts healthy, and there is no panic mode: with none left,
 *   every request is refused;
 * - outlier ejection (Envoy's consecutive_5xx): `consecutiveErrors` answers in a row that are
 *   5xx (an error text starting with a 5xx code) or upstream timeouts eject the backend for
 *   `ejectFor`; any other answer resets the count. At most `maxEjectedPercent` of the backends
 *   are ejected at once, but always at least one may be (Envoy's rule). Unlike Envoy, the
 *   ejection time does not grow with repeated ejections;
 * - `maxOutstanding`: Envoy's cluster circuit breaker `max_requests`; past it, `503 upstream
 *   overflow` (retryable).
 * The LB answers `health` itself (ok) and honours its own service conditions: its `latency`
 * (× slowdown + extra) before forwarding, `capacity` × maxOutstanding, and `errorRate` of the
 * requests it takes answered with the injected error. A crash loses everything it holds: the
 * requests in flight (their callers time out), health and ejection state (all healthy again).
 */
import { z } from 'zod';
import { formatMicros, seconds } from '../../kernel/time.js';
import { nodeId, nodeList, positiveDuration, probability } from '../../units/human-units.js';
import type { TimerId } from '../../world/ids.js';
import { latencySchema } from '../../world/latency.js';
import { defineModel } from '../registry.js';
import { isRequest, reply, RpcClient, type Request, type Response } from '../rpc.js';
import { type Backend, Picker } from './lb-policies.js';
import { injectedError, serviceTime } from './capacity-faults.js';

/** Backends of one load balancer: as many as a scenario may have nodes. */
export const MAX_BACKENDS = 1000;
/** A backend's weight, as a workload op's. */
export const MAX_WEIGHT = 1_000_000;
/** Health-check thresholds and consecutive errors. */
export const MAX_THRESHOLD = 1000;
/** Requests in flight through the LB when `maxOutstanding` is set. */
export const MAX_OUTSTANDING = 1_000_000;

const count = (min: number, max: number) => z.number().int().min(min).max(max);

const healthCheckSchema = z.strictObject({
  /** How often each backend is checked. */
  every: positiveDuration.default(seconds(1)),
  /** How long a check waits for its answer. */
  timeout: positiveDuration.default(seconds(0.5)),
  /** Failed checks in a row that take a healthy backend out. */
  unhealthyAfter: count(1, MAX_THRESHOLD).default(3),
  /** Passed checks in a row that bring an unhealthy backend back. */
  healthyAfter: count(1, MAX_THRESHOLD).default(2),
});

const outlierEjectionSchema = z.strictObject({
  /** 5xx answers (or upstream timeouts) in a row that eject a backend. */
  consecutiveErrors: count(1, MAX_THRESHOLD).default(5),
  /** How long an ejected backend gets no traffic. */
  ejectFor: positiveDuration.default(seconds(30)),
  /** The largest share of the backends ejected at once (at least one may always be). */
  maxEjectedPercent: probability.default(0.1),
});

const paramsSchema = z
  .strictObject({
    backends: nodeList(MAX_BACKENDS, 'backend'),
    policy: z.enum(['round-robin', 'random', 'least-outstanding', 'power-of-two']).default('round-robin'),
    /** Backend → weight (default 1 each; 0 sends it nothing): a traffic split, for round-robin and random. */
    weights: z.record(nodeId, z.number().min(0).max(MAX_WEIGHT)).default({}),
    /** How long a forwarded request may wait for the backend's answer. */
    timeout: positiveDuration.default(seconds(15)),
    /** The LB's own time per request, before it forwards. */
    latency: latencySchema.default({ dist: 'constant', value: 0 }),
    maxOutstanding: count(1, MAX_OUTSTANDING).optional(),
    healthCheck: healthCheckSchema.optional(),
    outlierEjection: outlierEjectionSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set(p.backends);
    for (const name of Object.keys(p.weights)) {
      if (!seen.has(name))
        ctx.addIssue({ code: 'custom', path: ['weights', name], message: `'${name}' is not one of the backends (${p.backends.join(', ')})` });
    }
    if (p.backends.every((b) => (Object.hasOwn(p.weights, b) ? p.weights[b]! : 1) === 0))
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'expected at least one backend with a weight above 0' });
  });

/** A 5xx answer: an error text starting with a 5xx status code (`503 overloaded`). */
const is5xx = (res: Response) => !res.ok && /^5\d\d(?!\d)/.test(res.error ?? '');

interface Upstream extends Backend {
  /** Passing its active health checks (always, without them). */
  healthy: boolean;
  passes: number;
  fails: number;
  /** A health check is in flight. */
  checking: boolean;
  /** 5xx answers in a row, for outlier ejection. */
  errors: number;
  ejected: boolean;
}

type Answer = Omit<Response, 't' | 'rid'>;

export const loadBalancer = defineModel({
  name: 'load-balancer',
  summary: 'a proxy in front of backends: round-robin, random, least-outstanding or power-of-two, weights, active health checks, outlier ejection',
  params: paramsSchema,
  nodeRefs: (p) => p.backends.map((node, i) => ({ path: ['backends', i], node })),
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    const errorDraws = ctx.stream('errors');
    const latencyDraws = ctx.stream('latency');
    const picker = new Picker(p.policy, ctx.stream('lb'));
    const backends: Upstream[] = p.backends.map((id) => ({
      id,
      weight: Object.hasOwn(p.weights, id) ? p.weights[id]! : 1,
      outstanding: 0,
      current: 0,
      healthy: true,
      passes: 0,
      fails: 0,
      checking: false,
      errors: 0,
      ejected: false,
    }));
    let outstanding = 0;
    /** The backends traffic may go to, recomputed after a health or ejection change. */
    let candidates: Upstream[] | undefined;
    const usable = (b: Upstream) => b.healthy && !b.ejected;

    const changed = () => {
      candidates = undefined;
      ctx.metric.gauge('healthy', backends.filter(usable).length);
      ctx.metric.gauge('ejected', backends.filter((b) => b.ejected).length);
    };

    const answer = (to: string, req: Request, a: Answer) => {
      if (!a.ok) ctx.metric.count('errors');
      reply(ctx, to, req, a);
    };

    const settle = (b: Upstream) => {
      b.outstanding--;
      outstanding--;
      ctx.metric.gauge('outstanding', outstanding);
    };

    const outlier = (b: Upstream, failed: boolean) => {
      const oe = p.outlierEjection;
      if (oe === undefined) return;
      if (!failed) {
        b.errors = 0;
        return;
      }
      if (++b.errors < oe.consecutiveErrors || b.ejected) return;
      const ejected = backends.filter((x) => x.ejected).length;
      // Envoy: eject while the share ejected stays within the limit, or when none is ejected.
      if (ejected > 0 && (ejected + 1) / backends.length > oe.maxEjectedPercent + 1e-9) return;
      b.ejected = true;
      b.errors = 0;
      ctx.note(`eject ${b.id} for ${formatMicros(oe.ejectFor)} after ${oe.consecutiveErrors} errors in a row`);
      changed();
      ctx.after(oe.ejectFor, () => {
        b.ejected = false;
        ctx.note(`${b.id} back from ejection`);
        changed();
      });
    };

    const forward = (from: string, req: Request) => {
      const c = ctx.conditions();
      const injected = injectedError(c, errorDraws);
      if (injected !== undefined) return answer(from, req, injected);
      if (p.maxOutstanding !== undefined && outstanding >= Math.floor(p.maxOutstanding * c.capacity))
        return answer(from, req, { ok: false, error: '503 upstream overflow: too many requests in flight', retryable: true });
      candidates ??= backends.filter((b) => usable(b) && b.weight > 0);
      if (candidates.length === 0) return answer(from, req, { ok: false, error: '503 no healthy upstream', retryable: true });
      const b = picker.pick(candidates) as Upstream;
      b.outstanding++;
      outstanding++;
      ctx.metric.gauge('outstanding', outstanding);
      ctx.metric.count(`sent-${b.id}`);
      const { t: _t, rid: _rid, f, key, value, ...extra } = req;
      let timer: TimerId | undefined;
      const rid = rpc.call(
        b.id,
        f,
        key,
        value,
        (res) => {
          if (timer !== undefined) ctx.cancelTimer(timer);
          settle(b);
          outlier(b, is5xx(res));
          const { t: _rt, rid: _rrid, ...rest } = res;
          answer(from, req, rest);
        },
        extra,
      );
      timer = ctx.after(p.timeout, () => {
        rpc.forget(rid);
        settle(b);
        ctx.metric.count('timeouts');
        outlier(b, true);
        answer(from, req, { ok: false, error: '504 upstream timeout', retryable: true, inDoubt: true });
      });
    };

    const checked = (b: Upstream, ok: boolean) => {
      const hc = p.healthCheck!;
      b.checking = false;
      if (ok) {
        b.fails = 0;
        if (!b.healthy && ++b.passes >= hc.healthyAfter) {
          b.healthy = true;
          b.passes = 0;
          ctx.note(`${b.id} healthy after ${hc.healthyAfter} passed checks`);
          changed();
        }
      } else {
        b.passes = 0;
        if (b.healthy && ++b.fails >= hc.unhealthyAfter) {
          b.healthy = false;
          b.fails = 0;
          ctx.note(`${b.id} unhealthy after ${hc.unhealthyAfter} failed checks`);
          changed();
        }
      }
    };

    const check = (b: Upstream) => {
      b.checking = true;
      let timer: TimerId | undefined;
      const rid = rpc.call(b.id, 'health', ctx.id, undefined, (res) => {
        if (timer !== undefined) ctx.cancelTimer(timer);
        checked(b, res.ok);
      });
      timer = ctx.after(p.healthCheck!.timeout, () => {
        rpc.forget(rid);
        checked(b, false);
      });
    };

    const checkRound = () => {
      // A check still waiting for its answer is not doubled up.
      for (const b of backends) if (!b.checking) check(b);
      ctx.after(p.healthCheck!.every, checkRound);
    };

    const boot = () => {
      changed();
      ctx.metric.gauge('outstanding', 0);
      if (p.healthCheck !== undefined) checkRound();
    };

    return {
      onStart: boot,
      onRecover: boot,
      onMessage(from, msg) {
        if (rpc.handle(msg) || !isRequest(msg)) return;
        if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
        ctx.metric.count('requests');
        const delayUs = serviceTime(ctx, p.latency, latencyDraws);
        if (delayUs > 0) ctx.after(delayUs, () => forward(from, msg));
        else forward(from, msg);
      },
      inspect: () => ({
        healthy: backends.filter(usable).map((b) => b.id),
        down: backends.filter((b) => !b.healthy).map((b) => b.id),
        ejected: backends.filter((b) => b.ejected).map((b) => b.id),
        outstanding: Object.fromEntries(backends.map((b) => [b.id, b.outstanding])),
      }),
    };
  },
});
