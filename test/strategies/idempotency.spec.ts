import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../sim/strategies/idempotency.js';
import { DurableStorage } from '../../sim/world/storage.js';

describe('idempotency keys', () => {
  it('runs the first request, returns the stored outcome to a duplicate, and a conflict while in progress', () => {
    const store = new IdempotencyStore<string>(new DurableStorage());
    expect(store.begin('k1')).toEqual({ kind: 'execute' });
    expect(store.begin('k1')).toEqual({ kind: 'conflict' }); // concurrent duplicate: no second execution
    store.complete('k1', 'charged 10');
    expect(store.begin('k1')).toEqual({ kind: 'replay', outcome: 'charged 10' });
    expect(store.begin('k2')).toEqual({ kind: 'execute' });
  });

  it('the stored outcome survives a crash; an in-progress key does not', () => {
    const disk = new DurableStorage();
    const before = new IdempotencyStore<string>(disk);
    before.begin('done');
    before.complete('done', 'ok');
    before.begin('running');
    expect(disk.loseUnsynced()).toBe(0); // complete() synced
    const after = new IdempotencyStore<string>(disk); // the restarted node
    expect(after.begin('done')).toEqual({ kind: 'replay', outcome: 'ok' });
    expect(after.begin('running')).toEqual({ kind: 'execute' });
  });

  it('reports reuse of a key for a different request', () => {
    const store = new IdempotencyStore(new DurableStorage());
    store.begin('k', 'charge 10 to A');
    expect(store.begin('k', 'charge 99 to B')).toEqual({ kind: 'mismatch' });
    store.complete('k', 'ok');
    expect(store.begin('k', 'charge 99 to B')).toEqual({ kind: 'mismatch' });
    expect(store.begin('k', 'charge 10 to A')).toEqual({ kind: 'replay', outcome: 'ok' });
  });

  it('abandon lets a retry run the work again', () => {
    const store = new IdempotencyStore(new DurableStorage());
    store.begin('k');
    store.abandon('k');
    expect(store.begin('k')).toEqual({ kind: 'execute' });
    expect(() => store.complete('other', 1)).toThrow(/without begin/);
  });
});
