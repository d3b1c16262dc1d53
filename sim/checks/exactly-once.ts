import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { checkBase, fLabel, fmt, opLabel, opNames, opsOf, pairedOps, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const exactlyOnceSchema = z
  .strictObject({
    check: z.literal('exactly-once'),
    ...checkBase,
    /** The effect kind that must happen at most once per key. */
    effect: z.string().min(1).default('charge'),
    /** The operations tied to the effect by key (named in reports; required by `atLeastOnceForOk`). */
    f: opNames.optional(),
    /** Also: every ok operation of `f` has its effect (acknowledged but not done is a violation). */
    atLeastOnceForOk: z.boolean().default(false),
  })
  .refine((c) => !c.atLeastOnceForOk || c.f !== undefined, {
    error: '`atLeastOnceForOk` needs `f`: the operations whose ok answer promises the effect',
    path: ['f'],
  });
export type ExactlyOnceConfig = z.output<typeof exactlyOnceSchema>;

interface Violation {
  at: Micros;
  ops: number[];
  effects: number[];
  text: string;
}

/** Per key, at most one effect of the kind; optionally at least one for every ok operation. */
export function exactlyOnce(config: ExactlyOnceConfig, input: CheckInput): CheckResult {
  const kind = config.effect;
  const byKey = new Map<string, number[]>();
  input.effects.forEach((e, i) => {
    if (e.kind !== kind) return;
    const list = byKey.get(e.key);
    if (list) list.push(i);
    else byKey.set(e.key, [i]);
  });
  const ops = opsOf(pairedOps(input), config.f);
  // The ops about each duplicated key (of `f`, when given): the requests behind the effects, in
  // one pass over the ops rather than one a key.
  const opsOfKey = new Map<string, number[]>();
  for (const [key, idx] of byKey) if (idx.length > 1) opsOfKey.set(key, []);
  for (const o of ops) if (o.key !== undefined) opsOfKey.get(o.key)?.push(o.op);

  const violations: Violation[] = [];
  let duplicated = 0;
  for (const [key, idx] of byKey) {
    if (idx.length < 2) continue;
    duplicated++;
    const when = idx.map((i) => `at ${fmt(input.effects[i]!.time)} on ${input.effects[i]!.node}`).join(', ');
    violations.push({ at: input.effects[idx[1]!]!.time, ops: opsOfKey.get(key)!, effects: idx, text: `${key} had ${idx.length} ${kind} effects (${when})` });
  }
  let missing = 0;
  if (config.atLeastOnceForOk) {
    for (const o of ops) {
      if (o.outcome !== 'ok') continue;
      if (o.key !== undefined && byKey.has(o.key)) continue;
      missing++;
      const text =
        o.key === undefined
          ? `op ${o.op} (${opLabel(o)}) was acknowledged ok at ${fmt(o.doneUs!)} without a key, so no ${kind} effect can match it`
          : `op ${o.op} (${opLabel(o)}) was acknowledged ok at ${fmt(o.doneUs!)} but no ${kind} effect for ${o.key} was recorded`;
      violations.push({ at: o.doneUs!, ops: [o.op], effects: [], text });
    }
  }

  const measured = { keys: byKey.size, effects: [...byKey.values()].reduce((n, l) => n + l.length, 0), duplicatedKeys: duplicated, missing };
  // No effect to count, and (with atLeastOnceForOk) no ok operation promising one: nothing was judged.
  if (byKey.size === 0 && !(config.atLeastOnceForOk && ops.some((o) => o.outcome === 'ok'))) {
    return judgedNothing(
      config,
      `no ${kind} effect was recorded${config.f === undefined ? '' : ` (${plural(ops.length, `${fLabel(config.f)} operation`)} ran)`}`,
      measured,
    );
  }
  violations.sort((a, b) => a.at - b.at);
  const first = violations[0];
  if (first === undefined) {
    const each = config.atLeastOnceForOk ? 'exactly one' : 'at most one';
    return verdict(config, { ok: true, detail: `${plural(byKey.size, 'key')}, each with ${each} ${kind} effect.`, measured });
  }
  const none = config.atLeastOnceForOk ? ` and ${plural(missing, 'ok operation')} had none` : '';
  const more = violations.length > 1 ? ` In all, ${duplicated} of ${plural(byKey.size, 'key')} had more than one ${kind}${none}.` : '';
  return verdict(config, { ok: false, detail: `${first.text}.${more}`, at: first.at, ops: first.ops, effects: first.effects, measured });
}
