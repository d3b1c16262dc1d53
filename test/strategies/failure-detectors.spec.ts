import { describe, expect, it } from 'vitest';
import {
  createFailureDetector,
  failureDetectorSchema,
  FixedTimeoutDetector,
  PhiAccrualDetector,
  phiOf,
  type PhiAccrualConfig,
} from '../../sim/strategies/failure-detectors.js';

const phiConfig = (over: Record<string, unknown> = {}) => failureDetectorSchema.parse({ type: 'phi-accrual', ...over }) as PhiAccrualConfig;

/** The normal upper tail 1 - CDF(y), computed independently of the detector. */
function normalTail(y: number): number {
  // Simpson's rule on the normal density from y to y + 12: accurate to ~1e-12 for |y| < 5.
  const f = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const n = 20_000;
  const h = 12 / n;
  let s = f(y) + f(y + 12);
  for (let i = 1; i < n; i++) s += f(y + i * h) * (i % 2 === 0 ? 2 : 4);
  return (s * h) / 3;
}

describe('fixed timeout detector', () => {
  it('suspects exactly `timeout` after the last heartbeat', () => {
    const d = new FixedTimeoutDetector(5_000_000);
    expect(d.isAvailable(100_000_000)).toBe(true); // nothing heard yet: nothing to suspect
    d.heartbeat(1_000_000);
    expect(d.isAvailable(5_999_999)).toBe(true);
    expect(d.isAvailable(6_000_000)).toBe(false);
  });
});

describe('phi accrual detector (Akka)', () => {
  it("has Akka cluster's defaults", () => {
    const c = phiConfig();
    expect([c.threshold, c.maxSampleSize, c.minStdDeviation, c.acceptableHeartbeatPause, c.firstHeartbeatEstimate]).toEqual([
      8, 1000, 100_000, 3_000_000, 1_000_000,
    ]);
  });

  it('phi follows -log10(1 - CDF) of a normal distribution', () => {
    const mean = 4_000_000;
    const std = 250_000;
    expect(phiOf(mean, mean, std)).toBeCloseTo(Math.log10(2), 6);
    for (const y of [1, 2, 3]) expect(phiOf(mean + y * std, mean, std)).toBeCloseTo(-Math.log10(normalTail(y)), 1);
  });

  it('phi is 0 before any heartbeat and rises with silence', () => {
    const d = new PhiAccrualDetector(phiConfig());
    expect(d.phi(50_000_000)).toBe(0);
    for (let t = 0; t <= 10_000_000; t += 1_000_000) d.heartbeat(t);
    const phis = [0, 1, 2, 3, 3.5, 3.8, 4, 4.3, 4.5, 5, 6].map((s) => d.phi(10_000_000 + s * 1_000_000));
    for (let i = 1; i < phis.length; i++) expect(phis[i]!).toBeGreaterThanOrEqual(phis[i - 1]!);
    // far below the mean the CDF rounds to 0 (phi 0, as in Akka); from 3.5s of silence on it climbs
    for (let i = 5; i < phis.length; i++) expect(phis[i]!).toBeGreaterThan(phis[i - 1]!);
    expect(phis[0]).toBe(0);
    // mean interval 1s + 3s acceptable pause: half-way suspicion (phi = log10 2) at 4s of silence
    expect(d.phi(14_000_000)).toBeCloseTo(Math.log10(2), 6);
    expect(d.isAvailable(14_300_000)).toBe(true);
    expect(d.isAvailable(15_000_000)).toBe(false);
  });

  it('a heartbeat after a suspected failure does not enter the history', () => {
    const d = new PhiAccrualDetector(phiConfig());
    for (let t = 0; t <= 10_000_000; t += 1_000_000) d.heartbeat(t);
    const before = d.phi(10_000_000 + 4_200_000);
    d.heartbeat(60_000_000); // 50s gap: phi was far past 8
    expect(d.phi(60_000_000 + 4_200_000)).toBeCloseTo(before, 12);
  });

  it('a jittery history raises the standard deviation, so the same silence is less suspicious', () => {
    const steady = new PhiAccrualDetector(phiConfig({ acceptableHeartbeatPause: '0s' }));
    const jittery = new PhiAccrualDetector(phiConfig({ acceptableHeartbeatPause: '0s' }));
    let t = 0;
    for (let i = 0; i < 20; i++) {
      steady.heartbeat(i * 1_000_000);
      t += i % 2 === 0 ? 500_000 : 1_500_000;
      jittery.heartbeat(t);
    }
    expect(jittery.phi(t + 2_000_000)).toBeLessThan(steady.phi(19_000_000 + 2_000_000));
  });

  it('createFailureDetector builds either kind', () => {
    expect(createFailureDetector(failureDetectorSchema.parse({ type: 'fixed-timeout', timeout: '2s' }))).toBeInstanceOf(FixedTimeoutDetector);
    expect(createFailureDetector(phiConfig())).toBeInstanceOf(PhiAccrualDetector);
  });
});
