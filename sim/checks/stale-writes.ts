import { z } from 'zod';
import { nodeId, positiveDuration } from '../units/human-units.js';
import type { Micros } from '../kernel/time.js';
import type { Effect } from '../world/history.js';
import { checkBase, field, fmt, partitionPoint, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const noStaleWritesSchema = z.strictObject({
  check: z.literal('no-stale-writes'),
  ...checkBase,
  /** Recorded by the lock service when it grants (or renews) a lease: value `{ holder, term? | token? }`. */
  grantEffect: z.string().min(1).default('grant'),
  /** Recorded by storage when it accepts a write: value `{ holder, term? | token? }`, or the database's `{ value: { holder, ... }, version }`. */
  writeEffect: z.string().min(1).default('write'),
  /** Lease length in true time from the grant effect; without it only a newer grant ends a lease. */
  lease: positiveDuration.optional(),
  /** Only grants with this key (the lock's name) count. */
  lock: z.string().min(1).optional(),
  /** Only writes this node recorded (the storage the lease guards): another database's writes are not the lease's. */
  node: nodeId.optional(),
  /** Only writes of this key (the row the lease guards). */
  key: z.string().min(1).max(1_000).optional(),
});
export type NoStaleWritesConfig = z.output<typeof noStaleWritesSchema>;

interface Grant {
  idx: number;
  time: Micros;
  holder: string;
  epoch: number | undefined;
}

/**
 * No write accepted from a holder whose lease had passed, or whose lease was superseded by a
 * newer grant, at the moment storage accepted it. A write that carries a term or token is judged
 * against that grant (superseded by any grant with a higher one); a write without one against
 * its holder's latest grant (superseded by any later grant to someone else).
 */
export function noStaleWrites(config: NoStaleWritesConfig, input: CheckInput): CheckResult {
  const grants: Grant[] = [];
  const latestOf = new Map<string, number>(); // holder -> position in grants
  const latestOfEpoch = new Map<string, number>(); // `${holder}/${epoch}` -> position in grants
  const risers: Grant[] = []; // each grant numbered above every earlier one: the first above x is among them
  let writes = 0;
  const stale: { at: Micros; effects: number[]; text: string }[] = [];
  const leaseUs = config.lease;

  input.effects.forEach((e, idx) => {
    if (e.kind === config.grantEffect && (config.lock === undefined || e.key === config.lock)) {
      const holder = field(e.value, 'holder');
      if (typeof holder !== 'string') {
        stale.push({ at: e.time, effects: [idx], text: `grant effect #${idx} at ${fmt(e.time)} has no \`holder\` in its value` });
        return;
      }
      const g: Grant = { idx, time: e.time, holder, epoch: epochOf(e.value) };
      latestOf.set(holder, grants.length);
      if (g.epoch !== undefined) latestOfEpoch.set(`${holder}/${g.epoch}`, grants.length);
      if (g.epoch !== undefined && g.epoch > (risers[risers.length - 1]?.epoch ?? -Infinity)) risers.push(g);
      grants.push(g);
      return;
    }
    if (e.kind !== config.writeEffect || (config.node !== undefined && e.node !== config.node) || (config.key !== undefined && e.key !== config.key)) return;
    writes++;
    const problem = judge(e, idx);
    if (problem !== undefined) stale.push(problem);
  });

  function judge(w: Effect, idx: number): { at: Micros; effects: number[]; text: string } | undefined {
    const holder = field(written(w), 'holder');
    const epoch = epochOf(written(w));
    // Worded only for a write that is reported: most writes are fine.
    const what = () => `${w.node} accepted a write of ${w.key} from ${String(holder)}${epoch === undefined ? '' : ` (term/token ${epoch})`} at ${fmt(w.time)}`;
    if (typeof holder !== 'string') return { at: w.time, effects: [idx], text: `write effect #${idx} at ${fmt(w.time)} has no \`holder\` in its value` };
    const pos = epoch === undefined ? latestOf.get(holder) : latestOfEpoch.get(`${holder}/${epoch}`);
    if (pos === undefined)
      return { at: w.time, effects: [idx], text: `${what()}, but ${holder} was never granted ${epoch === undefined ? 'a lease' : `term/token ${epoch}`}` };
    const g = grants[pos]!;
    const newer = epoch === undefined ? grants[pos + 1] : firstAbove(risers, epoch);
    const expired = leaseUs !== undefined && w.time >= g.time + leaseUs;
    if (newer === undefined && !expired) return undefined;
    const why: string[] = [];
    if (expired) why.push(`its lease (granted at ${fmt(g.time)}) had passed at ${fmt(g.time + leaseUs!)}`);
    if (newer !== undefined)
      why.push(`${newer.holder} was granted ${newer.epoch === undefined ? 'the lease' : `term/token ${newer.epoch}`} at ${fmt(newer.time)}`);
    return { at: w.time, effects: newer === undefined ? [idx, g.idx] : [idx, g.idx, newer.idx], text: `${what()}, but ${why.join(' and ')}` };
  }

  const measured = { grants: grants.length, writes, violations: stale.length };
  if (writes === 0 && stale.length === 0) return judgedNothing(config, `no ${config.writeEffect} effect was recorded`, measured);
  const first = stale[0];
  if (first === undefined) {
    return verdict(config, { ok: true, detail: `${plural(writes, 'write')} accepted, each from a holder with a live lease.`, measured });
  }
  const more = stale.length > 1 ? ` ${plural(stale.length - 1, 'more stale write')}.` : '';
  return verdict(config, { ok: false, detail: `${first.text}.${more}`, at: first.at, effects: first.effects, measured });
}

/**
 * What a write effect says was written: its value, or, for a row write of the `database` block
 * (`{ value, version }`, no `holder`), the row's value, where the writer put its holder and token.
 */
function written(w: Effect): unknown {
  return field(w.value, 'holder') === undefined && typeof field(w.value, 'version') === 'number' ? field(w.value, 'value') : w.value;
}

/** The grant's or write's fencing number: `term`, else `token`. */
function epochOf(value: unknown): number | undefined {
  const t = field(value, 'term') ?? field(value, 'token');
  return typeof t === 'number' ? t : undefined;
}

/** The first grant numbered above `epoch`: a binary search of the risers, whose numbers only go up. */
function firstAbove(risers: readonly Grant[], epoch: number): Grant | undefined {
  return Number.isNaN(epoch) ? undefined : risers[partitionPoint(risers.length, (i) => risers[i]!.epoch! > epoch)];
}
