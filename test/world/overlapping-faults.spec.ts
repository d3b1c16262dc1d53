import { describe, expect, it } from 'vitest';
import type { Model } from '../../sim/index.js';
import { constantNet, faults, ofType, runWorld } from './harness.js';

/** Sends `msg` to `to` at true time `atUs` (no drift here). */
const sendAt =
  (atUs: number, to: string, msg: string): Model =>
  (ctx) => ({ onStart: () => void ctx.setTimer(atUs), onTimer: () => ctx.send(to, msg) });
const quiet: Model = () => ({});

describe('faults that overlap undo exactly what they did', () => {
  it("a pause's end does not resume a later pause that began after a crash and restart", () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: quiet }],
      faults: faults([
        { kind: 'pause', at: '500ms', duration: '10s', node: 'n' },
        { kind: 'crash', at: '1s', duration: '1s', node: 'n' },
        { kind: 'pause', at: '3s', duration: '20s', node: 'n' },
      ]),
    });
    expect(ofType(trace, 'resume').map((r) => r.at)).toEqual([23_000_000]);
  });

  it("an inner crash's end does not restart a node an outer crash keeps down", () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: quiet }],
      faults: faults([
        { kind: 'crash', at: '1s', duration: '20s', node: 'n' },
        { kind: 'crash', at: '2s', duration: '1s', node: 'n' },
      ]),
    });
    expect(ofType(trace, 'restart').map((r) => r.at)).toEqual([21_000_000]);
  });

  it('messages held by a clog do not cross a partition that is active when the clog ends', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sendAt(6_000_000, 'b', 'held') },
        { id: 'b', model: quiet },
      ],
      network: constantNet('1ms'),
      faults: faults([
        { kind: 'clog', at: '5s', duration: '5s', from: ['a'], to: ['b'] },
        { kind: 'partition', at: '7s', duration: '13s', groups: [['a'], ['b']] },
      ]),
    });
    expect(ofType(trace, 'deliver')).toEqual([]);
    expect(ofType(trace, 'drop').map((d) => [d.at, d.reason])).toEqual([[10_000_000, 'partition']]);
  });

  it('a message on the wire when a partition starts is dropped on arrival', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sendAt(1_000_000, 'b', 'in flight') },
        { id: 'b', model: quiet },
      ],
      network: constantNet('500ms'),
      faults: faults([{ kind: 'partition', at: '1100ms', duration: '5s', groups: [['a'], ['b']] }]),
    });
    expect(ofType(trace, 'deliver')).toEqual([]);
    expect(ofType(trace, 'drop').map((d) => [d.at, d.reason])).toEqual([[1_500_000, 'partition']]);
  });

  it('a swizzle shorter than its ramp still releases every node after clogging it', () => {
    const swizzle = faults([{ kind: 'swizzle', at: '0s', duration: '1s', interval: '1s' }]);
    // 3 nodes, 1 s apart, 1 s duration: releases start after the last clog (at 2 s + 0).
    const { trace, result } = runWorld({
      nodes: [
        { id: 'a', model: sendAt(500_000, 'b', 'x') },
        { id: 'b', model: quiet },
        { id: 'c', model: quiet },
      ],
      network: constantNet('1ms'),
      faults: swizzle,
      untilUs: 60_000_000,
    });
    // a→b flows again when b (released 2nd, at 3 s) and a (3rd, at 4 s) are both released.
    expect(ofType(trace, 'deliver').map((d) => d.at)).toEqual([4_001_000]);
    expect(result.network.held).toBe(1);
    expect(ofType(trace, 'fault').map((f) => [f.phase, f.at])).toEqual([
      ['start', 0],
      ['end', 4_000_000],
    ]);
    // Checks read the same moment from the executed timeline.
    expect(result.timeline.faults[0]).toMatchObject({ startUs: 0, endUs: 4_000_000, endedBy: 'released' });
  });

  it('a heal releases a swizzle at once, and its later steps change nothing', () => {
    const { trace } = runWorld({
      nodes: [
        { id: 'a', model: sendAt(3_000_000, 'b', 'after heal') },
        { id: 'b', model: quiet },
      ],
      network: constantNet('1ms'),
      faults: faults([
        { kind: 'swizzle', at: '0s', duration: '20s', interval: '100ms' },
        { kind: 'heal', at: '2s' },
      ]),
    });
    expect(ofType(trace, 'deliver').map((d) => d.at)).toEqual([3_001_000]);
  });
});
