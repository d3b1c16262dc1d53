import { describe, expect, it } from 'vitest';
import { describeMessage, Narrator } from '../../reports/narrate.js';
import type { TraceEvent } from '../../sim/world/trace.js';

const req = { t: 'req', rid: 3, f: 'charge', key: 'order-7' };

describe('Narrator', () => {
  it('tells messages, drops and replies in plain words, naming the key a reply is about', () => {
    const n = new Narrator();
    const events: TraceEvent[] = [
      { type: 'send', at: 3_200_000, from: 'client-1', to: 'api', id: 1, msg: req },
      { type: 'drop', at: 3_200_000, from: 'client-1', to: 'api', id: 1, reason: 'loss' },
      { type: 'send', at: 3_300_000, from: 'client-1', to: 'api', id: 2, msg: req },
      { type: 'deliver', at: 3_301_000, from: 'client-1', to: 'api', id: 2, msg: req, duplicate: true },
      { type: 'send', at: 3_400_000, from: 'api', to: 'client-1', id: 3, msg: { t: 'res', rid: 3, ok: false, error: 'busy' } },
      { type: 'duplicate', at: 3_400_000, from: 'api', to: 'client-1', id: 3 },
      { type: 'hold', at: 3_400_000, from: 'api', to: 'client-1', id: 99 },
    ];
    expect(events.map((e) => n.narrate(e))).toEqual([
      'client-1 → api: charge order-7',
      'client-1 → api: charge order-7 (lost)',
      'client-1 → api: charge order-7',
      'api ← client-1: charge order-7 (a duplicate copy)',
      'api → client-1: reply error: busy (order-7)',
      'api → client-1: reply error: busy (order-7) (duplicated by the network)',
      'api → client-1: message #99 (held on a clogged link)',
    ]);
    expect(events.map((e) => n.subject(e))).toEqual(['order-7', 'order-7', 'order-7', 'order-7', 'order-7', 'order-7', undefined]);
  });

  it('tells node events and operations', () => {
    const n = new Narrator();
    const say = (e: TraceEvent) => n.narrate(e);
    expect(say({ type: 'pause', at: 12_004_000, node: 'node-b', reason: 'GC' })).toBe('node-b paused (GC)');
    expect(say({ type: 'resume', at: 20_004_000, node: 'node-b', pausedUs: 8_000_000 })).toBe('node-b resumed after 8s frozen');
    expect(say({ type: 'crash', at: 1, node: 'db', lostWrites: 2 })).toBe('db crashed (2 unsynced writes lost)');
    expect(say({ type: 'clock-step', at: 1, node: 'db', byUs: -2_000_000 })).toBe("db's wall clock jumped back 2s");
    expect(say({ type: 'timer', at: 1, node: 'db', timer: 4 })).toBeUndefined();
    expect(say({ type: 'op', at: 1_000_000, entry: { type: 'invoke', op: 5, process: 'client-1', f: 'charge', key: 'o-1', time: 1_000_000 } })).toBe(
      'client-1 invokes charge o-1 (op 5)',
    );
    expect(
      say({ type: 'op', at: 2_000_000, entry: { type: 'info', op: 5, process: 'client-1', f: 'charge', key: 'o-1', time: 2_000_000, note: 'timed out' } }),
    ).toBe('client-1: charge o-1 outcome unknown after 1s: timed out');
    expect(say({ type: 'effect', at: 1, effect: { time: 1, node: 'pg', kind: 'charge', key: 'o-1' } })).toBe('pg: charge o-1 took effect');
    expect(say({ type: 'fault', at: 1, phase: 'start', index: 0, fault: { kind: 'pause', at: 0, node: 'pg', duration: 8_000_000, reason: 'GC' } })).toBe(
      'fault begins: pg paused for 8s (GC)',
    );
  });

  it('describes unknown message shapes as short JSON', () => {
    expect(describeMessage({ type: 'vote', key: 'term-3' })).toBe('vote term-3');
    expect(describeMessage([1, 2, 3])).toBe('[1,2,3]');
    expect(describeMessage({ a: 'x'.repeat(100) })).toHaveLength(48);
  });
});
