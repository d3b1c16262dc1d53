import { z } from 'zod';
import { duration, nodeId, positiveDuration } from '../units/human-units.js';
import { defineModel } from './registry.js';
import { RpcClient } from './rpc.js';
import type { StampedResponse } from './lww-replica.js';
import { compareStamps, type Stamp } from './timestamps.js';

/**
 * One user's session against a replicated register store, without sticky routing (a mobile
 * app that hops between regions, a load balancer that picks any replica). Every `every`, a
 * round on a fresh key `<prefix>-<n>`: write v1 via the first replica, read it back there,
 * write v2 via the second replica, wait `settle` for replication, then read the key via each
 * replica. Each step waits for the previous one's answer, so v2 is causally after v1.
 *
 * The session remembers the highest stamp it has been answered with and sends it as `seen` on
 * every request (the causal context a Lamport or hybrid clock needs; a wall-clock replica
 * ignores it). Every step is a client operation in the history (`write` / `read`).
 */
type Step = { f: 'write'; via: 0 | 1; value: string } | { f: 'read'; via: 0 | 1 } | { f: 'settle' };

export const registerSession = defineModel({
  name: 'register-session',
  summary: 'a client session: write v1 via one replica, read it, write v2 via another, then read via both',
  params: z.strictObject({
    replicas: z.tuple([nodeId, nodeId]),
    rounds: z.number().int().min(1).max(1000).default(10),
    from: duration.default(500_000),
    every: positiveDuration.default(1_000_000),
    settle: positiveDuration.default(300_000),
    /** An answer not back within this is recorded as unknown (`info`) and the round goes on. */
    timeout: positiveDuration.default(1_000_000),
    prefix: z.string().min(1).default('profile'),
  }),
  nodeRefs: (p) => p.replicas.map((node, i) => ({ path: ['replicas', i], node })),
  create: (p) => (ctx) => {
    let seen: Stamp | undefined;
    const rpc = new RpcClient(ctx);
    const steps = (n: number): Step[] => [
      { f: 'write', via: 0, value: `r${n}-v1` },
      { f: 'read', via: 0 },
      { f: 'write', via: 1, value: `r${n}-v2` },
      { f: 'settle' },
      { f: 'read', via: 0 },
      { f: 'read', via: 1 },
    ];

    const run = (key: string, todo: Step[]) => {
      const step = todo[0];
      if (step === undefined) return;
      const rest = todo.slice(1);
      if (step.f === 'settle') return void ctx.after(p.settle, () => run(key, rest));
      const value = step.f === 'write' ? step.value : undefined;
      const op = ctx.history.invoke(step.f, key, value);
      // Rounds start every `every`, so a slow round overlaps the next: each request has its own
      // answer callback and timer (RpcClient), never a shared slot.
      let timer = 0;
      const rid = rpc.call(
        p.replicas[step.via],
        step.f,
        key,
        value,
        (res) => {
          ctx.cancelTimer(timer);
          const stamp = (res as StampedResponse).stamp;
          if (stamp !== undefined && (seen === undefined || compareStamps(stamp, seen) > 0)) seen = stamp;
          if (res.ok) ctx.history.ok(op, res.value);
          else ctx.history.fail(op, res.error);
          run(key, rest);
        },
        seen === undefined ? undefined : { seen },
      );
      timer = ctx.after(p.timeout, () => {
        rpc.forget(rid);
        ctx.history.info(op, 'timed out');
        run(key, rest);
      });
    };

    const round = (n: number) => {
      if (n > p.rounds) return;
      run(`${p.prefix}-${n}`, steps(n));
      ctx.after(p.every, () => round(n + 1));
    };

    return {
      onStart: () => void ctx.after(p.from, () => round(1)),
      onMessage: (_from, msg) => void rpc.handle(msg),
    };
  },
});
