import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../sim/index.js';
import { loadBundled, runsOf } from './bundled.js';

/** The budget burns in the clients' own history; the deployer's effects say what it did. */
const S = 1_000_000;
const failures = (r: ScenarioRun) => r.history.filter((h) => h.f === 'request' && h.type !== 'invoke' && h.type !== 'ok');
const invokedIn = (r: ScenarioRun, from: number, to: number) =>
  r.history.filter((h) => h.f === 'request' && h.type === 'invoke' && h.time >= from && h.time < to).length;
const step = (r: ScenarioRun) => r.effects.find((e) => e.kind === 'deploy-step')!.value as { nodes: string[] };

describe('canary-rollback', () => {
  const scenario = loadBundled('canary-rollback.yaml');
  const run = runsOf(scenario);

  it('naive (all at once): v2 reaches every server at 2 s and from then on every request fails with its start error', () => {
    const r = run('naive');
    expect(step(r).nodes).toHaveLength(10);
    const failed = failures(r);
    // The start error, or (a handful) a request in flight when the deploy restarted its server.
    expect(failed.every((h) => h.note === '500 missing setting' || h.note === 'timed out')).toBe(true);
    expect(failed.filter((h) => h.note === 'timed out').length).toBeLessThan(10);
    // Nearly every request after the deploy fails: the whole budget is gone in a fifth of a window.
    expect(failed.filter((h) => h.time >= 2.1 * S && h.time < 6 * S).length / invokedIn(r, 2.1 * S, 6 * S)).toBeGreaterThan(0.97);
    const check = r.checks.find((c) => c.name === 'error-budget')!;
    expect(check.ok).toBe(false);
    expect(check.measured?.burnRate).toBe(20);
  });

  it('canary-no-rollback: only the canary fails, one request in ten, to the end of the run', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('canary-no-rollback', seed);
      expect(step(r).nodes).toEqual(['api-1']);
      expect(r.effects.filter((e) => e.kind === 'rollback')).toEqual([]);
      const failed = failures(r);
      expect(failed.some((h) => h.time > 10 * S)).toBe(true);
      const rate = failed.filter((h) => h.time >= 3 * S && h.time < 10 * S).length / invokedIn(r, 3 * S, 10 * S);
      expect(rate).toBeGreaterThan(0.06);
      expect(rate).toBeLessThan(0.15);
      expect(r.checks.find((c) => c.name === 'error-budget')!.ok).toBe(false);
    }
  });

  it('canary-rollback: the deployer rolls the canary back within a second, and the errors stop there', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('canary-rollback', seed);
      const rollback = r.effects.find((e) => e.kind === 'rollback')!;
      expect((rollback.value as { nodes: string[] }).nodes).toEqual(['api-1']);
      expect(rollback.time).toBeLessThan(3 * S);
      const refused = failures(r).filter((h) => h.note === '500 missing setting');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((h) => h.time >= 2 * S && h.time <= rollback.time + 50_000)).toBe(true);
      // Any other failure is a request in flight when a deploy restarted api-1 (1 s timeout).
      expect(
        failures(r)
          .filter((h) => h.note !== '500 missing setting')
          .every((h) => h.note === 'timed out' && h.time < rollback.time + 1.1 * S),
      ).toBe(true);
      expect(r.checks.find((c) => c.name === 'error-budget')!.measured?.burnRate).toBeLessThan(1);
    }
  });
});
