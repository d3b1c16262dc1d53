import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { type ExecutedTimeline, stateAt } from '../world/timeline.js';
import { checkBase, field, fmt, partitionPoint, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const failureDetectionSchema = z.strictObject({
  check: z.literal('failure-detection'),
  ...checkBase,
  /** Recorded by a detector when it starts suspecting a node: key = the suspected node, value `{ by }`. */
  effect: z.string().min(1).default('suspect'),
  /** Suspicions of a node that was up (running, paused or cut off) allowed. */
  maxFalseSuspicions: z.number().int().min(0).default(0),
  /** Every crash must be suspected within this (unless the node restarts first or the run ends first). */
  detectWithin: positiveDuration.optional(),
  /** Only suspicions of this node... */
  node: nodeId.optional(),
  /** ...or recorded by this detector. */
  by: nodeId.optional(),
});
export type FailureDetectionConfig = z.output<typeof failureDetectionSchema>;

interface Down {
  node: string;
  fromUs: Micros;
  toUs: Micros;
  fault: number;
}

/**
 * Accuracy and completeness of failure detection, against what the world executed: a node is
 * down only while crashed (from the crash that took it down to its restart). A paused or partitioned node is alive, so suspecting it is a false
 * suspicion: that is the mistake that makes systems fail over from a healthy leader.
 */
export function failureDetection(config: FailureDetectionConfig, input: CheckInput): CheckResult {
  const down = downIntervals(input.timeline).filter((d) => config.node === undefined || d.node === config.node);
  const suspicions: { idx: number; time: Micros; node: string; by: string }[] = [];
  input.effects.forEach((e, idx) => {
    if (e.kind !== config.effect) return;
    const byField = field(e.value, 'by');
    const by = typeof byField === 'string' ? byField : e.node;
    if ((config.node === undefined || e.key === config.node) && (config.by === undefined || by === config.by))
      suspicions.push({ idx, time: e.time, node: e.key, by });
  });
  // Per node: its down intervals in order (a node's never overlap: the world's timeline), and its
  // suspicions by time (then record order), so each lookup is a binary search, not a scan.
  const downOf = new Map<string, Down[]>();
  for (const d of down) {
    const list = downOf.get(d.node);
    if (list) list.push(d);
    else downOf.set(d.node, [d]);
  }
  const suspicionsOf = new Map<string, number[]>();
  suspicions.forEach((s, k) => {
    const list = suspicionsOf.get(s.node);
    if (list) list.push(k);
    else suspicionsOf.set(s.node, [k]);
  });
  for (const list of suspicionsOf.values()) list.sort((a, b) => suspicions[a]!.time - suspicions[b]!.time || a - b);
  const isDown = (node: string, t: Micros) => {
    const list = downOf.get(node) ?? [];
    const d = list[partitionPoint(list.length, (i) => list[i]!.fromUs > t) - 1];
    return d !== undefined && t < d.toUs;
  };
  /** The first suspicion recorded of the node while it was down in `d`. */
  const firstWhileDown = (d: Down) => {
    const list = suspicionsOf.get(d.node) ?? [];
    let first: number | undefined;
    for (let i = partitionPoint(list.length, (k) => suspicions[list[k]!]!.time >= d.fromUs); i < list.length; i++) {
      if (suspicions[list[i]!]!.time >= d.toUs) break;
      if (first === undefined || list[i]! < first) first = list[i]!;
    }
    return first === undefined ? undefined : suspicions[first];
  };
  const falses = suspicions.filter((s) => !isDown(s.node, s.time));

  const problems: { at: Micros; text: string; effects: number[] }[] = [];
  if (falses.length > config.maxFalseSuspicions) {
    const s = falses[config.maxFalseSuspicions]!;
    const at = stateAt(input.timeline, s.node, s.time);
    const paused = at?.state === 'paused' ? (at.reason ?? 'paused') : undefined;
    const state = paused === undefined ? 'it was up' : `it was paused (${paused}), not crashed`;
    problems.push({
      at: s.time,
      effects: falses.map((f) => f.idx),
      text: `${s.by} suspected ${s.node} at ${fmt(s.time)} while ${state}; ${plural(falses.length, 'false suspicion')}, at most ${config.maxFalseSuspicions} allowed`,
    });
  }
  let detected = 0;
  let worstUs = 0;
  for (const d of down) {
    const first = firstWhileDown(d);
    if (first !== undefined) {
      detected++;
      worstUs = Math.max(worstUs, first.time - d.fromUs);
    }
    const w = config.detectWithin;
    if (w === undefined || (first !== undefined && first.time - d.fromUs <= w)) continue;
    // Not detected in time; it only counts if the node stayed down, and the run lasted, past the bound.
    if (Math.min(d.toUs, input.endUs) <= d.fromUs + w) continue;
    const got = first === undefined ? 'was never suspected while down' : `was first suspected at ${fmt(first.time)}`;
    problems.push({
      at: d.fromUs + w,
      effects: first === undefined ? [] : [first.idx],
      text: `${d.node} crashed at ${fmt(d.fromUs)} (fault #${d.fault}) and ${got}, not within ${fmt(w)}`,
    });
  }
  const measured = { suspicions: suspicions.length, falseSuspicions: falses.length, crashes: down.length, detected, maxDetectionUs: worstUs };
  // No suspicion, and no crash whose detection is bounded: neither accuracy nor completeness was judged.
  if (suspicions.length === 0 && (down.length === 0 || config.detectWithin === undefined))
    return judgedNothing(
      config,
      `no ${config.effect} effect was recorded${down.length === 0 ? ' and no node crashed' : ' (give `detectWithin` to judge the crashes)'}`,
      measured,
    );
  problems.sort((a, b) => a.at - b.at);
  const first = problems[0];
  if (first === undefined) {
    const speed = detected > 0 ? `, the slowest after ${fmt(worstUs)}` : '';
    return verdict(config, {
      ok: true,
      detail: `${plural(falses.length, 'false suspicion')}; ${detected} of ${plural(down.length, 'crash', 'crashes')} detected${speed}.`,
      measured,
    });
  }
  const more = problems.length > 1 ? ` (and ${plural(problems.length - 1, 'more problem')})` : '';
  return verdict(config, { ok: false, detail: `${first.text}${more}.`, at: first.at, effects: first.effects, measured });
}

/** When each node was down, as the world executed it: crashed intervals (a restart at the end of the run leaves it open). */
function downIntervals(t: ExecutedTimeline): Down[] {
  const out: Down[] = [];
  for (const [node, intervals] of Object.entries(t.nodes))
    for (const iv of intervals) if (iv.state === 'crashed') out.push({ node, fromUs: iv.fromUs, toUs: iv.toUs ?? Infinity, fault: iv.fault ?? -1 });
  return out.sort((a, b) => a.fromUs - b.fromUs);
}
