import { describe, expect, it } from 'vitest';
import { LeaseGrantor, LeaseHolder, leaseSchema } from '../../sim/strategies/lease.js';

const config = leaseSchema.parse({ duration: '10s', margin: '1s' });

describe('lease holder', () => {
  it('counts from the request, not the grant, and stops `margin` early', () => {
    const h = new LeaseHolder(config);
    expect(h.isValid(0)).toBe(false);
    h.requested(0);
    h.granted(); // the grant arrives later; the lease still started at the request
    expect(h.isValid(8_999_999)).toBe(true);
    expect(h.isValid(9_000_000)).toBe(false);
    expect(h.remainingUs(4_000_000)).toBe(5_000_000);
  });

  it('a renewal extends from the renewal request', () => {
    const h = new LeaseHolder(config);
    h.requested(0);
    h.granted();
    h.requested(5_000_000);
    h.granted();
    expect(h.isValid(13_999_999)).toBe(true);
    h.release();
    expect(h.isValid(6_000_000)).toBe(false);
  });

  it('refuses a margin as long as the lease', () => {
    expect(() => new LeaseHolder(leaseSchema.parse({ duration: '1s', margin: '1s' }))).toThrow();
  });
});

describe('lease grantor', () => {
  it('grants one holder at a time until the full duration passes on its clock', () => {
    const g = new LeaseGrantor(config);
    expect(g.grant('a', 0)).toEqual({ granted: true, expiresUs: 10_000_000 });
    expect(g.grant('b', 9_999_999)).toEqual({ granted: false, holder: 'a', expiresUs: 10_000_000 });
    expect(g.grant('b', 10_000_000).granted).toBe(true);
    expect(g.holderAt(10_000_001)).toBe('b');
  });

  it('the holder stops before the grantor frees the lease, even with the holder clock 5% slow', () => {
    // holder's clock runs at 0.95 of true time: it stops at 9s on its clock = 9.47s true,
    // the grantor (true clock) frees it at 10s
    const h = new LeaseHolder(config);
    h.requested(0);
    h.granted();
    const trueStopUs = Array.from({ length: 20_000 }, (_, i) => i * 1_000).find((t) => !h.isValid(Math.floor(t * 0.95)))!;
    expect(trueStopUs).toBeLessThan(10_000_000);
    expect(new LeaseGrantor(config).grant('x', 0).expiresUs).toBe(10_000_000);
  });
});
