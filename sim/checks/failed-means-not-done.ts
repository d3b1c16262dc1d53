import { z } from 'zod';
import { checkBase, fLabel, fmt, opLabel, opNames, opsOf, pairedOps, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const failedMeansNotDoneSchema = z.strictObject({
  check: z.literal('failed-means-not-done'),
  ...checkBase,
  /** The effect a `fail` answer promises did not happen. */
  effect: z.string().min(1).default('charge'),
  /** The operations whose `fail` answers are judged; default every operation. */
  f: opNames.optional(),
});
export type FailedMeansNotDoneConfig = z.output<typeof failedMeansNotDoneSchema>;

/**
 * A `fail` answer is a promise: it did not happen. An op answered `fail` whose key has an
 * effect of the kind — before or after the answer, e.g. a payment the gateway charged after
 * the customer was told it failed — breaks that promise. (`info` answers promise nothing.)
 */
export function failedMeansNotDone(config: FailedMeansNotDoneConfig, input: CheckInput): CheckResult {
  const effectsOfKey = new Map<string, number[]>();
  input.effects.forEach((e, i) => {
    if (e.kind !== config.effect) return;
    const list = effectsOfKey.get(e.key);
    if (list) list.push(i);
    else effectsOfKey.set(e.key, [i]);
  });
  const ops = opsOf(pairedOps(input), config.f);
  const failed = ops.filter((o) => o.outcome === 'fail');
  const broken = failed
    .filter((o) => o.key !== undefined && effectsOfKey.has(o.key))
    .map((o) => {
      const idx = effectsOfKey.get(o.key!)!;
      // It became true when both had happened: the fail answer and the first effect.
      const at = Math.max(o.doneUs!, input.effects[idx[0]!]!.time);
      return { o, idx, at };
    })
    .sort((a, b) => a.at - b.at);
  const measured = { failed: failed.length, broken: broken.length };
  // No operation to judge, or an effect never recorded (a fail could not contradict it): nothing was judged.
  if (ops.length === 0) return judgedNothing(config, `no ${fLabel(config.f)} operation ran`, measured);
  if (effectsOfKey.size === 0) return judgedNothing(config, `no ${config.effect} effect was recorded, so no fail answer could be contradicted`, measured);
  const first = broken[0];
  if (first === undefined) {
    return verdict(config, {
      ok: true,
      detail: `${plural(failed.length, 'operation')} answered fail; none of their keys has a ${config.effect} effect.`,
      measured,
    });
  }
  const e = input.effects[first.idx[0]!]!;
  const more = broken.length > 1 ? ` In all, ${plural(broken.length, 'operation')} answered fail yet took effect.` : '';
  return verdict(config, {
    ok: false,
    detail: `op ${first.o.op} (${opLabel(first.o)}) was answered fail at ${fmt(first.o.doneUs!)}, but ${e.node} recorded ${config.effect} ${e.key} at ${fmt(e.time)}.${more}`,
    at: first.at,
    ops: broken.map((b) => b.o.op),
    effects: first.idx,
    measured,
  });
}
