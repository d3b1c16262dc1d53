import { describe, expect, it } from 'vitest';
import { compareStamps, StampClock, type Stamp } from '../../sim/models/timestamps.js';

/** A wall clock the test moves by hand. */
const wall = (start: number) => {
  const c = { now: start };
  return { c, read: () => c.now };
};

describe('StampClock', () => {
  const v1: Stamp = { l: 5_000_000, c: 0, origin: 'replica-a' }; // stamped by a clock 2 s ahead

  it('wall: a clock that is behind stamps a causally later write as older, whatever it has seen', () => {
    const w = wall(3_000_000);
    const b = new StampClock('wall', 'replica-b', w.read);
    b.observe(v1);
    expect(compareStamps(b.next(), v1)).toBeLessThan(0);
  });

  it('lamport: after observing a stamp, the next one is greater', () => {
    const b = new StampClock('lamport', 'replica-b', () => 0);
    b.observe({ l: 7, c: 0, origin: 'replica-a' });
    expect(b.next()).toEqual({ l: 8, c: 0, origin: 'replica-b' });
    expect(b.next()).toEqual({ l: 9, c: 0, origin: 'replica-b' });
  });

  it('hybrid: stays at the observed time with a counter while its wall clock is behind, then follows the wall clock', () => {
    const w = wall(3_000_000);
    const b = new StampClock('hybrid', 'replica-b', w.read);
    b.observe(v1);
    const s1 = b.next();
    expect(s1).toEqual({ l: 5_000_000, c: 1, origin: 'replica-b' });
    expect(compareStamps(s1, v1)).toBeGreaterThan(0);
    expect(b.next().c).toBe(2);
    w.c.now = 6_000_000;
    expect(b.next()).toEqual({ l: 6_000_000, c: 0, origin: 'replica-b' });
  });

  it('equal stamps are ordered by origin, so every replica picks the same winner', () => {
    const a: Stamp = { l: 1, c: 0, origin: 'replica-a' };
    const b: Stamp = { l: 1, c: 0, origin: 'replica-b' };
    expect(compareStamps(a, b)).toBeLessThan(0);
    expect(compareStamps(b, a)).toBeGreaterThan(0);
    expect(compareStamps(a, { ...a })).toBe(0);
  });
});
