import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { Run, s } from './helpers.js';

const revocation = { check: 'never-after', effect: 'accepted', after: 'revoked', grace: '500ms' } as const;

describe('never-after', () => {
  it('passes when every effect after the revocation falls within the grace, the boundary included', () => {
    const r = new Run();
    r.effect(1, 'api', 'accepted', 'tok-1');
    r.effect(2, 'auth', 'revoked', 'tok-1');
    r.effect(2.3, 'api', 'accepted', 'tok-1');
    r.effect(2.5, 'api', 'accepted', 'tok-1');
    const v = r.check(revocation);
    expect(v).toMatchObject({ ok: true, measured: { effects: 3, after: 1, keys: 1, late: 0, maxAfterUs: s(0.5) } });
    expect(v.detail).toBe(
      "1 key had both accepted and revoked effects: no accepted came more than 500ms after the key's first revoked; the latest came 500ms after it.",
    );
  });

  it('reports the key, both effects, their moments and how late, the earliest violation first', () => {
    const r = new Run();
    const revokedA = r.effect(2, 'auth', 'revoked', 'tok-a');
    const revokedB = r.effect(1, 'auth', 'revoked', 'tok-b');
    const lateA = r.effect(3.2, 'api-2', 'accepted', 'tok-a');
    const lateB = r.effect(4, 'api-1', 'accepted', 'tok-b');
    r.effect(5, 'auth', 'revoked', 'tok-b'); // a second revocation: the first one counts
    const v = r.check(revocation);
    expect(v).toMatchObject({ ok: false, at: s(3.2), effects: [lateA, revokedA], measured: { late: 2, keys: 2, maxAfterUs: s(3) } });
    expect(v.detail).toBe(
      'api-2 recorded accepted tok-a at 3.2s, 1.2s after revoked tok-a at 2s on auth (key tok-a; grace 500ms: 700ms late). ' +
        'In all, 2 accepted effects of 2 keys came too late.',
    );
    expect(r.check({ ...revocation, grace: '3s' })).toMatchObject({ ok: true });
    expect(r.check({ ...revocation, grace: '2s' })).toMatchObject({ ok: false, at: s(4), effects: [lateB, revokedB] });
  });

  it('a grace of zero forbids any effect after, not one at the same moment', () => {
    const r = new Run();
    r.effect(2, 'auth', 'revoked', 'k');
    r.effect(2, 'api', 'accepted', 'k');
    expect(r.check({ check: 'never-after', effect: 'accepted', after: 'revoked' }).ok).toBe(true);
    r.effect(2.000001, 'api', 'accepted', 'k');
    expect(r.check({ check: 'never-after', effect: 'accepted', after: 'revoked' })).toMatchObject({ ok: false, at: 2_000_001 });
  });

  it('matches keys through templates and value fields; an effect that cannot be keyed is a violation', () => {
    const r = new Run();
    r.effect(1, 'auth', 'revoked', 'tok-7');
    r.effect(1.2, 'api', 'accepted', 'req-1', { token: 'tok-7' });
    const late = r.effect(2, 'api', 'accepted', 'req-2', { token: 'tok-7' });
    // Without a key template the request ids never meet the token: nothing judged.
    expect(r.check(revocation)).toMatchObject({ ok: false, measured: { keys: 0 } });
    expect(r.check(revocation).detail).toMatch(
      /^judged nothing: no key had both accepted and revoked effects \(2 accepted, 1 revoked\); set `allowEmpty: true`/,
    );
    const byField = r.check({ ...revocation, key: 'token' });
    expect(byField).toMatchObject({ ok: false, at: s(2), effects: [late, 0] });
    expect(byField.detail).toContain('api recorded accepted req-2 at 2s, 1s after revoked tok-7 at 1s on auth (key tok-7;');
    expect(r.check({ ...revocation, key: '{value.token}' })).toEqual(byField);
    // The revocation's key spelled as the accepted value's: `token-{key}` against `{value.token}`.
    const r2 = new Run();
    r2.effect(1, 'auth', 'revoked', '7');
    r2.effect(2, 'api', 'accepted', 'req-2', { token: 'token-7' });
    const unkeyed = r2.effect(3, 'api', 'accepted', 'req-3', { user: 'ann' });
    const v = r2.check({ ...revocation, key: 'token', afterKey: 'token-{key}' });
    expect(v).toMatchObject({ ok: false, at: s(2), measured: { keys: 1, late: 1 } });
    expect(v.detail).toContain('In all, 1 accepted effect of 1 key came too late; 1 effect had no key.');
    const r3 = new Run();
    r3.effect(1, 'auth', 'revoked', 'token-7');
    r3.effect(1.1, 'api', 'accepted', 'req-2', { token: 'token-7' });
    r3.effect(3, 'api', 'accepted', 'req-3', { user: 'ann' });
    expect(r3.check({ ...revocation, key: 'token' })).toMatchObject({ ok: false, at: s(3), effects: [unkeyed] });
    expect(r3.check({ ...revocation, key: 'token' }).detail).toBe(
      "effect 2 (accepted req-3 on api at 3s) has nothing to fill its key template '{value.token}'.",
    );
  });

  it('judged nothing fails unless allowEmpty', () => {
    const r = new Run();
    r.effect(1, 'auth', 'revoked', 'tok-1');
    r.effect(2, 'api', 'accepted', 'tok-2');
    expect(r.check(revocation)).toMatchObject({ ok: false, measured: { keys: 0 } });
    expect(r.check({ ...revocation, allowEmpty: true })).toMatchObject({ ok: true });
    expect(r.check({ ...revocation, allowEmpty: true }).detail).toMatch(/^judged nothing: .*\(allowed: `allowEmpty: true`\)\.$/);
  });

  it('rejects the same kind twice, unknown placeholders and bad field names, at their field', () => {
    const bad = (extra: Record<string, unknown>) => checkSchema.safeParse({ ...revocation, ...extra }).error?.issues[0];
    expect(bad({ after: 'accepted' })).toMatchObject({ path: ['after'], message: '`effect` and `after` must be different effect kinds' });
    expect(bad({ key: '{token}' })).toMatchObject({ path: ['key'], message: expect.stringContaining("unknown placeholder '{token}'") });
    expect(bad({ afterKey: 'a b' })).toMatchObject({ path: ['afterKey'] });
    expect(bad({ key: 'x-{key' })).toMatchObject({ path: ['key'] });
    expect(bad({ grace: '-1s' })).toMatchObject({ path: ['grace'] });
    expect(checkSchema.safeParse({ check: 'never-after', effect: 'accepted' }).success).toBe(false);
  });

  it('through a real run: a blacklist filled 2 s after the revocation is recorded keeps accepting the token', () => {
    // One API server; `revoke` records the revocation, then (naive) takes 2 s before the token is
    // in its blacklist, the way an event crossing a queue does. The fix blacklists it first.
    const scenario = {
      name: 'never-after-run',
      duration: '8s',
      nodes: [
        {
          id: 'api',
          model: 'service',
          params: {
            workers: 8,
            serviceTime: { dist: 'constant', value: '1ms' },
            handlers: {
              use: [{ require: { absent: '{key}', error: '401 revoked' } }, { effect: { kind: 'accepted' } }, { reply: 'ok' }],
              revoke: [{ effect: { kind: 'revoked' } }, { work: { dist: 'constant', value: '2s' } }, { remember: { key: '{key}' } }],
            },
          },
        },
      ],
      workload: [
        {
          name: 'users',
          clients: 2,
          target: 'api',
          arrival: { process: 'poisson', rate: '40/s' },
          ops: [{ f: 'use', keys: 3, keyspace: 'token' }],
          until: '7s',
        },
        { name: 'admin', clients: 1, target: 'api', arrival: { process: 'burst', at: '1s', count: 1 }, ops: [{ f: 'revoke', keys: 3, keyspace: 'token' }] },
      ],
      variants: {
        naive: {},
        fixed: {
          params: {
            api: {
              handlers: {
                use: [{ require: { absent: '{key}', error: '401 revoked' } }, { effect: { kind: 'accepted' } }],
                revoke: [{ remember: { key: '{key}' } }, { effect: { kind: 'revoked' } }],
              },
            },
          },
        },
      },
      checks: [revocation],
    };
    const parsed = parseScenario(JSON.stringify(scenario), 'never-after.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const naive = runScenario(parsed.scenario, { variant: 'naive', seed: 3 });
    const v = naive.checks[0]!;
    expect(v.ok).toBe(false);
    const [accepted, revoked] = v.effects!.map((i) => naive.effects[i]!);
    expect(revoked).toMatchObject({ kind: 'revoked', node: 'api' });
    expect(accepted).toMatchObject({ kind: 'accepted', key: revoked!.key });
    expect(accepted!.time - revoked!.time).toBeGreaterThan(500_000);
    expect(accepted!.time - revoked!.time).toBeLessThan(2_100_000);
    expect(v.at).toBe(accepted!.time);
    expect(v.measured!.late).toBeGreaterThan(5);
    const fixed = runScenario(parsed.scenario, { variant: 'fixed', seed: 3 });
    expect(fixed.checks[0]).toMatchObject({ ok: true, measured: { keys: 1, late: 0 } });
    // The token was still used after the revocation, and refused.
    expect(fixed.history.some((e) => e.type === 'fail' && e.f === 'use')).toBe(true);
  });
});
