import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { ArrayTraceSink } from '../../sim/index.js';
import { loadBundled } from './bundled.js';

const CRASH_US = 22_000_000;
const scenario = loadBundled('failure-detector.yaml');

function run(variant: string, seed = 1) {
  const sink = new ArrayTraceSink();
  const r = runScenario(scenario, { variant, seed, trace: sink });
  const suspects = r.effects.filter((e) => e.kind === 'suspect' && e.key === 'primary');
  const check = (name: string) => r.checks.find((c) => c.name === name)!;
  return { r, sink, suspects, check };
}

describe('failure-detector', () => {
  it('naive: the monitor suspects the primary while it is up, during the spikes, and then hears from it again', () => {
    for (const seed of [1, 2, 3]) {
      const { sink, suspects, check } = run('naive', seed);
      const whileUp = suspects.filter((e) => e.time < CRASH_US);
      expect(whileUp.length, `seed ${seed}`).toBeGreaterThan(0);
      // The primary was running: no crash or restart in the trace before 22 s, and it kept sending heartbeats.
      expect(sink.events.some((e) => (e.type === 'crash' || e.type === 'restart') && e.at < CRASH_US)).toBe(false);
      for (const s of whileUp) {
        expect(s.time).toBeGreaterThanOrEqual(4_000_000);
        const later = sink.events.find((e) => e.type === 'deliver' && e.from === 'primary' && e.to === 'monitor' && e.at > s.time);
        expect(later, `a heartbeat reached the monitor after the suspicion at ${s.time}`).toBeDefined();
      }
      expect(check('no-false-suspicions').measured!.falseSuspicions).toBe(whileUp.length);
      expect(check('detects-crash').ok).toBe(true);
    }
  });

  it('long-timeout: never suspects the live primary, but notices the crash only after about 5 s', () => {
    const { suspects, check } = run('long-timeout');
    expect(suspects).toHaveLength(1);
    expect(suspects[0]!.time - CRASH_US).toBeGreaterThan(4_500_000);
    expect(check('detects-crash').ok).toBe(false);
    expect(check('detects-crash').at).toBe(CRASH_US + 3_000_000);
  });

  it('phi-accrual: one suspicion, after the crash, within 3 s', () => {
    for (const seed of [1, 2, 3]) {
      const { suspects, r } = run('phi-accrual', seed);
      expect(suspects).toHaveLength(1);
      expect(suspects[0]!.time).toBeGreaterThan(CRASH_US);
      expect(suspects[0]!.time - CRASH_US).toBeLessThan(3_000_000);
      expect(r.verdict).toBe('pass');
    }
  });
});
