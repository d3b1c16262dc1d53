import { z } from 'zod';
import { defineModel, duration, RpcClient, type ScenarioRun } from '../../../sim/index.js';

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
