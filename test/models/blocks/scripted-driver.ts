import { z } from 'zod';
import { defineModel, duration, nodeId, RpcClient, type ScenarioRun } from '../../../sim/index.js';

/**
 * A scripted caller for the block tests, for what workload clients cannot send (a tx, a put-if
 * with a version) or cannot time exactly: each request at its time, each answer recorded as an
 * `answer` effect keyed by the request's label.
 */
export const scriptedDriver = defineModel({
  name: 'driver',
  summary: 'sends scripted requests, records the answers',
  params: z.strictObject({
    to: z.string(),
    script: z.array(z.strictObject({ at: duration, label: z.string(), f: z.string(), key: z.string().default('k'), value: z.unknown().optional() })),
  }),
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    return {
      onStart() {
        for (const s of p.script) ctx.after(s.at, () => rpc.call(p.to, s.f, s.key, s.value, (res) => ctx.effect('answer', s.label, res)));
      },
      onMessage: (_from, msg) => void rpc.handle(msg),
    };
  },
});

/** Pass as `models` to parseScenario and runScenario; name the node's model `./driver.ts`. */
export const DRIVER_MODELS = { './driver.ts': scriptedDriver };

export interface ScriptedAnswer {
  /** True time the answer arrived. */
  at: number;
  ok: boolean;
  value?: unknown;
  error?: string;
  retryable?: boolean;
}

/** The answers the driver recorded, by label. */
export function answersOf(r: ScenarioRun): Record<string, ScriptedAnswer> {
  return Object.fromEntries(r.effects.filter((e) => e.kind === 'answer').map((e) => [e.key, { at: e.time, ...(e.value as Omit<ScriptedAnswer, 'at'>) }]));
}

/**
 * A scripted caller whose requests are ops in the history, for the checks and the stats: each
 * invoked at its time (`f` default the driver's `f`), answered ok with the value, or failed with
 * the error (with `flags`, also ` (retryable)` and ` (in doubt)` when the answer said so).
 */
export const historyDriver = defineModel({
  name: 'test-driver',
  summary: 'scripted requests, recorded as ops',
  params: z.strictObject({
    target: nodeId,
    f: z.string().default('publish'),
    flags: z.boolean().default(false),
    script: z.array(z.strictObject({ at: duration, f: z.string().optional(), key: z.string(), value: z.unknown().optional() })),
  }),
  create: (p) => (ctx) => {
    const rpc = new RpcClient(ctx);
    return {
      onStart() {
        for (const s of p.script)
          ctx.after(s.at, () => {
            const f = s.f ?? p.f;
            const op = ctx.history.invoke(f, s.key, s.value);
            rpc.call(p.target, f, s.key, s.value, (res) => {
              if (res.ok) return ctx.history.ok(op, res.value);
              const flags = p.flags ? `${res.retryable ? ' (retryable)' : ''}${res.inDoubt ? ' (in doubt)' : ''}` : '';
              ctx.history.fail(op, `${res.error}${flags}`);
            });
          });
      },
      onMessage: (_from, msg) => void rpc.handle(msg),
    };
  },
});
