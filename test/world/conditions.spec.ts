import { describe, expect, it } from 'vitest';
import type { Model, NodeConditions } from '../../sim/index.js';
import { faults, runWorld } from './harness.js';

/** A node that samples its conditions every 100 ms (true time: its clock does not drift). */
function sampler(log: { at: number; c: Readonly<NodeConditions> }[]): Model {
  return (ctx) => {
    const tick = () => {
      log.push({ at: ctx.monotonic(), c: ctx.conditions() });
      ctx.after(100_000, tick);
    };
    return { onStart: tick, onRecover: tick };
  };
}
const at = (log: { at: number; c: Readonly<NodeConditions> }[], us: number) => log.find((l) => l.at === us)!.c;

describe('service conditions', () => {
  it('slowdown, capacity and errors hold for their window and compose while they overlap', () => {
    const log: { at: number; c: Readonly<NodeConditions> }[] = [];
    const { result } = runWorld({
      nodes: [{ id: 'svc', model: sampler(log) }],
      faults: faults([
        { kind: 'slowdown', node: 'svc', at: '1s', duration: '2s', factor: 3 },
        { kind: 'slowdown', node: 'svc', at: '2s', duration: '2s', factor: 2, extra: '5ms' },
        { kind: 'capacity', node: 'svc', at: '1s', duration: '1s', fraction: '50%' },
        { kind: 'errors', node: 'svc', at: '1s', duration: '1s', rate: '50%', error: '429 slow down', retryable: true },
        { kind: 'errors', node: 'svc', at: '1s', duration: '1s', rate: '50%' },
      ]),
      untilUs: 5_000_000,
    });
    expect(at(log, 500_000)).toMatchObject({ slowdown: 1, extraUs: 0, capacity: 1, errorRate: 0, version: 'initial' });
    expect(at(log, 1_500_000)).toMatchObject({ slowdown: 3, capacity: 0.5, errorRate: 0.75, error: '503 injected error' });
    expect(at(log, 2_500_000)).toMatchObject({ slowdown: 6, extraUs: 5_000, capacity: 1, errorRate: 0 });
    expect(at(log, 3_500_000)).toMatchObject({ slowdown: 2, extraUs: 5_000 });
    expect(at(log, 4_500_000)).toMatchObject({ slowdown: 1, extraUs: 0 });
    expect(result.timeline.faults.map((f) => [f.kind, f.startUs, f.endUs])).toEqual([
      ['slowdown', 1_000_000, 3_000_000],
      ['slowdown', 2_000_000, 4_000_000],
      ['capacity', 1_000_000, 2_000_000],
      ['errors', 1_000_000, 2_000_000],
      ['errors', 1_000_000, 2_000_000],
    ]);
  });

  it('a repeating fault happens count times, every `every`, each an occurrence of its own in the timeline', () => {
    const log: { at: number; c: Readonly<NodeConditions> }[] = [];
    const { result, trace } = runWorld({
      nodes: [{ id: 'svc', model: sampler(log) }],
      faults: faults([{ kind: 'slowdown', node: 'svc', at: '1s', duration: '500ms', factor: 4, repeat: { every: '2s', count: 3 } }]),
      untilUs: 8_000_000,
    });
    expect(result.timeline.faults.map((f) => [f.index, f.occurrence, f.startUs, f.endUs])).toEqual([
      [0, 1, 1_000_000, 1_500_000],
      [0, 2, 3_000_000, 3_500_000],
      [0, 3, 5_000_000, 5_500_000],
    ]);
    expect([1_200_000, 3_200_000, 5_200_000].map((t) => at(log, t).slowdown)).toEqual([4, 4, 4]);
    expect([2_000_000, 4_000_000, 7_000_000].map((t) => at(log, t).slowdown)).toEqual([1, 1, 1]);
    expect(trace.filter((e) => e.type === 'fault').map((e) => (e.type === 'fault' ? [e.phase, e.index, e.occurrence] : []))).toEqual([
      ['start', 0, 1],
      ['end', 0, 1],
      ['start', 0, 2],
      ['end', 0, 2],
      ['start', 0, 3],
      ['end', 0, 3],
    ]);
  });

  it('a deploy restarts the node on the version, which its conditions and the timeline show', () => {
    const log: { at: number; c: Readonly<NodeConditions> }[] = [];
    const booted: string[] = [];
    const v2: Model = (ctx) => ({ onRecover: () => booted.push(`v2 incarnation ${ctx.incarnation}`) });
    const { result } = runWorld({
      nodes: [{ id: 'svc', model: sampler(log), version: (name) => (name === 'v2' ? v2 : undefined) }],
      faults: faults([{ kind: 'deploy', at: '1s', nodes: ['svc'], version: 'v2' }]),
      untilUs: 3_000_000,
    });
    expect(booted).toEqual(['v2 incarnation 1']);
    expect(log.every((l) => l.at < 1_000_000)).toBe(true);
    expect(result.timeline.deploys).toEqual([{ node: 'svc', version: 'v2', atUs: 1_000_000, fault: 0 }]);
    expect(result.timeline.nodes.svc).toEqual([{ state: 'up', fromUs: 0 }]);
  });
});

describe('metrics', () => {
  it("a node's gauges read 0 while it is down", () => {
    const model: Model = (ctx) => ({
      onStart: () => ctx.metric.gauge('queued', 5),
      onRecover: () => ctx.metric.gauge('queued', 2),
    });
    const { result } = runWorld({
      nodes: [{ id: 'svc', model }],
      faults: faults([{ kind: 'crash', node: 'svc', at: '1s', duration: '2s' }]),
      untilUs: 5_000_000,
    });
    // Up at 5 until 1 s, down (0) from 1 s to 3 s, then 2.
    expect(result.metrics.nodes.svc!.queued!.values).toEqual([5, 0, 0, 2, 2]);
  });
});
