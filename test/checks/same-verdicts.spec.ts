import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_CONFIGS, type CheckRunOptions, checkRun } from '../../bench/check-history.js';
import { checkSchema, runCheck } from '../../sim/checks/index.js';

/**
 * Every check's whole verdict (detail, moment, ops, effects, measured figures) on varied
 * generated runs, pinned: the checks were rewritten for speed (issue 14) and must say exactly what
 * they said before. The runs are the checks bench's (bench/check-history.ts), from empty (every
 * check judged nothing) through a single op and sparse runs with faults to 20,000 ops, each under
 * the bench's configs and others that take the other paths (no lease, no `f`, filters, windows,
 * the other progress forms). FAULTLINE_VERDICTS_WRITE=1 rewrites the table: only on purpose.
 */
const TABLE = fileURLToPath(new URL('./same-verdicts.jsonl', import.meta.url));

const RUNS: CheckRunOptions[] = [
  { ops: 0, seed: 1 },
  { ops: 1, seed: 2 },
  { ops: 300, seed: 3, opsPerSecond: 5 },
  { ops: 4_000, seed: 4, opsPerSecond: 20 },
  { ops: 20_000, seed: 5, opsPerSecond: 100 },
  { ops: 20_000, seed: 6 },
];

const MORE_CONFIGS: Record<string, unknown>[] = [
  { check: 'exactly-once' },
  { check: 'exactly-once', name: 'exactly-once (reserve)', effect: 'charge', f: ['charge', 'reserve'] },
  { check: 'failed-means-not-done', name: 'failed-means-not-done (any f)' },
  { check: 'no-stale-writes', name: 'no-stale-writes (no lease)' },
  { check: 'no-stale-writes', name: 'no-stale-writes (other lock)', lease: '1500ms', lock: 'elsewhere' },
  { check: 'no-lost-writes', name: 'no-lost-writes (value)', f: 'reserve', node: 'db', path: 'reservations/{key}', matchValue: true },
  { check: 'rate-bound', name: 'rate-bound (ok ops)', f: ['charge', 'write'], max: 30, window: '100ms' },
  { check: 'rate-bound', name: 'rate-bound (one client)', f: 'charge', node: 'client-3', max: 2, window: '1s' },
  { check: 'slo', name: 'slo (window)', f: ['read', 'write'], percentile: 50, latency: '10ms', from: '3s', to: '50s' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (ok)', within: '1s', progress: 'ok', f: 'charge' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (leader)', within: '30s', progress: 'leader' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (drained)', within: '2s', progress: 'drained' },
  { check: 'liveness-after-heal', name: 'liveness-after-heal (goodput window)', within: '1s', progress: 'goodput', window: '5s', ratio: '99%' },
  { check: 'failure-detection', name: 'failure-detection (db)', node: 'db', detectWithin: '1s' },
  { check: 'failure-detection', name: 'failure-detection (by)', by: 'mon', maxFalseSuspicions: 2 },
  { check: 'never-after', name: 'never-after (no grace)', effect: 'accepted', after: 'revoked', key: '{value.token}' },
  { check: 'requires', name: 'requires (end of run)', effect: 'metadata-written', requires: 'stored' },
  { check: 'requires', name: 'requires (unless)', effect: 'metadata-written', requires: 'stored', unless: 'row-deleted', within: '4s' },
  { check: 'requires', name: 'requires (other keys)', effect: 'charge', requires: 'accepted', requiresKey: 'order-{value.token}', within: '2s' },
  { check: 'error-budget', name: 'error-budget (failed, busy windows)', f: ['charge', 'cas'], count: 'failed', budget: '2%', window: '2s', minRequests: 50 },
  { check: 'error-budget', name: 'error-budget (span)', budget: '10%', window: '1m', from: '1s', to: '30s' },
  { check: 'no-deadlock', name: 'no-deadlock (deadlocks only)', deadlocks: 3 },
  { check: 'linearizable', name: 'linearizable (key-value)', model: 'key-value', initial: null },
];

function measure(): string[] {
  const configs = [...CHECK_CONFIGS, ...MORE_CONFIGS].map((c) => checkSchema.parse(c));
  const lines: string[] = [];
  for (const run of RUNS) {
    const input = checkRun(run);
    for (const c of configs) lines.push(JSON.stringify({ run, verdict: runCheck(c, input) }));
  }
  return lines;
}

describe('checks give the same verdicts as before their rewrite for speed', () => {
  it('every check on every generated run gives its pinned verdict', () => {
    const now = measure();
    if (process.env.FAULTLINE_VERDICTS_WRITE === '1') {
      writeFileSync(TABLE, `${now.join('\n')}\n`);
      return;
    }
    const pinned = readFileSync(TABLE, 'utf8').trimEnd().split('\n');
    expect(now.length).toBe(pinned.length);
    const changed = now.flatMap((line, i) => (line === pinned[i] ? [] : [`now:    ${line}\npinned: ${pinned[i]}`]));
    expect(changed).toEqual([]);
  }, 120_000);
});
