import { describe, expect, it } from 'vitest';
import { clockConfigSchema, type Model } from '../../sim/index.js';
import { faults, idle, ofType, runWorld } from './harness.js';

describe('local clocks', () => {
  it('a node whose clock runs fast lets a 10 s lease expire early in true time', () => {
    // +10% drift: 10 s on the node's clock is 10 / 1.1 = 9.0909... s of true time.
    const readings: { mono: number }[] = [];
    const holder: Model = (ctx) => ({
      onStart: () => void ctx.setTimer(10_000_000, 'lease-expired'),
      onTimer: () => void readings.push({ mono: ctx.monotonic() }),
    });
    const { trace } = runWorld({ nodes: [{ id: 'holder', model: holder, clock: clockConfigSchema.parse({ drift: '100000ppm' }) }] });
    const fired = ofType(trace, 'timer');
    expect(fired).toHaveLength(1);
    expect(fired[0]!.at).toBe(9_090_910); // ceil(10e6 / 1.1): a timer never fires early on its own clock
    expect(readings[0]!.mono).toBeGreaterThanOrEqual(10_000_000);
    expect(readings[0]!.mono).toBeLessThan(10_000_002);
  });

  it('a slow clock fires late in true time', () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: (ctx) => ({ onStart: () => void ctx.setTimer(1_000_000) }), clock: clockConfigSchema.parse({ drift: '-500ppm' }) }],
    });
    expect(ofType(trace, 'timer')[0]!.at).toBe(1_000_501); // ceil(1e6 / 0.9995)
  });

  it('the wall clock steps back on an NTP correction; the monotonic clock never does', () => {
    const samples: { wall: number; mono: number }[] = [];
    const sampler: Model = (ctx) => {
      const tick = () => {
        samples.push({ wall: ctx.wallClock(), mono: ctx.monotonic() });
        if (samples.length < 4) ctx.setTimer(1_000_000);
      };
      return { onStart: tick, onTimer: tick };
    };
    runWorld({
      nodes: [{ id: 'n', model: sampler, clock: clockConfigSchema.parse({ offset: '5s' }) }],
      faults: faults([{ kind: 'clock-step', at: '1500ms', node: 'n', by: '-3s' }]),
    });
    expect(samples.map((s) => s.mono)).toEqual([0, 1_000_000, 2_000_000, 3_000_000]);
    expect(samples.map((s) => s.wall)).toEqual([5_000_000, 6_000_000, 4_000_000, 5_000_000]);
  });

  it('scheduled steps from the clock config apply at their true time', () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: idle, clock: clockConfigSchema.parse({ steps: [{ at: '2s', by: '250ms' }] }) }],
    });
    expect(ofType(trace, 'clock-step')).toEqual([{ type: 'clock-step', at: 2_000_000, node: 'n', byUs: 250_000 }]);
  });

  it('a wall step does not move a pending timer (timers run on the monotonic clock)', () => {
    const { trace } = runWorld({
      nodes: [{ id: 'n', model: (ctx) => ({ onStart: () => void ctx.setTimer(3_000_000) }) }],
      faults: faults([{ kind: 'clock-step', at: '1s', node: 'n', by: '10s' }]),
    });
    expect(ofType(trace, 'timer')[0]!.at).toBe(3_000_000);
  });
});
