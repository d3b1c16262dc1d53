import { describe, expect, it } from 'vitest';
import type { Model } from '../../sim/index.js';
import { lwwReplica } from '../../sim/models/lww-replica.js';
import { isResponse, type Response } from '../../sim/models/rpc.js';
import { constantNet, runWorld } from '../world/harness.js';

/** Writes v1 via replica-a at 1 s and, once answered, v2 via replica-b (carrying the stamp it got). */
const session =
  (answers: Response[]): Model =>
  (ctx) => ({
    onStart: () => void ctx.after(1_000_000, () => ctx.send('replica-a', { t: 'req', rid: 1, f: 'write', key: 'x', value: 'v1' })),
    onMessage(_from, msg) {
      if (!isResponse(msg)) return;
      answers.push(msg);
      const seen = (msg as Response & { stamp?: unknown }).stamp;
      if (msg.rid === 1) ctx.send('replica-b', { t: 'req', rid: 2, f: 'write', key: 'x', value: 'v2', seen });
    },
  });

function run(timestamps: 'wall' | 'lamport') {
  const answers: Response[] = [];
  const replica = (peer: string) => lwwReplica.create(lwwReplica.params.parse({ peers: [peer], timestamps }), { nodes: [] });
  const { result } = runWorld({
    nodes: [
      { id: 'replica-a', model: replica('replica-b') },
      { id: 'replica-b', model: replica('replica-a'), clock: { offset: -2_000_000, drift: 0, steps: [] } },
      { id: 'user', model: session(answers) },
    ],
    network: constantNet('5ms'),
    untilUs: 3_000_000,
  });
  const value = (r: string) => (result.nodes[r]!.disk['reg/x'] as { value: string }).value;
  return { answers, a: value('replica-a'), b: value('replica-b') };
}

describe('lww-replica', () => {
  it('wall clocks: both writes are acknowledged, and both replicas converge on v1 (replica-b is 2 s behind)', () => {
    const { answers, a, b } = run('wall');
    expect(answers.map((r) => r.ok)).toEqual([true, true]);
    expect([a, b]).toEqual(['v1', 'v1']);
  });

  it('lamport: the same two writes converge on v2, the causally later one', () => {
    const { a, b } = run('lamport');
    expect([a, b]).toEqual(['v2', 'v2']);
  });
});
