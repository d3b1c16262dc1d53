import type { Micros } from '../kernel/time.js';
import type { Workload } from './workload-schema.js';
import type { Call, Outcome, Policy } from '../strategies/call.js';
import type { Model } from '../world/model.js';
import { sampleLatency } from '../world/latency.js';
import { RateSchedule } from './arrival-schedule.js';
import { outcomeOf, RpcClient } from './rpc.js';

/**
 * The client the `workload` section creates: it issues operations on the arrival schedule,
 * sends each through the variant's strategy stack to the target, and records the client-visible
 * history. An operation whose attempts all got a definite answer and none succeeded `fail`s;
 * one where any attempt went unanswered is `info` (it may have happened), as Jepsen requires.
 *
 * With several targets, each attempt goes to the one `pick` chooses (from a stream of its own, so
 * retries never shift the offered load). An answer carrying `redirect: node` ("not the leader,
 * try n2") sends the same attempt on to that node, at most MAX_REDIRECTS times, and a sticky
 * client stays with it afterwards; an attempt given up on unanswered moves a sticky client to the
 * next target. Writes carry values unique to the client and request, so a
 * register history is checkable.
 */
const MAX_REDIRECTS = 5;

export interface ClientOptions {
  workload: Workload;
  /** This client's place among its population's clients, to split the population's load. */
  index: number;
  of: number;
  /** This client's place among all clients of every population (default `index`): its write values' prefix. */
  serial?: number;
  /** True time the scenario ends; no request is issued after it. */
  endUs: Micros;
  buildStack: (ctx: Parameters<Model>[0]) => Policy;
}

export function workloadClient(o: ClientOptions): Model {
  const w = o.workload;
  const cap = w.maxRequests === undefined ? Infinity : Math.floor(w.maxRequests / o.of) + (o.index < w.maxRequests % o.of ? 1 : 0);
  const stopUs = Math.min(w.until ?? Infinity, o.endUs);
  const totalWeight = w.ops.reduce((a, op) => a + op.weight, 0);

  return (ctx) => {
    const rpc = new RpcClient(ctx);
    const stack = o.buildStack(ctx);
    const targets = w.target;
    const targetRandom = ctx.stream('targets');
    let sticky = targets[o.index % targets.length]!;
    let turn = o.index;
    const pickTarget = (): string => {
      if (targets.length === 1) return targets[0]!;
      if (w.pick === 'sticky') return sticky;
      if (w.pick === 'round-robin') return targets[turn++ % targets.length]!;
      return targets[Math.floor(targetRandom.next() * targets.length)]!;
    };
    // Arrivals, op choice and keys draw from a stream of their own, so every variant is offered
    // the same load on the same seed whatever its strategies draw.
    const random = ctx.stream('workload');
    let issued = 0;
    // Arrival times are planned on this client's own clock, which is true time unless drifting.
    const nextGap = (): Micros | undefined => {
      const a = w.arrival;
      if (a.process === 'burst' || a.process === 'closed' || a.rate === undefined) return undefined;
      const perClientRate = a.rate / o.of;
      if (a.process === 'constant') return Math.round(1_000_000 / perClientRate);
      return Math.max(1, Math.round((-Math.log(1 - random.next()) * 1_000_000) / perClientRate));
    };

    const pickOp = () => {
      let x = random.next() * totalWeight;
      for (const op of w.ops) if ((x -= op.weight) < 0) return op;
      return w.ops[w.ops.length - 1]!;
    };

    /** Issues the next request, if the window and the cap allow; `onDone` runs once it completes. */
    const issue = (onDone?: () => void) => {
      if (issued >= cap || ctx.monotonic() > stopUs) return false;
      issued++;
      const op = pickOp();
      const key =
        op.keys === undefined
          ? `${op.f}-${ctx.id}-${ctx.incarnation > 0 ? `${ctx.incarnation}.` : ''}${issued}`
          : `${op.keyspace}-${Math.floor(random.next() * op.keys)}`;
      const value = ((o.serial ?? o.index) + 1) * 1_000_000 + issued;
      const opId = ctx.history.invoke(op.f, key, op.f === 'read' ? undefined : value);
      // `fail` is only honest when every attempt was answered, none succeeded and none said the
      // work might be under way: a late ok, or a 409 "in progress", means it may have happened.
      let unanswered = 0;
      let anyOk = false;
      let inDoubt = false;
      const attempt: Call = (done, cancel) => {
        unanswered++;
        ctx.metric.count('attempts');
        let rid = 0;
        let asked = '';
        const send = (to: string, hops: number) => {
          asked = to;
          rid = rpc.call(to, op.f, key, value, (res) => {
            if (res.redirect !== undefined && !res.ok && hops < MAX_REDIRECTS && !cancel?.cancelled) {
              inDoubt ||= res.inDoubt === true; // the node that sent us on may have done part of the work
              if (w.pick === 'sticky') sticky = res.redirect;
              send(res.redirect, hops + 1);
              return;
            }
            unanswered--;
            anyOk ||= res.ok;
            inDoubt ||= res.inDoubt === true;
            done(outcomeOf(res));
          });
        };
        send(pickTarget(), 0);
        // Given up on (a timeout, a hedge that lost): forget it, so lost answers do not pile up.
        // It stays unanswered, so the operation can only end `info`, never `fail`.
        // A sticky client whose node did not answer moves on to the next one (a client library's
        // failover), or it would stay with a dead or cut-off node for ever.
        cancel?.onCancel(() => {
          rpc.forget(rid);
          if (w.pick === 'sticky' && sticky === asked) sticky = targets[(targets.indexOf(asked) + 1) % targets.length]!;
        });
      };
      stack(attempt)((outcome: Outcome) => {
        if (!ctx.history.isOpen(opId)) return onDone?.();
        if (outcome.kind === 'ok') ctx.history.ok(opId, outcome.value, outcome.fallback === undefined ? undefined : `fallback: ${outcome.fallback}`);
        else if (unanswered > 0 || anyOk || inDoubt || outcome.kind === 'timeout') ctx.history.info(opId, describe(outcome));
        else ctx.history.fail(opId, describe(outcome));
        onDone?.();
      });
      return true;
    };

    const schedule = () => {
      const gap = nextGap();
      if (gap !== undefined) ctx.after(gap, () => issue() && schedule());
    };

    // A rate `schedule`: the population's arrivals are where the cumulative count Λ(t) reaches
    // successive marks (arrival-schedule.ts). A constant client takes every `of`-th whole mark,
    // starting at its index; a Poisson client adds `of` × an exponential draw each time, which is
    // a Poisson process of rate(t) / of.
    const arrival = w.arrival;
    const rates =
      (arrival.process === 'constant' || arrival.process === 'poisson') && arrival.schedule !== undefined ? new RateSchedule(arrival.schedule) : undefined;
    let mark = 0;
    const scheduled = (): void => {
      if (rates === undefined) return;
      if (arrival.process === 'poisson') mark += o.of * -Math.log(1 - random.next());
      const now = ctx.monotonic();
      const at = rates.timeAtMass(mark, Math.max(now, w.from));
      if (at === undefined || at > stopUs) return;
      ctx.after(at - now, () => {
        if (!issue()) return;
        if (arrival.process === 'constant') mark += o.of;
        scheduled();
      });
    };

    // A closed loop: each user issues, waits for the outcome, thinks, and issues again, until
    // the window or the cap ends it. Think times draw from the workload stream.
    const user = () => {
      if (arrival.process !== 'closed') return;
      const think = arrival.think;
      issue(() => ctx.after(sampleLatency(think, random), user));
    };

    return {
      onStart() {
        const a = w.arrival;
        if (a.process === 'closed') {
          // Users are dealt round-robin: user u belongs to client u mod of.
          for (let u = o.index; u < a.users; u += o.of) ctx.after(w.from + Math.floor((a.rampUp * u) / a.users), user);
          return;
        }
        if (a.process === 'burst') {
          for (let j = o.index; j < a.count; j += o.of) ctx.after(a.at + Math.floor((a.spread * j) / a.count), () => void issue());
          return;
        }
        if (rates !== undefined || a.rate === undefined) {
          mark = (rates?.massAt(w.from) ?? 0) + (a.process === 'constant' ? o.index : 0);
          scheduled();
          return;
        }
        const firstUs = w.from + (a.process === 'constant' ? Math.round((o.index * 1_000_000) / a.rate) : 0);
        ctx.after(firstUs, () => {
          if (a.process === 'constant') {
            if (issue()) schedule();
          } else schedule();
        });
      },
      onMessage: (_from, msg) => void rpc.handle(msg),
      inspect: () => ({ issued, awaitingAnswers: rpc.awaiting }),
    };
  };
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case 'ok':
      return 'ok';
    case 'error':
      return o.error;
    case 'timeout':
      return 'timed out';
    case 'rejected':
      return `rejected by ${o.by}`;
  }
}
