import { describe, expect, it } from 'vitest';
import { loadSheddingPolicy, loadSheddingSchema, WorkQueue, type WorkItem } from '../../sim/strategies/load-shedding.js';
import { ok, scripted, start, TestEnv } from './harness.js';

interface Req extends WorkItem {
  id: number;
}
const queue = (over: Record<string, unknown>, expired: Req[] = []) =>
  new WorkQueue<Req>(loadSheddingSchema.parse({ type: 'load-shedding', ...over }), (r) => expired.push(r));

describe('WorkQueue', () => {
  it('rejects offers past maxQueueSize', () => {
    const q = queue({ maxQueueSize: 2 });
    expect([1, 2, 3].map((id) => q.offer({ id }, 0))).toEqual(['queued', 'queued', 'rejected']);
    expect(q.stats.rejected).toBe(1);
  });

  it('gives nothing past maxInFlight until work finishes', () => {
    const q = queue({ maxInFlight: 1 });
    q.offer({ id: 1 }, 0);
    q.offer({ id: 2 }, 0);
    expect(q.take(0)?.id).toBe(1);
    expect(q.take(0)).toBeUndefined();
    q.finish();
    expect(q.take(0)?.id).toBe(2);
  });

  it('serves newest first with LIFO, oldest first with FIFO', () => {
    const order = (o: string) => {
      const q = queue({ order: o, maxInFlight: 10 });
      [1, 2, 3].forEach((id) => q.offer({ id }, 0));
      return [q.take(0)!.id, q.take(0)!.id, q.take(0)!.id];
    };
    expect(order('lifo')).toEqual([3, 2, 1]);
    expect(order('fifo')).toEqual([1, 2, 3]);
  });

  it('drops work whose caller has given up instead of running it', () => {
    const expired: Req[] = [];
    const q = queue({}, expired);
    q.offer({ id: 1, deadlineUs: 100 }, 0);
    q.offer({ id: 2, deadlineUs: 101 }, 0);
    q.offer({ id: 3 }, 0);
    expect(q.take(100)?.id).toBe(2); // deadline 100 has passed at t = 100
    expect(expired.map((r) => r.id)).toEqual([1]);
    const keep = queue({ dropExpired: false });
    keep.offer({ id: 1, deadlineUs: 100 }, 0);
    expect(keep.take(500)?.id).toBe(1);
  });
});

describe('load shedding policy', () => {
  it('sheds a queued call whose queueTimeout passed before it could run', () => {
    const env = new TestEnv();
    const p = loadSheddingPolicy(loadSheddingSchema.parse({ type: 'load-shedding', maxInFlight: 1, queueTimeout: '50ms' }), env);
    const s = scripted(env, [{ latencyUs: 100_000, outcome: ok(1) }]);
    const first = start(env, p(s.call));
    const second = start(env, p(s.call));
    env.runAll();
    expect(first.outcomes).toEqual([ok(1)]);
    expect(second.outcomes).toEqual([{ kind: 'rejected', by: 'load-shedding' }]);
    expect(second.atUs).toEqual([100_000]);
    expect(s.startsUs).toEqual([0]);
  });
});
