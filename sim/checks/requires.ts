import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { duration } from '../units/human-units.js';
import { checkBase, fmt, MAX_LISTED, partitionPoint, plural, verdict } from './common.js';
import { effectKey, keyTemplate } from './effect-keys.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const requiresSchema = z
  .strictObject({
    check: z.literal('requires'),
    ...checkBase,
    /** Every effect of this kind for a key... */
    effect: z.string().min(1).max(100),
    /** ...has an effect of this kind for the same key (before it, or after it by the deadline). */
    requires: z.string().min(1).max(100),
    /** The deadline: this long after the effect; default the end of the run. */
    within: duration.optional(),
    /** An effect of this kind for the key, after the effect and by its deadline, withdraws it (the row was removed). */
    unless: z.string().min(1).max(100).optional(),
    /** The key of an `effect` (and `unless`) effect: a template or a field of its value; default its key. */
    key: keyTemplate.default('{key}'),
    /** The key of a `requires` effect, likewise. */
    requiresKey: keyTemplate.default('{key}'),
    /** Pass when there was no effect to judge; off: such a check fails. */
    allowEmpty: z.boolean().default(false),
  })
  .refine((c) => c.effect !== c.requires, { error: '`effect` and `requires` must be different effect kinds', path: ['requires'] })
  .refine((c) => c.unless === undefined || (c.unless !== c.effect && c.unless !== c.requires), {
    error: '`unless` must be an effect kind other than `effect` and `requires`',
    path: ['unless'],
  });
export type RequiresConfig = z.output<typeof requiresSchema>;

interface Missing {
  key: string;
  /** When the requirement was broken: the deadline that passed. */
  at: Micros;
  effect: number;
  text: string;
}

/** Every effect of kind `effect` has an effect of kind `requires` for the same key by its deadline. */
export function requires(config: RequiresConfig, input: CheckInput): CheckResult {
  const times = (kind: string | undefined, template: string): Map<string, Micros[]> => {
    const out = new Map<string, Micros[]>();
    if (kind === undefined) return out;
    for (const e of input.effects) {
      if (e.kind !== kind) continue;
      const k = effectKey(template, e);
      if (k === undefined) continue;
      const list = out.get(k);
      if (list) list.push(e.time);
      else out.set(k, [e.time]);
    }
    return out;
  };
  // Per key: the first required effect recorded, and the earliest; the withdrawals in time order.
  const needed = new Map<string, { first: Micros; earliest: Micros }>();
  for (const [k, list] of times(config.requires, config.requiresKey)) needed.set(k, { first: list[0]!, earliest: earliest(list) });
  const undone = times(config.unless, config.key);
  for (const list of undone.values()) list.sort((a, b) => a - b);
  const deadlineText = config.within === undefined ? `by the end of the run (${fmt(input.endUs)})` : `within ${fmt(config.within)}`;

  const missing: Missing[] = [];
  const keys = new Set<string>();
  let effects = 0;
  let judged = 0;
  let pending = 0;
  let withdrawn = 0;
  input.effects.forEach((e, i) => {
    if (e.kind !== config.effect) return;
    effects++;
    const where = () => `${e.kind} ${e.key} (effect ${i}, on ${e.node} at ${fmt(e.time)})`;
    const k = effectKey(config.key, e);
    if (k === undefined) {
      missing.push({ key: e.key, at: e.time, effect: i, text: `${where()} has nothing to fill its key template '${config.key}'` });
      return;
    }
    keys.add(k);
    const deadline = config.within === undefined ? input.endUs : e.time + config.within;
    const need = needed.get(k);
    if (need !== undefined && need.earliest <= deadline) {
      judged++;
      return;
    }
    if (withdrawnBy(undone.get(k), e.time, deadline)) {
      judged++;
      withdrawn++;
      return;
    }
    // The bound had not passed when the run ended: not judged.
    if (deadline > input.endUs) {
      pending++;
      return;
    }
    judged++;
    // None came by the deadline, so the first recorded came after it.
    const after = need === undefined ? '' : `; the first came at ${fmt(need.first)}`;
    const by = config.within === undefined ? deadlineText : `${deadlineText} (by ${fmt(deadline)})`;
    missing.push({ key: k, at: deadline, effect: i, text: `${where()} had no ${config.requires} for ${k} ${by}${after}` });
  });

  // Per key, the first broken requirement.
  const byKey = new Map<string, Missing>();
  for (const m of missing) {
    const seen = byKey.get(m.key);
    if (seen === undefined || m.at < seen.at) byKey.set(m.key, m);
  }
  const broken = [...byKey.values()].sort((a, b) => a.at - b.at || a.effect - b.effect);
  const measured = { effects, keys: keys.size, missing: broken.length, pending, withdrawn };
  const first = broken[0];
  if (first === undefined) {
    if (judged === 0) {
      const why = pending > 0 ? `, ${plural(pending, 'effect')} too close to the end of the run for the bound to pass` : '';
      return judgedNothing(config, `no ${config.effect} effect to judge (${effects} recorded${why})`, measured);
    }
    const w = withdrawn > 0 ? ` (${withdrawn} withdrawn by ${config.unless})` : '';
    const p = pending > 0 ? `; ${plural(pending, 'effect')} near the end not judged (its bound had not passed)` : '';
    return verdict(config, {
      ok: true,
      detail: `${plural(judged, `${config.effect} effect`)} of ${plural(keys.size, 'key')}, each with its ${config.requires} ${deadlineText}${w}${p}.`,
      measured,
    });
  }
  const shown = broken.slice(0, 5).map((m) => `${m.key} (at ${fmt(m.at)})`);
  const rest = broken.length > 5 ? `, and ${broken.length - 5} more` : '';
  const more = broken.length > 1 ? ` ${plural(broken.length, 'key')} in all: ${shown.join(', ')}${rest}.` : '';
  return verdict(config, {
    ok: false,
    detail: `${first.text}.${more}`,
    at: first.at,
    effects: missing
      .sort((a, b) => a.at - b.at || a.effect - b.effect)
      .slice(0, MAX_LISTED)
      .map((m) => m.effect),
    measured,
  });
}

function earliest(list: readonly Micros[]): Micros {
  let m = Infinity;
  for (const t of list) if (t < m) m = t;
  return m;
}

/** Whether a withdrawal (times in order) falls in [from, to]: the first at or after `from`, by binary search. */
function withdrawnBy(sorted: readonly Micros[] | undefined, fromUs: Micros, toUs: Micros): boolean {
  if (sorted === undefined) return false;
  const i = partitionPoint(sorted.length, (k) => sorted[k]! >= fromUs);
  return i < sorted.length && sorted[i]! <= toUs;
}
