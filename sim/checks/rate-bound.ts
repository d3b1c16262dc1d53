import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { checkBase, fLabel, fmt, opNames, opsOf, pairedOps, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const rateBoundSchema = z
  .strictObject({
    check: z.literal('rate-bound'),
    ...checkBase,
    /** Count effects of this kind... */
    effect: z.string().min(1).optional(),
    /** ...or ok completions of these operations (at their completion time). */
    f: opNames.optional(),
    /** Only effects recorded on this node, or ops issued by this client. */
    node: nodeId.optional(),
    /** Only this key. */
    key: z.string().optional(),
    max: z.number().int().min(0),
    window: positiveDuration,
  })
  .refine((c) => (c.effect === undefined) !== (c.f === undefined), {
    error: 'give exactly one of `effect` (count effects) or `f` (count ok operations)',
    path: ['effect'],
  });
export type RateBoundConfig = z.output<typeof rateBoundSchema>;

/**
 * At most `max` events in any window [t, t + window), for every start t. The busiest window
 * starts at an event, so sliding a window from each event in turn covers every start point.
 */
export function rateBound(config: RateBoundConfig, input: CheckInput): CheckResult {
  const events = collect(config, input);
  const W = config.window;
  let best = { from: 0, to: 0 }; // events[from..to) is the busiest window
  let exceededAt: Micros | undefined;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < events.length; i++) {
    // Window ending at event i: (t_i - W, t_i]; the first moment the bound is exceeded.
    while (events[lo]!.time <= events[i]!.time - W) lo++;
    if (exceededAt === undefined && i - lo + 1 > config.max) exceededAt = events[i]!.time;
    // Window starting at event i: [t_i, t_i + W).
    if (hi < i) hi = i;
    while (hi < events.length && events[hi]!.time < events[i]!.time + W) hi++;
    if (hi - i > best.to - best.from) best = { from: i, to: hi };
  }
  const busiest = best.to - best.from;
  const what = config.effect !== undefined ? `${config.effect} effects` : `ok ${fLabel(config.f)} operations`;
  const where = config.node === undefined ? '' : ` ${config.effect !== undefined ? 'on' : 'from'} ${config.node}`;
  const startUs = events[best.from]?.time ?? 0;
  const measured = { events: events.length, maxInWindow: busiest, windowStartUs: startUs };
  if (events.length === 0) return judgedNothing(config, `no ${what.replace(/s$/, '')}${where} was recorded`, measured);
  if (exceededAt === undefined) {
    return verdict(config, { ok: true, detail: `At most ${busiest} ${what}${where} in any ${fmt(W)} window (limit ${config.max}).`, measured });
  }
  const ids = events.slice(best.from, best.to).map((e) => e.id);
  return verdict(config, {
    ok: false,
    detail: `${plural(busiest, what.replace(/s$/, ''), what)}${where} within ${fmt(W)}, from ${fmt(startUs)} to ${fmt(startUs + W)} (at most ${config.max} allowed); the bound was first exceeded at ${fmt(exceededAt)}.`,
    at: exceededAt,
    ...(config.effect !== undefined ? { effects: ids } : { ops: ids }),
    measured,
  });
}

/** The counted events in time order: effect indices, or op ids at their ok completion. */
function collect(config: RateBoundConfig, input: CheckInput): { time: Micros; id: number }[] {
  const keyOk = (k: string | undefined) => config.key === undefined || k === config.key;
  const nodeOk = (n: string) => config.node === undefined || n === config.node;
  if (config.effect !== undefined) {
    const out: { time: Micros; id: number }[] = [];
    input.effects.forEach((e, i) => {
      if (e.kind === config.effect && keyOk(e.key) && nodeOk(e.node)) out.push({ time: e.time, id: i });
    });
    return out.sort((a, b) => a.time - b.time || a.id - b.id);
  }
  return opsOf(pairedOps(input), config.f)
    .filter((o) => o.outcome === 'ok' && keyOk(o.key) && nodeOk(o.process))
    .sort((a, b) => a.doneAt - b.doneAt)
    .map((o) => ({ time: o.doneUs!, id: o.op }));
}
