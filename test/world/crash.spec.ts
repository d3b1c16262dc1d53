import { describe, expect, it } from 'vitest';
import type { Model } from '../../sim/index.js';
import { constantNet, faults, ofType, runWorld } from './harness.js';

describe('crashes', () => {
  const writer: Model = (ctx) => {
    let volatileCounter = 0;
    return {
      onStart() {
        ctx.disk.write('synced', 'a');
        ctx.disk.fsync();
        ctx.disk.write('unsynced', 'b');
        volatileCounter = 41;
        ctx.setTimer(5_000_000, 'late');
      },
      onRecover() {
        ctx.note(`recovered: synced=${ctx.disk.read('synced')} unsynced=${ctx.disk.read('unsynced')} counter=${volatileCounter}`);
      },
      onTimer: (p) => ctx.note(`timer ${String(p)}`),
    };
  };

  it('crash-recovery: unsynced writes and volatile memory are lost, synced writes survive, old timers do not fire', () => {
    const { result, trace } = runWorld({ nodes: [{ id: 'db', model: writer }], faults: faults([{ kind: 'crash', at: '1s', duration: '2s', node: 'db' }]) });
    expect(ofType(trace, 'crash')).toEqual([{ type: 'crash', at: 1_000_000, node: 'db', lostWrites: 1 }]);
    expect(ofType(trace, 'restart')).toEqual([{ type: 'restart', at: 3_000_000, node: 'db' }]);
    expect(ofType(trace, 'note').map((n) => n.text)).toEqual(['recovered: synced=a unsynced=undefined counter=0']);
    expect(ofType(trace, 'timer')).toEqual([]);
    expect(result.nodes['db']!.disk).toEqual({ synced: 'a' });
  });

  it('crash-stop: the node stays down and messages to it are dropped', () => {
    const pinger: Model = (ctx) => ({ onStart: () => void ctx.setTimer(2_000_000), onTimer: () => ctx.send('db', 'ping') });
    const { result, trace } = runWorld({
      nodes: [
        { id: 'db', model: writer },
        { id: 'client', model: pinger },
      ],
      network: constantNet('10ms'),
      faults: faults([{ kind: 'crash', at: '1s', node: 'db' }]),
    });
    expect(result.nodes['db']!.up).toBe(false);
    expect(ofType(trace, 'drop')).toEqual([{ type: 'drop', at: 2_010_000, from: 'client', to: 'db', id: 1, reason: 'node-down' }]);
    expect(result.network.toDownNode).toBe(1);
  });

  it('a callback kept past a crash cannot act for the new incarnation', () => {
    let saved: (() => void) | undefined;
    const leaky: Model = (ctx) => ({
      onStart: () => void (saved = () => ctx.send('peer', 'from-the-dead')),
      onRecover: () => ctx.setTimer(1, 'go'),
      onTimer: () => saved?.(),
    });
    const { trace } = runWorld({
      nodes: [
        { id: 'n', model: leaky },
        { id: 'peer', model: () => ({}) },
      ],
      faults: faults([{ kind: 'crash', at: '1s', duration: '1s', node: 'n' }]),
    });
    expect(ofType(trace, 'send')).toEqual([]);
  });
});
