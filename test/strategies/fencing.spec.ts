import { describe, expect, it } from 'vitest';
import { FencingGuard, FencingTokenIssuer } from '../../sim/strategies/fencing.js';
import { DurableStorage } from '../../sim/world/storage.js';

describe('fencing tokens', () => {
  it('the issuer hands out strictly increasing tokens, also across a crash', () => {
    const disk = new DurableStorage();
    const issuer = new FencingTokenIssuer(disk);
    expect([issuer.next(), issuer.next(), issuer.next()]).toEqual([1, 2, 3]);
    disk.loseUnsynced();
    expect(new FencingTokenIssuer(disk).next()).toBe(4);
  });

  it('the guard rejects a token lower than the highest seen and accepts an equal one', () => {
    const guard = new FencingGuard();
    expect(guard.check(33)).toBe(true);
    expect(guard.check(34)).toBe(true);
    expect(guard.check(33)).toBe(false); // the old holder, back from a pause
    expect(guard.check(34)).toBe(true);
    expect(guard.highestSeen).toBe(34);
  });

  it('a durable guard remembers the highest token across a crash', () => {
    const disk = new DurableStorage();
    new FencingGuard(disk).check(7);
    disk.loseUnsynced();
    expect(new FencingGuard(disk).check(6)).toBe(false);
    expect(new FencingGuard(new DurableStorage()).check(6)).toBe(true);
  });
});
