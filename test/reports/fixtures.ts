import type { CheckVerdict } from '../../sim/checks/types.js';
import type { ScenarioRun } from '../../sim/run/result.js';

/** A hand-made run, so report tests do not depend on any model's behaviour. */
export function fakeRun(over: Partial<ScenarioRun> = {}, checks: CheckVerdict[] = []): ScenarioRun {
  const latency = { count: 2, p50Us: 12_000, p99Us: 1_400_000, maxUs: 1_400_000, meanUs: 706_000 };
  return {
    scenario: 'demo',
    variant: 'naive',
    seed: 42,
    verdict: checks.every((c) => c.ok) ? 'pass' : 'fail',
    checks,
    stats: {
      requests: 3,
      ok: 2,
      failed: 0,
      unknown: 1,
      fallbacks: 0,
      latency,
      perOperation: { charge: { requests: 3, ok: 2, failed: 0, unknown: 1, latency } },
      messages: { sent: 10, delivered: 8, lost: 1, partitioned: 0, toDownNode: 0, duplicated: 1, held: 0 },
    },
    traceDigest: '00ff',
    stopReason: 'time-limit',
    endUs: 5_000_000,
    events: 40,
    history: [
      { type: 'invoke', op: 1, process: 'client-1', f: 'charge', key: 'order-7', time: 1_000_000 },
      { type: 'ok', op: 1, process: 'client-1', f: 'charge', key: 'order-7', time: 1_012_000 },
      { type: 'invoke', op: 2, process: 'client-1', f: 'charge', key: 'order-8', time: 2_000_000 },
      { type: 'ok', op: 2, process: 'client-1', f: 'charge', key: 'order-8', time: 3_400_000 },
    ],
    effects: [
      { time: 1_005_000, node: 'pg', kind: 'charge', key: 'order-7' },
      { time: 1_006_000, node: 'pg', kind: 'charge', key: 'order-7' },
    ],
    nodes: {},
    timeline: { faults: [], nodes: {}, partitions: [], deploys: [] },
    series: { bucketUs: 1_000_000, ops: { offered: [], ok: [], failed: [], unknown: [] }, perOperation: {}, nodes: {} },
    narrative: [{ at: 500_000, text: 'The gateway slows down.' }],
    ...over,
  };
}

export const doubleCharge: CheckVerdict = {
  name: 'exactly-once',
  kind: 'safety',
  ok: false,
  detail: 'order-7 had 2 charge effects.',
  at: 1_006_000,
  ops: [1],
  effects: [0, 1],
};

export const answered: CheckVerdict = { name: 'answered', kind: 'liveness', ok: true, detail: 'Every request was answered.' };
