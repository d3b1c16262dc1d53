import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../sim/index.js';
import { loadBundled, runsOf } from './bundled.js';

/** The violation is the servers' own record of accepting the revoked token, not a flag. */
const S = 1_000_000;

describe('jwt-revocation', () => {
  const scenario = loadBundled('jwt-revocation.yaml');
  const run = runsOf(scenario);
  const revokedAt = (r: ScenarioRun) => r.effects.find((e) => e.kind === 'revoked' && e.key === 'stolen-0')!.time;
  const acceptedAfter = (r: ScenarioRun, after: number) => r.effects.filter((e) => e.kind === 'accepted' && e.key === 'stolen-0' && e.time > after);

  it('naive: only the partitioned api-2 accepts the revoked token, for as long as the queue cannot reach it', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('naive', seed);
      const revoked = revokedAt(r);
      const late = acceptedAfter(r, revoked + S);
      expect(late.length).toBeGreaterThan(10);
      expect(new Set(late.map((e) => e.node))).toEqual(new Set(['api-2']));
      // api-1 and api-3 got the revocation at once: nothing accepted from them 100 ms after it.
      expect(acceptedAfter(r, revoked + 100_000).filter((e) => e.node !== 'api-2')).toEqual([]);
      // api-2's blacklist stays empty through the partition (1.9 s to 5 s).
      expect(r.series.nodes['api-2']!.remembered!.values.slice(2, 5)).toEqual([0, 0, 0]);
      const check = r.checks.find((c) => c.name === 'not-after-revocation')!;
      expect(check.ok).toBe(false);
      expect(check.at).toBe(late[0]!.time);
      expect(check.measured?.late).toBe(late.length);
    }
  });

  it('shared-lookup: no server accepts the token after the revocation, but users pay a round trip and are refused while auth is slow', () => {
    const r = run('shared-lookup');
    expect(acceptedAfter(r, revokedAt(r))).toEqual([]);
    const user = r.history.filter((h) => h.f === 'request' && h.type === 'fail');
    expect(user.length).toBeGreaterThan(0);
    // Fail closed: the refusals are the lookups that timed out during auth's slowdown (4 s to 4.5 s).
    expect(user.every((h) => h.note?.startsWith('502 auth failed'))).toBe(true);
    expect(user.every((h) => h.time >= 4 * S && h.time < 4.7 * S)).toBe(true);
    const naive = run('naive');
    const p50 = (x: ScenarioRun) => x.stats.perOperation.request!.latency!.p50Us;
    expect(p50(r) - p50(naive)).toBeGreaterThan(3_000);
  });

  it('short-lifetime: the token is accepted for at most a second after its revocation, by any server, and users are not refused', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('short-lifetime', seed);
      const revoked = revokedAt(r);
      expect(acceptedAfter(r, revoked + S)).toEqual([]);
      expect(acceptedAfter(r, revoked).length).toBeGreaterThan(0); // the exposure window is real
      expect(r.history.filter((h) => h.f === 'request' && h.type !== 'invoke' && h.type !== 'ok')).toEqual([]);
    }
  });
});
