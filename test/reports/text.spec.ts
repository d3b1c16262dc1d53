import { describe, expect, it } from 'vitest';
import { renderRunText } from '../../reports/text.js';
import { makeStyle } from '../../reports/style.js';
import { violationContext } from '../../reports/violation.js';
import type { TraceEvent } from '../../sim/world/trace.js';
import { answered, doubleCharge, fakeRun } from './fixtures.js';

const req = (key: string) => ({ t: 'req', rid: 1, f: 'charge', key });
const trace: TraceEvent[] = [
  { type: 'start', at: 0, node: 'pg' },
  { type: 'pause', at: 200_000, node: 'other', reason: 'GC' },
  { type: 'op', at: 1_000_000, entry: { type: 'invoke', op: 1, process: 'client-1', f: 'charge', key: 'order-7', time: 1_000_000 } },
  { type: 'send', at: 1_000_000, from: 'api', to: 'pg', id: 1, msg: req('order-7') },
  { type: 'send', at: 1_000_000, from: 'api', to: 'pg', id: 2, msg: req('order-9') },
  { type: 'duplicate', at: 1_000_000, from: 'api', to: 'pg', id: 1 },
  { type: 'effect', at: 1_005_000, effect: { time: 1_005_000, node: 'pg', kind: 'charge', key: 'order-7' } },
  { type: 'effect', at: 1_006_000, effect: { time: 1_006_000, node: 'pg', kind: 'charge', key: 'order-7' } },
  { type: 'effect', at: 1_007_000, effect: { time: 1_007_000, node: 'pg', kind: 'charge', key: 'order-7' } },
];

describe('text report', () => {
  it('shows the verdicts, the lead-up to the first violation, statistics and the replay line', () => {
    const run = fakeRun({}, [doubleCharge, answered]);
    const context = violationContext(doubleCharge, run, trace);
    const text = renderRunText({ run, context, reproduce: 'faultline run x.yaml --variant naive --seed 42' });
    expect(text).toMatchInlineSnapshot(`
      "demo  variant naive  seed 42
      FAIL  1 of 2 checks failed

        ✗ exactly-once (safety) at t=1.006s
          order-7 had 2 charge effects.
        ✓ answered (liveness)
          Every request was answered.

      First violation: exactly-once at t=1.006s
        t=200ms   other paused (GC)
        t=500ms   — The gateway slows down.
        t=1s      client-1 invokes charge order-7 (op 1)  ← named by the check
        t=1s      api → pg: charge order-7
        t=1s      api → pg: charge order-7 (duplicated by the network)
        t=1.005s  pg: charge order-7 took effect  ← named by the check
        t=1.006s  pg: charge order-7 took effect  ← named by the check

      Statistics
        requests  3  (ok 2, failed 0, unknown 1)
        latency   p50 12ms  p99 1.4s  max 1.4s  (ok requests)
        messages  sent 10  delivered 8  lost 1  partitioned 0  to a down node 0  duplicated 1  held 0
        run       40 events, stopped at t=5s (time-limit), trace digest 00ff

      Reproduce: faultline run x.yaml --variant naive --seed 42
      "
    `);
  });

  it('keeps only the last events before the violation', () => {
    const many: TraceEvent[] = Array.from({ length: 30 }, (_, i) => ({ type: 'note', at: i * 1000, node: 'pg', text: `step ${i}` }));
    const lines = violationContext({ ...doubleCharge, at: 20_000 }, fakeRun({ narrative: [] }), many, 5);
    expect(lines.map((l) => l.text)).toEqual(['pg: step 16', 'pg: step 17', 'pg: step 18', 'pg: step 19', 'pg: step 20']);
  });

  it('lists the causes however long before: the named ops and effects, and the faults still in force', () => {
    const partition = { kind: 'partition', at: 1_000_000, duration: 60_000_000, groups: [['a'], ['b']] } as never;
    const early: TraceEvent[] = [
      { type: 'fault', at: 1_000_000, phase: 'start', index: 0, fault: partition },
      { type: 'op', at: 2_000_000, entry: { type: 'invoke', op: 1, process: 'client-1', f: 'charge', key: 'order-7', time: 2_000_000 } },
      { type: 'effect', at: 2_500_000, effect: { time: 2_500_000, node: 'pg', kind: 'charge', key: 'order-7' } },
      ...Array.from({ length: 30 }, (_, i): TraceEvent => ({ type: 'note', at: 3_000_000 + i * 1000, node: 'client-1', text: `step ${i}` })),
    ];
    const run = fakeRun({
      narrative: [],
      timeline: { faults: [{ index: 0, kind: 'partition', startUs: 1_000_000, endUs: 61_000_000 }], nodes: {}, partitions: [], deploys: [] },
    });
    const lines = violationContext({ ...doubleCharge, at: 4_000_000, effects: [0] }, run, early, 5);
    expect(lines.map((l) => l.text)).toEqual([
      'fault begins: partition [a] | [b] (still in force)',
      'client-1 invokes charge order-7 (op 1)  ← named by the check',
      'pg: charge order-7 took effect  ← named by the check',
      'client-1: step 25',
      'client-1: step 26',
      'client-1: step 27',
      'client-1: step 28',
      'client-1: step 29',
    ]);
  });

  it('says PASS and gives no replay line when everything held', () => {
    const text = renderRunText({ run: fakeRun({}, [answered]), context: [], reproduce: 'x' });
    expect(text).toMatch(/^demo {2}variant naive {2}seed 42\nPASS {2}all 1 check held\n/);
    expect(text).not.toContain('Reproduce');
  });

  it('has escape codes only with a colour style', () => {
    const input = { run: fakeRun({}, [doubleCharge]), context: [], reproduce: 'x' };
    expect(renderRunText(input)).not.toContain('\u001b[');
    expect(renderRunText({ ...input, style: makeStyle(1) })).toContain('\u001b[');
  });
});
