import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { duration } from '../units/human-units.js';
import { checkBase, fmt, plural, verdict } from './common.js';
import { effectKey, keyTemplate } from './effect-keys.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const neverAfterSchema = z
  .strictObject({
    check: z.literal('never-after'),
    ...checkBase,
    /** The effect kind that must not happen for a key... */
    effect: z.string().min(1).max(100),
    /** ...later than `grace` after an effect of this kind for the same key. */
    after: z.string().min(1).max(100),
    grace: duration.default(0),
    /** The key of an `effect` effect (a template or a field of its value); default its key. */
    key: keyTemplate.default('{key}'),
    /** The key of an `after` effect, likewise. */
    afterKey: keyTemplate.default('{key}'),
    /** Pass when no key has effects of both kinds (it judged nothing); off: such a check fails. */
    allowEmpty: z.boolean().default(false),
  })
  .refine((c) => c.effect !== c.after, { error: '`effect` and `after` must be different effect kinds', path: ['after'] });
export type NeverAfterConfig = z.output<typeof neverAfterSchema>;

interface Violation {
  at: Micros;
  effects: number[];
  text: string;
}

/**
 * No effect of kind `effect` for a key later than `grace` after the first effect of kind `after`
 * for that key (no request accepted with a token more than 500 ms after it was revoked).
 */
export function neverAfter(config: NeverAfterConfig, input: CheckInput): CheckResult {
  const violations: Violation[] = [];
  /** The first `after` effect of each key (its index). */
  const firstAfter = new Map<string, number>();
  const byKey = new Map<string, number[]>();
  let effects = 0;
  let afters = 0;
  const unkeyed = (i: number, template: string): void => {
    const e = input.effects[i]!;
    violations.push({
      at: e.time,
      effects: [i],
      text: `effect ${i} (${e.kind} ${e.key} on ${e.node} at ${fmt(e.time)}) has nothing to fill its key template '${template}'`,
    });
  };
  input.effects.forEach((e, i) => {
    if (e.kind === config.after) {
      afters++;
      const k = effectKey(config.afterKey, e);
      if (k === undefined) return unkeyed(i, config.afterKey);
      const seen = firstAfter.get(k);
      if (seen === undefined || input.effects[seen]!.time > e.time) firstAfter.set(k, i);
    } else if (e.kind === config.effect) {
      effects++;
      const k = effectKey(config.key, e);
      if (k === undefined) return unkeyed(i, config.key);
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    }
  });

  let judged = 0;
  let late = 0;
  let lateKeys = 0;
  let maxAfterUs = 0;
  for (const [k, idx] of byKey) {
    const b = firstAfter.get(k);
    if (b === undefined) continue;
    judged++;
    const B = input.effects[b]!;
    let keyLate = false;
    for (const a of idx) {
      const A = input.effects[a]!;
      const after = A.time - B.time;
      if (after > maxAfterUs) maxAfterUs = after;
      if (after <= config.grace) continue;
      late++;
      keyLate = true;
      const text =
        `${A.node} recorded ${A.kind} ${A.key} at ${fmt(A.time)}, ${fmt(after)} after ${B.kind} ${B.key} at ${fmt(B.time)} on ${B.node} ` +
        `(key ${k}; grace ${fmt(config.grace)}: ${fmt(after - config.grace)} late)`;
      violations.push({ at: A.time, effects: [a, b], text });
    }
    if (keyLate) lateKeys++;
  }

  const measured = { effects, after: afters, keys: judged, late, maxAfterUs };
  violations.sort((x, y) => x.at - y.at || x.effects[0]! - y.effects[0]!);
  const first = violations[0];
  if (first === undefined) {
    if (judged === 0) {
      return judgedNothing(
        config,
        `no key had both ${config.effect} and ${config.after} effects (${effects} ${config.effect}, ${afters} ${config.after})`,
        measured,
      );
    }
    const latest = maxAfterUs > 0 ? `; the latest came ${fmt(maxAfterUs)} after it` : '';
    return verdict(config, {
      ok: true,
      detail: `${plural(judged, 'key')} had both ${config.effect} and ${config.after} effects: no ${config.effect} came more than ${fmt(config.grace)} after the key's first ${config.after}${latest}.`,
      measured,
    });
  }
  const parts: string[] = [];
  if (late > 0) parts.push(`${plural(late, `${config.effect} effect`)} of ${plural(lateKeys, 'key')} came too late`);
  if (violations.length > late) parts.push(`${plural(violations.length - late, 'effect')} had no key`);
  const more = violations.length > 1 ? ` In all, ${parts.join('; ')}.` : '';
  return verdict(config, { ok: false, detail: `${first.text}.${more}`, at: first.at, effects: first.effects, measured });
}
