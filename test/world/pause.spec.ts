import { describe, expect, it } from 'vitest';
import type { Model } from '../../sim/index.js';
import { constantNet, faults, ofType, runWorld } from './harness.js';

describe('pauses (GC, VM, SIGSTOP)', () => {
  it('queues messages and due timers, runs them in order at resume, and the node can see the jump', () => {
    const seen: string[] = [];
    const victim: Model = (ctx) => ({
      onStart() {
        ctx.setTimer(2_000_000, 'timer-2s');
        ctx.setTimer(3_000_000, 'timer-3s');
      },
      onTimer: (p) => void seen.push(`${p}@${ctx.monotonic()}`),
      onMessage: (from, msg) => void seen.push(`${String(msg)} from ${from}@${ctx.monotonic()}`),
    });
    const sender: Model = (ctx) => ({ onStart: () => void ctx.setTimer(2_500_000), onTimer: () => ctx.send('victim', 'hello') });
    const { trace } = runWorld({
      nodes: [
        { id: 'victim', model: victim },
        { id: 'sender', model: sender },
      ],
      network: constantNet('5ms'),
      faults: faults([{ kind: 'pause', at: '1s', duration: '8s', node: 'victim' }]),
    });
    // Everything that came due during the pause runs at 9 s, in the order it came due.
    expect(seen).toEqual(['timer-2s@9000000', 'hello from sender@9000000', 'timer-3s@9000000']);
    expect(ofType(trace, 'pause')).toEqual([{ type: 'pause', at: 1_000_000, node: 'victim', reason: 'GC' }]);
    expect(ofType(trace, 'resume')).toEqual([{ type: 'resume', at: 9_000_000, node: 'victim', pausedUs: 8_000_000 }]);
    const delivered = ofType(trace, 'deliver');
    expect(delivered.map((d) => d.at)).toEqual([9_000_000]); // sent at 2.5 s, arrived 2.505 s, handled at resume
  });

  it('a model that does not look at its clock after a pause acts on stale belief', () => {
    // The lease story in miniature: the holder checks its lease only when its own renew timer
    // fires; a 15 s pause means it acts at 16 s believing a lease that expired at 10 s.
    const actions: { mono: number; believedValidUntil: number }[] = [];
    const holder: Model = (ctx) => {
      const leaseUntil = 10_000_000;
      return {
        onStart: () => void ctx.setTimer(1_000_000),
        onTimer: () => void actions.push({ mono: ctx.monotonic(), believedValidUntil: leaseUntil }),
      };
    };
    runWorld({ nodes: [{ id: 'holder', model: holder }], faults: faults([{ kind: 'pause', at: '500ms', duration: '15s', node: 'holder' }]) });
    expect(actions).toEqual([{ mono: 15_500_000, believedValidUntil: 10_000_000 }]);
    expect(actions[0]!.mono).toBeGreaterThan(actions[0]!.believedValidUntil);
  });

  it('overlapping pauses resume only when the last one ends', () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: (ctx) => ({ onStart: () => void ctx.setTimer(1_500_000) }) }],
      faults: faults([
        { kind: 'pause', at: '1s', duration: '2s', node: 'n' },
        { kind: 'pause', at: '2s', duration: '3s', node: 'n' },
      ]),
    });
    expect(ofType(trace, 'resume').map((r) => r.at)).toEqual([5_000_000]);
    expect(ofType(trace, 'timer').map((t) => t.at)).toEqual([5_000_000]);
  });
});
