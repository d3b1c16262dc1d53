import { z } from 'zod';
import { Deque } from '../../kernel/deque.js';
import type { Micros } from '../../kernel/time.js';
import { ms } from '../../kernel/time.js';
import type { Call, Outcome } from '../../strategies/call.js';
import { envFromContext } from '../../strategies/env.js';
import { buildStack } from '../../strategies/registry.js';
import { positiveDuration } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import { latencySchema, sampleLatency } from '../../world/latency.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { isRequest, type Request, type Response, reply, RpcClient } from '../rpc.js';
import { rateLimitGate, rateLimitSchema } from './service-rate-limit.js';
import { idempotencyGate, idempotencySchema } from './service-idempotency.js';
import { DEFAULT_STEPS, fill, fillValue, handlerSchema, requireHolds, type Step, stepNodeRefs } from './service-steps.js';
import { injectedError } from './capacity-faults.js';

/**
 * A request-serving process: N workers and a bounded queue (thread-per-request servers such as
 * Tomcat or a Gunicorn worker pool), served FIFO or LIFO (Facebook's adaptive-LIFO idea), with
 * requests whose caller has given up dropped when `dropExpired` (CoDel-style deadline dropping).
 * Service time is a distribution, multiplied by an overload curve past a knee — the textbook
 * setup of a metastable failure (Bronson et al., HotOS '21): once load passes capacity, work
 * gets slower, which adds load. Each operation runs a handler: a short list of steps (work, call
 * a dependency through its own strategy stack, publish, record an effect, answer), holding its
 * worker throughout, so a slow dependency ties up workers as it does in a real server.
 *
 * Capacity faults apply through ctx.conditions(): service time × slowdown + extra, workers ×
 * capacity (or the autoscaler's number), and errorRate of the requests taken answered with the
 * fault's error. Work for a request whose caller gave up (answered later than `callerTimeout`
 * after it arrived) is still done, unless dropped while queued, and counted as `wasted`.
 */
const overloadSchema = z.strictObject({
  /** What the knee is measured on: busy workers, queued requests, or requests arrived in the last second. */
  metric: z.enum(['in-flight', 'queued', 'arrival-rate']).default('in-flight'),
  /** Past this value, service time grows. */
  knee: z.number().positive().max(1e9),
  /** How much slower per knee beyond it: at 2 × knee the service time is (1 + factor) × normal. */
  factor: z.number().min(0).max(1_000),
  /** The most it can slow down (× normal). */
  max: z.number().min(1).max(10_000).default(100),
});

export const serviceParams = z.strictObject({
  workers: z.number().int().min(1).max(100_000).default(4),
  /** Requests that may wait for a worker; one more is answered `503 queue full` (retryable). */
  queueSize: z.number().int().min(0).max(1_000_000).default(100),
  order: z.enum(['fifo', 'lifo']).default('fifo'),
  /** How long callers wait: a request answered later than this after it arrived is wasted work. */
  callerTimeout: positiveDuration.optional(),
  /** Drop a queued request once `callerTimeout` has passed since it arrived (its caller is gone). */
  dropExpired: z.boolean().default(false),
  /** The time one `work` step takes. */
  serviceTime: latencySchema.default({ dist: 'constant', value: ms(10) }),
  overload: overloadSchema.optional(),
  /** Operation name → its steps; `default` serves any operation without its own (else: work, reply ok). */
  handlers: z.record(z.string().min(1).max(100), handlerSchema).default({}),
  /** Server-side idempotency keys (Stripe's): a repeated key gets the stored answer (service-idempotency.ts). */
  idempotency: idempotencySchema.optional(),
  /** Answer every request with this error (a version that cannot start: a missing setting). */
  startError: z.string().min(1).max(200).optional(),
  /** A rate limit applied as a request arrives, before the queue: refusals are answered 429 (service-rate-limit.ts). */
  rateLimit: rateLimitSchema.optional(),
});
export type ServiceParams = z.output<typeof serviceParams>;

/** An error answer a step gives (`inDoubt` sent only when true: other answers stay as they were). */
const errorAnswer = (e: { error: string; retryable: boolean; inDoubt: boolean }): Omit<Response, 't' | 'rid'> => ({
  ok: false,
  error: e.error,
  retryable: e.retryable,
  ...(e.inDoubt ? { inDoubt: true } : {}),
});

interface Job {
  from: NodeId;
  req: Request;
  arrivedUs: Micros;
}

export const service = defineModel({
  name: 'service',
  summary: 'workers and a bounded queue; per-operation handlers of steps (work, call, publish, effect, reply); an overload curve',
  params: serviceParams,
  nodeRefs: (p) => Object.entries(p.handlers).flatMap(([op, steps]) => stepNodeRefs(steps, ['handlers', op])),
  create: (p) => (ctx) => serve(ctx, p),
});

function serve(ctx: NodeContext, p: ServiceParams) {
  const rpc = new RpcClient(ctx);
  const errorDraws = ctx.stream('errors');
  const workDraws = ctx.stream('work');
  const queue = new Deque<Job>();
  const arrivals = new Deque<Micros>();
  /** The handlers' own memory (remember / forget / require): volatile, as a process's heap is. */
  const memory = new Map<string, { value: unknown; untilUs: Micros }>();
  const remembered = (key: string): boolean => {
    const m = memory.get(key);
    if (m === undefined) return false;
    if (m.untilUs > ctx.monotonic()) return true;
    memory.delete(key);
    return false;
  };
  /** Whether any handler uses the memory: then its `remembered` gauge is recorded from the start. */
  const usesMemory = Object.values(p.handlers).some((steps) =>
    steps.some((s) => typeof s === 'object' && ('remember' in s || 'forget' in s || ('require' in s && (s.require.present ?? s.require.absent) !== undefined))),
  );
  const idempotency = idempotencyGate(ctx, p.idempotency);
  let busy = 0;
  // One strategy stack per call step, built once: breakers and budgets keep their state.
  const stacks = new Map<Step, ReturnType<typeof buildStack>>();
  const stackFor = (step: Step, client: Parameters<typeof buildStack>[0]) => {
    let s = stacks.get(step);
    if (s === undefined) stacks.set(step, (s = buildStack(client, envFromContext(ctx))));
    return s;
  };

  const workers = (): number => {
    const c = ctx.conditions();
    return Math.max(0, Math.floor((c.workers ?? p.workers) * c.capacity));
  };
  const gauges = () => {
    const w = workers();
    ctx.metric.gauge('queued', queue.length);
    ctx.metric.gauge('busy', busy);
    ctx.metric.gauge('workers', w);
    ctx.metric.gauge('utilisation', w === 0 ? (busy > 0 ? 1 : 0) : busy / w);
  };
  const answer = (job: Job, a: Omit<Response, 't' | 'rid'>) => {
    reply(ctx, job.from, job.req, a);
    if (!a.ok) ctx.metric.count('errors');
    if (p.callerTimeout !== undefined && ctx.monotonic() - job.arrivedUs > p.callerTimeout) ctx.metric.count('wasted');
  };

  const overloadFactor = (): number => {
    const o = p.overload;
    if (o === undefined) return 1;
    const now = ctx.monotonic();
    while (arrivals.length > 0 && arrivals.peekFront()! <= now - 1_000_000) arrivals.popFront();
    const x = o.metric === 'in-flight' ? busy : o.metric === 'queued' ? queue.length : arrivals.length;
    return x <= o.knee ? 1 : Math.min(o.max, 1 + (o.factor * (x - o.knee)) / o.knee);
  };
  const workTime = (dist: ServiceParams['serviceTime']): Micros => {
    const c = ctx.conditions();
    return Math.round(sampleLatency(dist, workDraws) * c.slowdown * overloadFactor()) + c.extraUs;
  };

  const pump = (): void => {
    while (busy < workers() && queue.length > 0) {
      const job = p.order === 'lifo' ? queue.popBack()! : queue.popFront()!;
      if (p.dropExpired && p.callerTimeout !== undefined && ctx.monotonic() - job.arrivedUs > p.callerTimeout) {
        ctx.metric.count('expired');
        continue;
      }
      busy++;
      run(job, () => {
        busy--;
        ctx.metric.count('completed');
        pump();
      });
    }
    gauges();
  };

  /** Runs the op's steps in order, holding a worker; `release` when the last step is done. */
  const run = (job: Job, release: () => void): void => {
    const handlers = p.handlers;
    const steps = Object.hasOwn(handlers, job.req.f) ? handlers[job.req.f]! : Object.hasOwn(handlers, 'default') ? handlers.default! : DEFAULT_STEPS;
    const vars = new Map<string, unknown>([
      ['key', job.req.key],
      ['value', job.req.value],
      ['f', job.req.f],
      ['from', job.from],
    ]);
    let answered = false;
    const gate = idempotency?.(job.req.f, vars);
    const say = (a: Omit<Response, 't' | 'rid'>) => {
      if (answered) return;
      answered = true;
      if (gate !== undefined && 'complete' in gate) gate.complete(a);
      answer(job, a);
    };
    const next = (i: number): void => {
      const step = steps[i];
      if (step === undefined) {
        say({ ok: true });
        return release();
      }
      if (step === 'work' || (typeof step === 'object' && 'work' in step)) {
        ctx.after(workTime(step === 'work' ? p.serviceTime : step.work), () => next(i + 1));
        return;
      }
      if ('reply' in step) {
        const r = step.reply;
        if (r === 'ok') say({ ok: true });
        else if ('value' in r) say({ ok: true, value: fillValue(r.value, vars) });
        else say(errorAnswer(r));
        return next(i + 1);
      }
      if ('remember' in step) {
        const r = step.remember;
        const key = String(fill(r.key, vars));
        memory.set(key, {
          value: r.value === undefined ? true : fillValue(r.value, vars),
          untilUs: r.ttl === undefined ? Infinity : ctx.monotonic() + r.ttl,
        });
        ctx.metric.gauge('remembered', memory.size);
        // When the ttl ends the key goes (unless remembered again since), and the gauge with it.
        if (r.ttl !== undefined) ctx.after(r.ttl, () => void (remembered(key) || ctx.metric.gauge('remembered', memory.size)));
        return next(i + 1);
      }
      if ('forget' in step) {
        memory.delete(String(fill(step.forget.key, vars)));
        ctx.metric.gauge('remembered', memory.size);
        return next(i + 1);
      }
      if ('require' in step) {
        const r = step.require;
        if (requireHolds(r, vars, remembered)) return next(i + 1);
        say({ ok: false, error: r.error, retryable: r.retryable });
        return release();
      }
      if ('effect' in step) {
        const e = step.effect;
        ctx.effect(e.kind, String(fill(e.key, vars)), e.value === undefined ? undefined : fillValue(e.value, vars));
        return next(i + 1);
      }
      const c =
        'call' in step
          ? step.call
          : {
              node: step.publish.node,
              f: 'publish',
              key: step.publish.topic,
              value: step.publish.value,
              client: step.publish.client,
              onError: 'fail' as const,
            };
      const key = String(fill(c.key, vars));
      const value = c.value === undefined ? vars.get('value') : fillValue(c.value, vars);
      // An answer that said the work may have happened (a 409 "in progress") keeps the failure
      // passed on in doubt, as a client records it; its Retry-After hint goes on too.
      let inDoubt = false;
      const attempt: Call = (done, cancel) => {
        const rid = rpc.call(c.node, c.f, key, value, (res) => {
          inDoubt ||= res.inDoubt === true;
          done(
            res.ok
              ? { kind: 'ok', value: res.value }
              : {
                  kind: 'error',
                  error: res.error ?? 'error',
                  retryable: res.retryable ?? false,
                  ...(res.retryAfterUs === undefined ? {} : { retryAfterUs: res.retryAfterUs }),
                },
          );
        });
        cancel?.onCancel(() => rpc.forget(rid));
      };
      stackFor(step, c.client)(attempt)((o: Outcome) => {
        if (o.kind === 'ok') {
          if ('call' in step && step.call.as !== undefined) vars.set(step.call.as, o.value);
          if (o.fallback !== undefined) vars.set('fallback', o.fallback);
          return next(i + 1);
        }
        if (c.onError === 'continue') return next(i + 1);
        if (typeof c.onError === 'object') say(errorAnswer(c.onError));
        // A client error (4xx: a version conflict, a duplicate) is the caller's to see and handle;
        // anything else (5xx, a timeout, a refusal) is a bad gateway.
        else {
          const passed = {
            ...(inDoubt ? { inDoubt: true } : {}),
            ...(o.kind === 'error' && o.retryAfterUs !== undefined ? { retryAfterUs: o.retryAfterUs } : {}),
          };
          if (o.kind === 'error' && /^4\d\d\b/.test(o.error)) say({ ok: false, error: `${o.error} (from ${c.node})`, retryable: o.retryable, ...passed });
          else {
            const why = o.kind === 'error' ? o.error : o.kind === 'timeout' ? 'timed out' : `rejected by ${o.by}`;
            say({ ok: false, error: `502 ${c.node} failed: ${why}`, retryable: o.kind !== 'error' || o.retryable, ...passed });
          }
        }
        release();
      });
    };
    if (gate !== undefined && 'answer' in gate) {
      say(gate.answer);
      return release();
    }
    next(0);
  };

  // What the rate limit refuses is answered at the gate; what it delays arrives again later.
  const limited = p.rateLimit === undefined ? undefined : rateLimitGate(ctx, p.rateLimit, (from, req) => node.onMessage(from, req));
  const node = {
    onMessage(from: NodeId, msg: unknown) {
      if (rpc.handle(msg) || !isRequest(msg)) return;
      if (msg.f === 'health') return reply(ctx, from, msg, { ok: true });
      if (limited?.(from, msg)) return;
      ctx.metric.count('requests');
      if (p.overload?.metric === 'arrival-rate') arrivals.pushBack(ctx.monotonic());
      if (p.startError !== undefined) {
        reply(ctx, from, msg, { ok: false, error: p.startError, retryable: false });
        ctx.metric.count('errors');
        return;
      }
      const injected = injectedError(ctx.conditions(), errorDraws);
      if (injected !== undefined) {
        reply(ctx, from, msg, injected);
        ctx.metric.count('errors');
        return;
      }
      if (queue.length >= p.queueSize && busy >= workers()) {
        reply(ctx, from, msg, { ok: false, error: '503 queue full', retryable: true });
        ctx.metric.count('rejected');
        ctx.metric.count('errors');
        return;
      }
      queue.pushBack({ from, req: msg, arrivedUs: ctx.monotonic() });
      pump();
    },
    onStart() {
      if (p.startError !== undefined) ctx.note(`cannot start properly: ${p.startError}`);
      gauges();
      // A restart begins with an empty memory: the gauge says so, not the last incarnation's count.
      if (usesMemory) ctx.metric.gauge('remembered', 0);
    },
    // More workers now (a capacity fault ended, the autoscaler added some): take queued work.
    onConditions: pump,
    inspect: () => ({ busy, queued: queue.length, workers: workers(), remembered: memory.size }),
  };
  return node;
}
