import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { nodeId } from '../units/human-units.js';
import type { ExecutedTimeline, NodeInterval } from '../world/timeline.js';
import { sameValue as same } from './canonical.js';
import { checkBase, fLabel, fmt, opLabel, opNames, opsOf, pairedOps, partitionPoint, plural, show, verdict, type Op } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const noLostWritesSchema = z
  .strictObject({
    check: z.literal('no-lost-writes'),
    ...checkBase,
    /** The write operations whose ok answer promises durability. */
    f: opNames.default(['write', 'reserve']),
    /** Where the durable record must be at the end: this node's final state... */
    node: nodeId.optional(),
    /** ...under this key of its `disk` (or `belief`); `{key}`, `{op}` and `{process}` are filled in. */
    path: z.string().min(1).default('{key}'),
    in: z.enum(['disk', 'belief']).default('disk'),
    /** ...or, instead of `node`: the last ok read (this op name) of each key must return the value. */
    read: z.string().min(1).optional(),
    /** The record must equal the op's value (structurally: object keys in any order), not merely exist. Always on with `read`. */
    matchValue: z.boolean().default(false),
  })
  .refine((c) => (c.node === undefined) !== (c.read === undefined), {
    error: 'give exactly one of `node` (look in its final state) or `read` (look at the last read of each key)',
    path: ['node'],
  });
export type NoLostWritesConfig = z.output<typeof noLostWritesSchema>;

/** Every acknowledged write is still there at the end: in a node's final state, or in a final read. */
export function noLostWrites(config: NoLostWritesConfig, input: CheckInput): CheckResult {
  const all = pairedOps(input);
  const acked = opsOf(all, config.f).filter((o) => o.outcome === 'ok');
  const find = config.read !== undefined ? finalRead(all, config.read) : finalState(config, input);
  const crashes = config.node === undefined ? [] : crashesOf(input.timeline, config.node);
  const lost: { op: Op; why: string; at: Micros }[] = [];
  for (const o of acked) {
    const why = find(o);
    if (why === undefined) continue;
    const crash = crashAfter(crashes, o.doneUs!);
    const at = crash?.at ?? input.endUs;
    const lostIn = crash === undefined ? '' : `; lost in the crash of ${config.node} at ${fmt(crash.at)} (fault #${crash.index})`;
    lost.push({ op: o, at, why: `${why}${lostIn}` });
  }
  const measured = { acknowledged: acked.length, lost: lost.length };
  if (acked.length === 0) return judgedNothing(config, `no ${fLabel(config.f)} operation was acknowledged ok`, measured);
  if (lost.length === 0) {
    return verdict(config, { ok: true, detail: `${plural(acked.length, 'acknowledged write')} of ${fLabel(config.f)}, all present at the end.`, measured });
  }
  lost.sort((a, b) => a.at - b.at);
  const first = lost[0]!;
  const o = first.op;
  const more = lost.length > 1 ? ` ${plural(lost.length - 1, 'more acknowledged write')} lost.` : '';
  return verdict(config, {
    ok: false,
    detail: `op ${o.op} (${opLabel(o)}) was acknowledged ok at ${fmt(o.doneUs!)} but ${first.why}.${more}`,
    at: first.at,
    ops: lost.map((l) => l.op.op),
    measured,
  });
}

/** Returns why the op's record is missing from the node's final state, or undefined when it is there. */
function finalState(config: NoLostWritesConfig, input: CheckInput): (o: Op) => string | undefined {
  const node = config.node!;
  const st = input.nodes[node];
  const store = st === undefined ? undefined : config.in === 'disk' ? st.disk : st.belief;
  return (o) => {
    if (config.path.includes('{key}') && o.key === undefined) return 'it has no key to look for';
    const path = config.path
      .replaceAll('{key}', o.key ?? '')
      .replaceAll('{op}', String(o.op))
      .replaceAll('{process}', o.process);
    if (store === undefined) return `${node} has no ${config.in} at the end${st?.up === false ? ' (it is down)' : ''}`;
    if (!Object.hasOwn(store, path)) return `${node}'s ${config.in} has no '${path}' at the end`;
    if (config.matchValue && !same(store[path], o.arg)) return `${node}'s ${config.in} holds ${show(store[path])} at '${path}'`;
    return undefined;
  };
}

/** Returns why the last ok read of the op's key does not show its value, or undefined when it does. */
function finalRead(all: readonly Op[], read: string): (o: Op) => string | undefined {
  const last = new Map<string, Op>();
  for (const r of all) {
    if (r.f !== read || r.outcome !== 'ok' || r.key === undefined) continue;
    const prev = last.get(r.key);
    if (prev === undefined || r.doneAt > prev.doneAt) last.set(r.key, r);
  }
  return (o) => {
    const r = o.key === undefined ? undefined : last.get(o.key);
    if (r === undefined || r.invokeAt < o.doneAt) return `no ${read} of ${o.key ?? 'its key'} was invoked after it was acknowledged`;
    const shows = Array.isArray(r.result) ? r.result.some((v) => same(v, o.arg)) : same(r.result, o.arg);
    return shows ? undefined : `the last ${read} of ${o.key} (op ${r.op}, at ${fmt(r.doneUs!)}) returned ${show(r.result)}`;
  };
}

/** The node's crashes as executed, in order. */
function crashesOf(t: ExecutedTimeline, node: string): NodeInterval[] {
  return (Object.hasOwn(t.nodes, node) ? t.nodes[node]! : []).filter((i) => i.state === 'crashed');
}

/** The first crash at or after `t` (by binary search): the likely moment an unsynced record was lost. */
function crashAfter(crashes: readonly NodeInterval[], atUs: Micros): { at: Micros; index: number } | undefined {
  const iv = crashes[partitionPoint(crashes.length, (i) => crashes[i]!.fromUs >= atUs)];
  return iv === undefined ? undefined : { at: iv.fromUs, index: iv.fault ?? -1 };
}
