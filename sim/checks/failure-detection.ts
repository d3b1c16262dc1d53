import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { nodeId, positiveDuration } from '../scenario/units.js';
import type { Fault } from '../world/faults.js';
import { checkBase, field, fmt, plural, verdict } from './common.js';
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
 * Accuracy and completeness of failure detection, against the truth in `faults`: a node is down
 * only while crashed. A paused or partitioned node is alive, so suspecting it is a false
 * suspicion: that is the mistake that makes systems fail over from a healthy leader.
 */
export function failureDetection(config: FailureDetectionConfig, input: CheckInput): CheckResult {
  const down = downIntervals(input.faults).filter((d) => config.node === undefined || d.node === config.node);
  const suspicions: { idx: number; time: Micros; node: string; by: string }[] = [];
  input.effects.forEach((e, idx) => {
    if (e.kind !== config.effect) return;
    const byField = field(e.value, 'by');
    const by = typeof byField === 'string' ? byField : e.node;
    if ((config.node === undefined || e.key === config.node) && (config.by === undefined || by === config.by))
      suspicions.push({ idx, time: e.time, node: e.key, by });
  });
  const isDown = (node: string, t: Micros) => down.some((d) => d.node === node && t >= d.fromUs && t < d.toUs);
  const falses = suspicions.filter((s) => !isDown(s.node, s.time));

  const problems: { at: Micros; text: string; effects: number[] }[] = [];
  if (falses.length > config.maxFalseSuspicions) {
    const s = falses[config.maxFalseSuspicions]!;
    const paused = pausedAt(input.faults, s.node, s.time);
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
    const first = suspicions.find((s) => s.node === d.node && s.time >= d.fromUs && s.time < d.toUs);
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

/** When each node was down, as the world plays crash faults: down at a crash, up when that crash ends. */
function downIntervals(faults: readonly Fault[]): Down[] {
  const events: { t: Micros; node: string; crash: boolean; fault: number; order: number }[] = [];
  faults.forEach((f, i) => {
    if (f.kind !== 'crash') return;
    events.push({ t: f.at, node: f.node, crash: true, fault: i, order: 2 * i });
    if (f.duration !== undefined) events.push({ t: f.at + f.duration, node: f.node, crash: false, fault: i, order: 2 * i + 1 });
  });
  events.sort((a, b) => a.t - b.t || a.order - b.order);
  const open = new Map<string, Down>();
  const out: Down[] = [];
  for (const e of events) {
    const cur = open.get(e.node);
    if (e.crash && cur === undefined) {
      const d = { node: e.node, fromUs: e.t, toUs: Infinity, fault: e.fault };
      open.set(e.node, d);
      out.push(d);
    } else if (!e.crash && cur !== undefined && cur.fault === e.fault) {
      // Only the crash that took the node down restarts it: a crash of a down node does nothing.
      cur.toUs = e.t;
      open.delete(e.node);
    }
  }
  return out;
}

/** The reason of a pause fault covering `node` at `t`, if any, for the detail of a false suspicion. */
function pausedAt(faults: readonly Fault[], node: string, t: Micros): string | undefined {
  for (const f of faults) if (f.kind === 'pause' && f.node === node && t >= f.at && t < f.at + f.duration) return f.label ?? f.reason;
  return undefined;
}
