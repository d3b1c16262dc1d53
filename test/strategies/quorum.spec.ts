import { describe, expect, it } from 'vitest';
import { majority, QuorumCollector, type QuorumResult } from '../../sim/strategies/quorum.js';
import { TestEnv } from './harness.js';

const nodes = ['a', 'b', 'c', 'd', 'e'];

describe('quorum', () => {
  it('majority of n', () => {
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it('succeeds at the third distinct ack of five, counting a duplicate once', () => {
    const got: QuorumResult[] = [];
    const q = new QuorumCollector(nodes, (r) => got.push(r));
    q.ack('a');
    q.ack('a'); // a re-delivered message
    q.ack('z'); // not a member
    q.ack('b');
    expect(got).toEqual([]);
    q.ack('c');
    q.ack('d');
    expect(got).toEqual([{ kind: 'ok', acks: ['a', 'b', 'c'] }]);
  });

  it('fails as soon as a majority is impossible', () => {
    const got: QuorumResult[] = [];
    const q = new QuorumCollector(nodes, (r) => got.push(r));
    q.ack('a');
    q.nack('b');
    q.nack('c');
    expect(got).toEqual([]);
    q.nack('d');
    expect(got).toEqual([{ kind: 'failed', reason: 'impossible', acks: ['a'], nacks: ['b', 'c', 'd'] }]);
  });

  it('fails at the deadline, and a success cancels the deadline timer', () => {
    const env = new TestEnv();
    const got: { r: QuorumResult; at: number }[] = [];
    const slow = new QuorumCollector(nodes, (r) => got.push({ r, at: env.nowUs }), env, 100_000);
    slow.ack('a');
    env.runAll();
    expect(got).toEqual([{ r: { kind: 'failed', reason: 'deadline', acks: ['a'], nacks: [] }, at: 100_000 }]);
    slow.ack('b');
    slow.ack('c');
    expect(got).toHaveLength(1);
    const fast = new QuorumCollector(['a', 'b', 'c'], () => {}, env, 100_000);
    fast.ack('a');
    fast.ack('b');
    expect(fast.done?.kind).toBe('ok');
    expect(env.pendingTimers).toBe(0);
  });
});
