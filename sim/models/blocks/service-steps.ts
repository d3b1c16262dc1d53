import { z } from 'zod';
import { stackSchema } from '../../strategies/registry.js';
import { nodeId } from '../../units/human-units.js';
import { latencySchema } from '../../world/latency.js';

/**
 * The small vocabulary of a `service` handler: what the service does for one operation, step by
 * step, holding one worker throughout. Logic beyond it is a model of your own
 * (docs/custom-models.md), not a new keyword.
 *
 * Text fields are templates: `{key}`, `{value}`, `{f}` and `{from}` of the request, and `{name}`
 * for the value a `call` step saved `as: name`. A field that is exactly one `{...}` passes the
 * value itself (a number stays a number); otherwise the values are written into the text.
 */
const template = z.string().max(1_000);

/** Spends service time: the service's `serviceTime`, or this distribution (both × slowdown and overload). */
const workStep = z.union([z.literal('work'), z.strictObject({ work: latencySchema })]);

/** Calls another node over the RPC protocol, through a strategy stack of its own. */
const callStep = z.strictObject({
  call: z.strictObject({
    node: nodeId,
    f: z.string().min(1).max(100),
    key: template.default('{key}'),
    value: template.optional(),
    /** Recovery strategies on this call, outermost first (the same ones clients use). */
    client: stackSchema.default([]),
    /** Saves the answer's value for later steps as `{name}`. */
    as: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'expected a name for the saved value (letters, digits, _)' })
      .optional(),
    /** `fail` (default): a failed call ends the handler with a 502 to the caller; `continue`: go on. */
    onError: z.enum(['fail', 'continue']).default('fail'),
  }),
});

/** Publishes to a message-queue node (`publish`, key = topic). */
const publishStep = z.strictObject({
  publish: z.strictObject({ node: nodeId, topic: z.string().min(1).max(200), value: template.default('{value}'), client: stackSchema.default([]) }),
});

/** Records a side effect on the outside world, for the checks (a charge, a stored row). */
const effectStep = z.strictObject({ effect: z.strictObject({ kind: z.string().min(1).max(100), key: template.default('{key}'), value: template.optional() }) });

/** Answers the caller now; later steps still run (work after the answer, as an outbox does). */
const replyStep = z.strictObject({
  reply: z.union([
    z.literal('ok'),
    z.strictObject({ value: template }),
    z.strictObject({ error: z.string().min(1).max(200), retryable: z.boolean().default(false) }),
  ]),
});

export const stepSchema = z.union([workStep, callStep, publishStep, effectStep, replyStep], {
  error: "expected a step: work, { work: distribution }, { call: {...} }, { publish: {...} }, { effect: {...} } or { reply: ok | { value } | { error } }",
});
export type Step = z.output<typeof stepSchema>;

/** Steps that run when an op has no handler of its own: spend service time, answer ok. */
export const DEFAULT_STEPS: readonly Step[] = ['work', { reply: 'ok' }];

/** The nodes the steps name, with their paths, for the loader's reference check. */
export function stepNodeRefs(steps: readonly Step[], path: (string | number)[]): { path: (string | number)[]; node: string }[] {
  const out: { path: (string | number)[]; node: string }[] = [];
  steps.forEach((s, i) => {
    if (typeof s === 'object' && 'call' in s) out.push({ path: [...path, i, 'call', 'node'], node: s.call.node });
    if (typeof s === 'object' && 'publish' in s) out.push({ path: [...path, i, 'publish', 'node'], node: s.publish.node });
  });
  return out;
}

/** Fills a template from the request's fields and the values saved so far. */
export function fill(text: string, vars: ReadonlyMap<string, unknown>): unknown {
  const whole = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(text);
  if (whole !== null) return vars.get(whole[1]!);
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (m, name: string) => {
    if (!vars.has(name)) return m;
    const v = vars.get(name);
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  });
}
