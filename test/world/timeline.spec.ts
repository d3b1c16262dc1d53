import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { faultSchema } from '../../sim/index.js';
import { healedAt, stateAt } from '../../sim/world/timeline.js';
import { faults, idle, runWorld } from './harness.js';

const s = (n: number) => n * 1_000_000;
/** The timeline a World of idle nodes a, b, c (and any the faults name) executes for these faults. */
function timeline(input: z.input<typeof faultSchema>[], untilUs = s(60), ids = ['a', 'b', 'c']) {
  return runWorld({ nodes: ids.map((id) => ({ id, model: idle })), faults: faults(input), untilUs }).result.timeline;
}

describe('the executed timeline', () => {
  it('no faults: healed from the start, every node up throughout', () => {
    const t = timeline([]);
    expect(healedAt(t)).toEqual({ healed: true, atUs: 0 });
    expect(t.nodes.a).toEqual([{ state: 'up', fromUs: 0 }]);
  });

  it('timed faults end at their duration; instantaneous ones end as they start', () => {
    const t = timeline([
      { kind: 'pause', node: 'a', at: '1s', duration: '4s' },
      { kind: 'crash', node: 'b', at: '2s', duration: '1s' },
      { kind: 'clock-step', node: 'a', at: '9s', by: '-2s' },
      { kind: 'loss', rate: '10%', at: '0s', duration: '3s' },
    ]);
    expect(t.faults.map((f) => [f.startUs, f.endUs])).toEqual([
      [s(1), s(5)],
      [s(2), s(3)],
      [s(9), s(9)],
      [0, s(3)],
    ]);
    expect(healedAt(t)).toEqual({ healed: true, atUs: s(9) });
    expect(t.nodes.a).toEqual([
      { state: 'up', fromUs: 0, toUs: s(1) },
      { state: 'paused', fromUs: s(1), toUs: s(5), fault: 0, reason: 'GC' },
      { state: 'up', fromUs: s(5) },
    ]);
  });

  it('a partition without a duration ends at the first heal that follows it, and says so', () => {
    const t = timeline([
      { kind: 'isolate', node: 'a', at: '2s' },
      { kind: 'heal', at: '7s' },
      { kind: 'heal', at: '5s' },
    ]);
    expect(t.faults[0]).toMatchObject({ startUs: s(2), endUs: s(5), endedBy: 'heal' });
    expect(t.partitions).toEqual([
      {
        fault: 0,
        kind: 'isolate',
        startUs: s(2),
        endUs: s(5),
        links: [
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'a'],
          ['c', 'a'],
        ],
        groups: [['a'], ['b', 'c']],
      },
    ]);
    // A heal listed first at the same instant runs first, and so misses it.
    const missed = timeline([
      { kind: 'heal', at: '2s' },
      { kind: 'isolate', node: 'a', at: '2s' },
    ]);
    expect(healedAt(missed)).toMatchObject({ healed: false, fault: { index: 1 } });
  });

  it('a swizzle with a heal at 2s ends at 2s, not at its planned 13s', () => {
    const t = timeline([
      { kind: 'swizzle', at: '1s', duration: '10s', interval: '1s' },
      { kind: 'heal', at: '2s' },
    ]);
    expect(t.faults[0]).toMatchObject({ startUs: s(1), endUs: s(2), endedBy: 'heal' });
    expect(healedAt(t)).toEqual({ healed: true, atUs: s(2) });
  });

  it('a swizzle alone ends when its last node is released', () => {
    expect(timeline([{ kind: 'swizzle', at: '1s', duration: '5s', interval: '1s' }], s(60), ['a', 'b', 'c', 'd']).faults[0]).toMatchObject({
      endUs: s(9),
      endedBy: 'released',
    });
  });

  it('a crash of a node already down does nothing; the first crash restarts it', () => {
    const t = timeline([
      { kind: 'crash', node: 'a', at: '1s', duration: '5s' },
      { kind: 'crash', node: 'a', at: '2s', duration: '1s' },
    ]);
    expect(t.nodes.a).toEqual([
      { state: 'up', fromUs: 0, toUs: s(1) },
      { state: 'crashed', fromUs: s(1), toUs: s(6), fault: 0 },
      { state: 'up', fromUs: s(6) },
    ]);
  });

  it('overlapping pauses freeze the node from the first to the last resume', () => {
    const t = timeline([
      { kind: 'pause', node: 'b', at: '1s', duration: '3s' },
      { kind: 'pause', node: 'b', at: '2s', duration: '5s' },
    ]);
    expect(t.nodes.b).toEqual([
      { state: 'up', fromUs: 0, toUs: s(1) },
      { state: 'paused', fromUs: s(1), toUs: s(7), fault: 0, reason: 'GC' },
      { state: 'up', fromUs: s(7) },
    ]);
    expect(stateAt(t, 'b', s(5))?.state).toBe('paused');
  });

  it('a crash without a duration, or a loss without one, is still in force at the end', () => {
    const t = timeline([
      { kind: 'pause', node: 'a', at: '1s', duration: '1s' },
      { kind: 'crash', node: 'b', at: '3s' },
    ]);
    expect(healedAt(t)).toMatchObject({ healed: false, fault: { index: 1, kind: 'crash', startUs: s(3) } });
    expect(t.nodes.b!.at(-1)).toEqual({ state: 'crashed', fromUs: s(3), fault: 1 });
    expect(
      healedAt(
        timeline([
          { kind: 'loss', rate: '1%', at: '0s' },
          { kind: 'heal', at: '5s' },
        ]),
      ),
    ).toMatchObject({ healed: false, fault: { index: 0 } });
  });

  it('a fault the run never reached is not part of it', () => {
    const t = timeline([{ kind: 'crash', node: 'a', at: '30s', duration: '1s' }], s(10));
    expect(t.faults[0]!.startUs).toBeUndefined();
    expect(healedAt(t)).toEqual({ healed: true, atUs: 0 });
  });
});
