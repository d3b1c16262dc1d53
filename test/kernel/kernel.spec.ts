import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';

describe('Kernel run loop', () => {
  it('stops at the time limit without running later events', () => {
    const seen: number[] = [];
    const k: Kernel<number> = new Kernel((e) => seen.push(e));
    k.schedule(10, 1);
    k.schedule(30, 2);
    const out = k.run({ untilUs: 20 });
    expect(out).toEqual({ stopReason: 'time-limit', now: 20, events: 1 });
    expect(seen).toEqual([1]);
    expect(k.run().stopReason).toBe('quiescent');
    expect(seen).toEqual([1, 2]);
  });

  it('ends a runaway run at its event budget and says so', () => {
    const k: Kernel<number> = new Kernel(() => k.schedule(k.now + 1, 0)); // reschedules itself forever
    k.schedule(0, 0);
    const out = k.run({ maxEvents: 1000 });
    expect(out.stopReason).toBe('event-budget');
    expect(out.events).toBe(1000);
    expect(out.now).toBe(999);
  });

  it('a run that runs out of events before its time limit still ends at the limit', () => {
    const k: Kernel<number> = new Kernel(() => undefined);
    k.schedule(10, 1);
    expect(k.run({ untilUs: 50 })).toEqual({ stopReason: 'quiescent', now: 50, events: 1 });
  });

  it('refuses to schedule in the past', () => {
    const k: Kernel<number> = new Kernel(() => undefined);
    k.schedule(5, 0);
    k.run();
    expect(() => k.schedule(4, 0)).toThrow(/past/);
  });
});
