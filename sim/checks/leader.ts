import { z } from 'zod';
import { checkBase, field, fmt, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { Effect } from '../world/history.js';
import type { CheckInput, CheckResult } from './types.js';

export const singleLeaderSchema = z.strictObject({
  check: z.literal('single-leader'),
  ...checkBase,
  /** The effect a node records when it becomes leader: key = the term, value `{ node }`. */
  effect: z.string().min(1).default('leader'),
});
export type SingleLeaderConfig = z.output<typeof singleLeaderSchema>;

/** Raft's election safety: at most one leader per term. */
export function singleLeader(config: SingleLeaderConfig, input: CheckInput): CheckResult {
  // term -> leader -> index of the effect that first named it
  const terms = new Map<string, Map<string, number>>();
  let firstClash: { term: string; effects: number[] } | undefined;
  input.effects.forEach((e, i) => {
    if (e.kind !== config.effect) return;
    const leader = leaderOf(e);
    let leaders = terms.get(e.key);
    if (leaders === undefined) terms.set(e.key, (leaders = new Map()));
    if (leaders.has(leader)) return;
    leaders.set(leader, i);
    if (leaders.size === 2 && firstClash === undefined) firstClash = { term: e.key, effects: [...leaders.values()] };
  });
  const clashes = [...terms.values()].filter((l) => l.size > 1).length;
  const measured = { terms: terms.size, termsWithTwoLeaders: clashes };
  if (terms.size === 0) return judgedNothing(config, `no ${config.effect} effect was recorded`, measured);
  if (firstClash === undefined) {
    return verdict(config, { ok: true, detail: `${plural(terms.size, 'term')}, each with at most one leader.`, measured });
  }
  const [a, b] = firstClash.effects.map((i) => input.effects[i]!);
  const more = clashes > 1 ? ` ${plural(clashes - 1, 'other term')} also had two leaders.` : '';
  return verdict(config, {
    ok: false,
    detail: `Term ${firstClash.term} had two leaders: ${leaderOf(a!)} from ${fmt(a!.time)} and ${leaderOf(b!)} from ${fmt(b!.time)}.${more}`,
    at: b!.time,
    effects: firstClash.effects,
    measured,
  });
}

/** The leader a `leader` effect names: `value.node`, or the node that recorded it. */
function leaderOf(e: Effect): string {
  const n = field(e.value, 'node');
  return typeof n === 'string' ? n : e.node;
}
