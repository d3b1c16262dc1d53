import { z } from 'zod';
import { stackSchema } from '../../strategies/registry.js';
import { nodeId, positiveDuration } from '../../units/human-units.js';
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
/** A value to send or record: text templates anywhere inside it (`{ value: "{value}", version: "{row.version}" }`). */
const valueTemplate = z.unknown().refine((v) => JSON.stringify(v ?? null).length <= 10_000, { error: 'expected a value of at most 10000 characters as JSON' });

/** Spends service time: the service's `serviceTime`, or this distribution (both × slowdown and overload). */
const workStep = z.union([z.literal('work'), z.strictObject({ work: latencySchema })]);

/** An error answer a handler gives: `inDoubt` says the work may be under way or done (a 409 "in progress"). */
const errorAnswer = { error: z.string().min(1).max(200), retryable: z.boolean().default(false), inDoubt: z.boolean().default(false) };

/** Calls another node over the RPC protocol, through a strategy stack of its own. */
const callStep = z.strictObject({
  call: z.strictObject({
    node: nodeId,
    f: z.string().min(1).max(100),
    key: template.default('{key}'),
    value: valueTemplate.optional(),
    /** Recovery strategies on this call, outermost first (the same ones clients use). */
    client: stackSchema.default([]),
    /** Saves the answer's value for later steps as `{name}`. */
    as: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'expected a name for the saved value (letters, digits, _)' })
      .optional(),
    /**
     * `fail` (default): a failed call ends the handler with a 502 to the caller; `continue`: go
     * on; `{ error, retryable, inDoubt }`: end it with this answer instead (`inDoubt`: the work
     * may have happened, so the caller must not report it failed).
     */
    onError: z.union([z.enum(['fail', 'continue']), z.strictObject({ ...errorAnswer })]).default('fail'),
  }),
});

/** Publishes to a message-queue node (`publish`, key = topic). */
const publishStep = z.strictObject({
  publish: z.strictObject({ node: nodeId, topic: z.string().min(1).max(200), value: valueTemplate.default('{value}'), client: stackSchema.default([]) }),
});

/** Records a side effect on the outside world, for the checks (a charge, a stored row). */
const effectStep = z.strictObject({
  effect: z.strictObject({ kind: z.string().min(1).max(100), key: template.default('{key}'), value: valueTemplate.optional() }),
});

/**
 * The service's own memory (volatile: a crash or a deploy empties it): `remember` a key (with a
 * value, and for `ttl` if given), `forget` it, or `require` it `present` or `absent`, answering
 * `error` and stopping when it is not (a local blacklist, a seen-request set).
 *
 * `require` also tests a value the handler holds instead of its memory: `empty: "{seat}"` goes on
 * only if the saved value is empty (a read that found no row), `notEmpty` only if it is not: the
 * check of a check-then-act. Those take exactly one `{name}` (or `{name.field}`), so a key of the
 * memory and a value never look alike.
 */
const rememberStep = z.strictObject({ remember: z.strictObject({ key: template, value: valueTemplate.optional(), ttl: positiveDuration.optional() }) });
const forgetStep = z.strictObject({ forget: z.strictObject({ key: template }) });
const REQUIRE_FORMS = ['present', 'absent', 'empty', 'notEmpty'] as const;
const savedRef = z.string().regex(/^\{[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\}$/, {
  error: 'expected one value to test, written "{name}" or "{name.field}" (a value saved `as: name`, or key, value, f, from)',
});
const requireStep = z.strictObject({
  require: z
    .strictObject({
      present: template.optional(),
      absent: template.optional(),
      empty: savedRef.optional(),
      notEmpty: savedRef.optional(),
      error: z.string().min(1).max(200),
      retryable: z.boolean().default(false),
    })
    .refine((r) => REQUIRE_FORMS.filter((f) => r[f] !== undefined).length === 1, {
      error: 'give exactly one of `present` or `absent` (a key of the memory), or `empty` or `notEmpty` (a saved value)',
      path: ['present'],
    }),
});
export type RequireStep = z.output<typeof requireStep>['require'];

/** Answers the caller now; later steps still run (work after the answer, as an outbox does). */
const replyStep = z.strictObject({
  reply: z.union([z.literal('ok'), z.strictObject({ value: valueTemplate }), z.strictObject({ ...errorAnswer })]),
});

export const stepSchema = z.union([workStep, callStep, publishStep, effectStep, rememberStep, forgetStep, requireStep, replyStep], {
  error:
    'expected a step: work, { work: distribution }, { call: {...} }, { publish: {...} }, { effect: {...} }, { remember: {...} }, { forget: {...} }, { require: {...} } or { reply: ok | { value } | { error } }',
});
export type Step = z.output<typeof stepSchema>;

/** Steps that run when an op has no handler of its own: spend service time, answer ok. */
export const DEFAULT_STEPS: readonly Step[] = ['work', { reply: 'ok' }];

/** Empty, for `require: { empty }`: nothing saved, null (a read that found no row), an empty text or list. */
export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Whether a `require` step lets the handler go on: its memory test (`remembered`) or its value test. */
export function requireHolds(r: RequireStep, vars: ReadonlyMap<string, unknown>, remembered: (key: string) => boolean): boolean {
  if (r.present !== undefined) return remembered(String(fill(r.present, vars)));
  if (r.absent !== undefined) return !remembered(String(fill(r.absent, vars)));
  if (r.empty !== undefined) return isEmpty(fill(r.empty, vars));
  return !isEmpty(fill(r.notEmpty!, vars));
}

/**
 * The names a handler's `require: { empty | notEmpty }` steps test must be ones the request has
 * or an earlier `call` saved: a misspelt name would read as empty on every request.
 */
export function unsavedRefs(steps: readonly Step[]): { index: number; field: 'empty' | 'notEmpty'; name: string }[] {
  const known = new Set(['key', 'value', 'f', 'from', 'fallback']);
  const out: { index: number; field: 'empty' | 'notEmpty'; name: string }[] = [];
  steps.forEach((s, index) => {
    if (typeof s !== 'object') return;
    if ('call' in s && s.call.as !== undefined) known.add(s.call.as);
    if (!('require' in s)) return;
    for (const field of ['empty', 'notEmpty'] as const) {
      const ref = s.require[field];
      const name = ref?.slice(1, -1).split('.')[0];
      if (name !== undefined && !known.has(name)) out.push({ index, field, name });
    }
  });
  return out;
}

/** A handler: at most 100 steps, whose value tests name values it has. */
export const handlerSchema = z
  .array(stepSchema)
  .max(100)
  .superRefine((steps, c) => {
    for (const u of unsavedRefs(steps)) {
      c.addIssue({
        code: 'custom',
        path: [u.index, 'require', u.field],
        message: `no value named '${u.name}' is saved before this step (a call's \`as\`, or key, value, f, from)`,
      });
    }
  });

/** The nodes the steps name, with their paths, for the loader's reference check. */
export function stepNodeRefs(steps: readonly Step[], path: (string | number)[]): { path: (string | number)[]; node: string }[] {
  const out: { path: (string | number)[]; node: string }[] = [];
  steps.forEach((s, i) => {
    if (typeof s === 'object' && 'call' in s) out.push({ path: [...path, i, 'call', 'node'], node: s.call.node });
    if (typeof s === 'object' && 'publish' in s) out.push({ path: [...path, i, 'publish', 'node'], node: s.publish.node });
  });
  return out;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

/** The value of `name` (`row`, or a field of it: `row.version`), or undefined. */
function lookup(vars: ReadonlyMap<string, unknown>, name: string): { found: boolean; value: unknown } {
  const [head, ...fields] = name.split('.');
  if (!vars.has(head!)) return { found: false, value: undefined };
  let v: unknown = vars.get(head!);
  for (const f of fields) v = v !== null && typeof v === 'object' && Object.hasOwn(v, f) ? (v as Record<string, unknown>)[f] : undefined;
  return { found: true, value: v };
}

/**
 * Fills a template from the request's fields and the values saved so far; `{name.field}` reads a
 * field of a saved value (`{row.version}`). A template that is exactly one `{...}` gives the value
 * itself; in a longer text, strings go in as they are and other values as JSON.
 */
export function fill(text: string, vars: ReadonlyMap<string, unknown>): unknown {
  const whole = /^\{([^{}]+)\}$/.exec(text);
  if (whole !== null && NAME.test(whole[1]!)) return lookup(vars, whole[1]!).value;
  return text.replace(/\{([^{}]+)\}/g, (m, name: string) => {
    if (!NAME.test(name)) return m;
    const { found, value } = lookup(vars, name);
    if (!found) return m;
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  });
}

/** Fills every text template inside a value (objects and lists walked), leaving other values as they are. */
export function fillValue(v: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof v === 'string') return fill(v, vars);
  if (Array.isArray(v)) return v.map((x) => fillValue(x, vars));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillValue(x, vars)]));
  return v;
}
