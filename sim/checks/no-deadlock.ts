import { z } from 'zod';
import type { Micros } from '../kernel/time.js';
import { nodeId, positiveDuration } from '../units/human-units.js';
import { checkBase, field, fmt, plural, show, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';

export const noDeadlockSchema = z.strictObject({
  check: z.literal('no-deadlock'),
  ...checkBase,
  /** Ended lock waits: key = the row, value `{ tx, waitedUs, outcome }` (the database block's). */
  waitEffect: z.string().min(1).max(100).default('lock-wait'),
  /** Deadlocks found: key = the transaction rolled back, value `{ cycle }`. */
  deadlockEffect: z.string().min(1).max(100).default('deadlock'),
  /** No lock wait longer than this. */
  maxLockWait: positiveDuration.optional(),
  /** Deadlocks allowed, resolved or not. */
  deadlocks: z.number().int().min(0).max(1_000_000).default(0),
  /** Only effects recorded on this node. */
  node: nodeId.optional(),
  /** Pass when no lock wait nor deadlock was recorded (it judged nothing); off: such a check fails. */
  allowEmpty: z.boolean().default(false),
});
export type NoDeadlockConfig = z.output<typeof noDeadlockSchema>;

interface Violation {
  at: Micros;
  effect: number;
  text: string;
}

/** No transaction waits for a lock longer than `maxLockWait`, and at most `deadlocks` deadlocks. */
export function noDeadlock(config: NoDeadlockConfig, input: CheckInput): CheckResult {
  const mine = (kind: string) => input.effects.flatMap((e, i) => (e.kind === kind && (config.node === undefined || e.node === config.node) ? [i] : []));
  const waits = mine(config.waitEffect);
  const deadlocks = mine(config.deadlockEffect);
  const violations: Violation[] = [];

  let maxWaitUs = 0;
  let longest: number | undefined;
  let overBound = 0;
  let timeouts = 0;
  for (const i of waits) {
    const e = input.effects[i]!;
    const waited = field(e.value, 'waitedUs');
    if (field(e.value, 'outcome') === 'timeout') timeouts++;
    if (typeof waited !== 'number' || !Number.isFinite(waited) || waited < 0) {
      if (config.maxLockWait !== undefined) {
        violations.push({
          at: e.time,
          effect: i,
          text: `${e.kind} ${e.key} (effect ${i}, on ${e.node} at ${fmt(e.time)}) has no waitedUs (value ${show(e.value)})`,
        });
      }
      continue;
    }
    if (longest === undefined || waited > maxWaitUs) {
      maxWaitUs = waited;
      longest = i;
    }
    if (config.maxLockWait === undefined || waited <= config.maxLockWait) continue;
    overBound++;
    // The bound passed while the transaction was still waiting: its wait's start plus the bound.
    const at = Math.max(0, e.time - waited + config.maxLockWait);
    violations.push({
      at,
      effect: i,
      text: `${describeWait(e.value, e.key)} for ${fmt(waited)} on ${e.node} until ${fmt(e.time)}, over the ${fmt(config.maxLockWait)} bound`,
    });
  }
  if (deadlocks.length > config.deadlocks) {
    const i = deadlocks[config.deadlocks]!;
    const e = input.effects[i]!;
    const allowed = config.deadlocks === 0 ? 'none allowed' : `at most ${config.deadlocks} allowed`;
    violations.push({
      at: e.time,
      effect: i,
      text: `${plural(deadlocks.length, 'deadlock')} (${allowed}); ${config.deadlocks === 0 ? 'the first' : `deadlock ${config.deadlocks + 1}`} at ${fmt(e.time)} on ${e.node}: ${describeCycle(e.value, e.key)}`,
    });
  }

  const measured = { waits: waits.length, maxWaitUs, overBound, timeouts, deadlocks: deadlocks.length };
  violations.sort((a, b) => a.at - b.at || a.effect - b.effect);
  const first = violations[0];
  const where = config.node === undefined ? '' : ` on ${config.node}`;
  if (first === undefined) {
    if (waits.length === 0 && deadlocks.length === 0) {
      return judgedNothing(config, `no ${config.waitEffect} nor ${config.deadlockEffect} effect${where} (no transaction ever waited for a lock)`, measured);
    }
    const bound = config.maxLockWait === undefined ? '' : ` (bound ${fmt(config.maxLockWait)})`;
    const dl = deadlocks.length === 0 ? 'no deadlock' : `${plural(deadlocks.length, 'deadlock')} (at most ${config.deadlocks} allowed)`;
    return verdict(config, { ok: true, detail: `${plural(waits.length, 'lock wait')}${where}, the longest ${fmt(maxWaitUs)}${bound}; ${dl}.`, measured });
  }
  const parts: string[] = [];
  if (overBound > 0) parts.push(`${plural(overBound, 'lock wait')} over ${fmt(config.maxLockWait!)} (the longest ${fmt(maxWaitUs)})`);
  if (deadlocks.length > config.deadlocks) parts.push(plural(deadlocks.length, 'deadlock'));
  const malformed = violations.length - overBound - (deadlocks.length > config.deadlocks ? 1 : 0);
  if (malformed > 0) parts.push(`${plural(malformed, `${config.waitEffect} effect`)} without waitedUs`);
  const more = violations.length > 1 ? ` In all: ${parts.join('; ')}.` : '';
  // The first violation's effect, and the longest wait when it went over the bound too.
  const involved = overBound > 0 && longest !== undefined && longest !== first.effect ? [first.effect, longest] : [first.effect];
  return verdict(config, { ok: false, detail: `${first.text}.${more}`, at: first.at, effects: involved, measured });
}

/** `tx-3 waited for the lock on account-a (timeout)`. */
function describeWait(value: unknown, key: string): string {
  const tx = field(value, 'tx');
  const outcome = field(value, 'outcome');
  return `${typeof tx === 'string' ? tx : 'a transaction'} waited for the lock on ${key}${typeof outcome === 'string' ? ` (${outcome})` : ''}`;
}

/** `tx-3 → tx-4 → tx-3, tx-4 rolled back`. */
function describeCycle(value: unknown, key: string): string {
  const cycle = field(value, 'cycle');
  const ids = Array.isArray(cycle) ? cycle.map((x) => (typeof x === 'string' ? x : show(x))) : [];
  const path = ids.length > 0 ? `${[...ids, ids[0]].join(' → ')}, ` : '';
  return `${path}${key} rolled back`;
}
