import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fmt } from '../../sim/checks/common.js';
import { checkSchema } from '../../sim/checks/index.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { Run, s } from './helpers.js';

const wait = (r: Run, t: number, row: string, tx: string, waited: number, outcome = 'granted', node = 'db') =>
  r.effect(t, node, 'lock-wait', row, { tx, waitedUs: s(waited), outcome });

describe('no-deadlock', () => {
  it('passes with waits within the bound and no deadlock', () => {
    const r = new Run();
    wait(r, 1, 'account-a', 'tx-1', 0.2);
    wait(r, 2, 'account-b', 'tx-2', 1.5, 'timeout');
    const v = r.check({ check: 'no-deadlock', maxLockWait: '2s' });
    expect(v).toMatchObject({ ok: true, measured: { waits: 2, maxWaitUs: s(1.5), overBound: 0, timeouts: 1, deadlocks: 0 } });
    expect(v.detail).toBe('2 lock waits, the longest 1.5s (bound 2s); no deadlock.');
  });

  it('a wait over the bound: the moment the bound passed, the transaction, the row and how long', () => {
    const r = new Run();
    wait(r, 1, 'account-a', 'tx-1', 0.2);
    const long = wait(r, 6, 'account-a', 'tx-7', 2.5);
    const longer = wait(r, 9, 'account-b', 'tx-8', 4);
    const v = r.check({ check: 'no-deadlock', maxLockWait: '2s' });
    // tx-7 waited from 3.5s: the bound passed at 5.5s.
    expect(v).toMatchObject({ ok: false, at: s(5.5), effects: [long, longer], measured: { overBound: 2, maxWaitUs: s(4) } });
    expect(v.detail).toBe(
      'tx-7 waited for the lock on account-a (granted) for 2.5s on db until 6s, over the 2s bound. In all: 2 lock waits over 2s (the longest 4s).',
    );
    expect(r.check({ check: 'no-deadlock', maxLockWait: '4s' }).ok).toBe(true);
    // Without a bound, only deadlocks count.
    expect(r.check({ check: 'no-deadlock' }).ok).toBe(true);
  });

  it('a deadlock is a violation even though the database resolved it, beyond the allowed count', () => {
    const r = new Run();
    wait(r, 1.011, 'b', 'A', 0.008, 'deadlock');
    const first = r.effect(1.011, 'db', 'deadlock', 'A', { cycle: ['B', 'C', 'A'] });
    const second = r.effect(3, 'db', 'deadlock', 'tx-9', { cycle: ['tx-4', 'tx-9'] });
    const v = r.check({ check: 'no-deadlock' });
    expect(v).toMatchObject({ ok: false, at: s(1.011), effects: [first], measured: { deadlocks: 2, waits: 1 } });
    expect(v.detail).toBe('2 deadlocks (none allowed); the first at 1.011s on db: B → C → A → B, A rolled back.');
    const one = r.check({ check: 'no-deadlock', deadlocks: 1 });
    expect(one).toMatchObject({ ok: false, at: s(3), effects: [second] });
    expect(one.detail).toBe('2 deadlocks (at most 1 allowed); deadlock 2 at 3s on db: tx-4 → tx-9 → tx-4, tx-9 rolled back.');
    expect(r.check({ check: 'no-deadlock', deadlocks: 2 })).toMatchObject({ ok: true });
    expect(r.check({ check: 'no-deadlock', deadlocks: 2 }).detail).toBe('1 lock wait, the longest 8ms; 2 deadlocks (at most 2 allowed).');
  });

  it('reports the earliest of a long wait and a deadlock, and sums up both', () => {
    const r = new Run();
    r.effect(1, 'db', 'deadlock', 'tx-2', { cycle: ['tx-1', 'tx-2'] });
    wait(r, 4, 'hot', 'tx-3', 3.5);
    const v = r.check({ check: 'no-deadlock', maxLockWait: '1s' });
    expect(v).toMatchObject({ ok: false, at: s(1) });
    expect(v.detail).toBe(
      '1 deadlock (none allowed); the first at 1s on db: tx-1 → tx-2 → tx-1, tx-2 rolled back. In all: 1 lock wait over 1s (the longest 3.5s); 1 deadlock.',
    );
  });

  it('reads other effect names, on one node; a wait without waitedUs is a violation when bounded', () => {
    const r = new Run();
    r.effect(4, 'pg', 'row-wait', 'k', { tx: 't1', waitedUs: s(3) });
    wait(r, 6, 'k', 't2', 5, 'granted', 'mysql');
    const custom = { check: 'no-deadlock', waitEffect: 'row-wait', deadlockEffect: 'cycle', maxLockWait: '1s' } as const;
    expect(r.check(custom)).toMatchObject({ ok: false, at: s(2), measured: { waits: 1 } });
    expect(r.check({ check: 'no-deadlock', maxLockWait: '1s', node: 'pg' })).toMatchObject({ ok: false, measured: { waits: 0 } });
    expect(r.check({ check: 'no-deadlock', maxLockWait: '1s', node: 'mysql' })).toMatchObject({ ok: false, at: s(2), measured: { waits: 1, maxWaitUs: s(5) } });
    const bad = new Run();
    const broken = bad.effect(1, 'db', 'lock-wait', 'k', { tx: 't1' });
    expect(bad.check({ check: 'no-deadlock', maxLockWait: '1s' })).toMatchObject({ ok: false, at: s(1), effects: [broken] });
    expect(bad.check({ check: 'no-deadlock', maxLockWait: '1s' }).detail).toBe('lock-wait k (effect 0, on db at 1s) has no waitedUs (value {"tx":"t1"}).');
    expect(bad.check({ check: 'no-deadlock' }).ok).toBe(true);
  });

  it('judged nothing fails unless allowEmpty', () => {
    const r = new Run();
    r.effect(1, 'db', 'write', 'k', { value: 1, version: 1 });
    const v = r.check({ check: 'no-deadlock', maxLockWait: '1s' });
    expect(v).toMatchObject({ ok: false, measured: { waits: 0, deadlocks: 0 } });
    expect(v.detail).toBe(
      'judged nothing: no lock-wait nor deadlock effect (no transaction ever waited for a lock); set `allowEmpty: true` if that is expected.',
    );
    expect(r.check({ check: 'no-deadlock', allowEmpty: true })).toMatchObject({ ok: true });
  });

  it('rejects bad bounds and counts at their field', () => {
    const bad = (extra: Record<string, unknown>) => checkSchema.safeParse({ check: 'no-deadlock', ...extra }).error?.issues[0];
    expect(bad({ maxLockWait: '0s' })).toMatchObject({ path: ['maxLockWait'] });
    expect(bad({ deadlocks: -1 })).toMatchObject({ path: ['deadlocks'] });
    expect(bad({ deadlocks: 1.5 })).toMatchObject({ path: ['deadlocks'] });
    expect(bad({ waitEffect: '' })).toMatchObject({ path: ['waitEffect'] });
  });

  it("through a real run: the database block's deadlock example has deadlocks, each named with its cycle", () => {
    const file = 'docs/examples/blocks/database.yaml';
    const text = `${readFileSync(file, 'utf8').trimEnd()}\n  - check: no-deadlock\n    maxLockWait: 2s\n  - { check: no-deadlock, name: tolerant, maxLockWait: 2s, deadlocks: 1000 }\n`;
    const parsed = parseScenario(text, file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const run = runScenario(parsed.scenario, { variant: 'retry' });
    const strict = run.checks.find((c) => c.name === 'no-deadlock')!;
    const deadlocks = run.effects.flatMap((e, i) => (e.kind === 'deadlock' ? [i] : []));
    expect(deadlocks.length).toBeGreaterThan(10);
    const first = run.effects[deadlocks[0]!]!;
    expect(strict).toMatchObject({ ok: false, at: first.time, effects: [deadlocks[0]], measured: { deadlocks: deadlocks.length, overBound: 0 } });
    const cycle = (first.value as { cycle: string[] }).cycle;
    expect(strict.detail).toBe(
      `${deadlocks.length} deadlocks (none allowed); the first at ${fmt(first.time)} on db: ${[...cycle, cycle[0]].join(' → ')}, ${first.key} rolled back.`,
    );
    // Waits end by the 1 s lock wait timeout: within a 2 s bound.
    const tolerant = run.checks.find((c) => c.name === 'tolerant')!;
    expect(tolerant.ok).toBe(true);
    expect(tolerant.measured!.waits).toBeGreaterThan(deadlocks.length);
    expect(tolerant.measured!.maxWaitUs).toBeLessThanOrEqual(1_000_000);
  });

  it('through a real run: a batch holding a row lock for 3 s makes online writes wait past the bound', () => {
    const scenario = {
      name: 'no-deadlock-run',
      duration: '8s',
      nodes: [
        {
          id: 'db',
          model: 'database',
          params: {
            lockWaitTimeout: '5s',
            queryTime: { dist: 'constant', value: '1ms' },
            procedures: { batch: { ops: [{ f: 'lock', key: 'orders' }], hold: '3s' }, order: { ops: [{ f: 'put', key: 'orders' }] } },
          },
        },
      ],
      workload: [
        { name: 'nightly', clients: 1, target: 'db', arrival: { process: 'burst', at: '1s', count: 1 }, ops: [{ f: 'batch' }] },
        { name: 'shop', clients: 2, target: 'db', arrival: { process: 'constant', rate: '10/s' }, ops: [{ f: 'order' }], until: '6s' },
      ],
      variants: { v: {} },
      checks: [{ check: 'no-deadlock', maxLockWait: '2s' }],
    };
    const parsed = parseScenario(JSON.stringify(scenario), 'no-deadlock.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const run = runScenario(parsed.scenario);
    const v = run.checks[0]!;
    expect(v.ok).toBe(false);
    const e = run.effects[v.effects![0]!]!;
    const value = e.value as { tx: string; waitedUs: number; outcome: string };
    expect(e).toMatchObject({ kind: 'lock-wait', key: 'orders', node: 'db' });
    expect(value.outcome).toBe('granted');
    expect(value.waitedUs).toBeGreaterThan(2_000_000);
    // The first order to wait came just after the batch took the lock at 1 s: the bound passed 2 s later.
    expect(v.at).toBe(e.time - value.waitedUs + 2_000_000);
    expect(v.at).toBeGreaterThan(s(3));
    expect(v.at).toBeLessThan(s(3.2));
    expect(v.measured).toMatchObject({ deadlocks: 0, timeouts: 0 });
    expect(v.measured!.overBound).toBeGreaterThan(5);
    expect(v.detail).toMatch(
      /^tx-\S+ waited for the lock on orders \(granted\) for 2\.\d+s on db until 4\.\d+s, over the 2s bound\. In all: \d+ lock waits over 2s \(the longest 2\.9\d+s\)\.$/,
    );
  });
});
