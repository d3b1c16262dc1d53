import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { ArrayTraceSink, type Effect } from '../../sim/index.js';
import { loadBundled } from './bundled.js';

/** The violations must be the real thing, found in what happened, not a flag a model set. */
const leaseValue = (e: Effect) => e.value as { holder: string; token: number };
/** What the database's `write` effect says was put in the row: `{ value: { holder, token, data }, version }`. */
const rowValue = (e: Effect) => (e.value as { value: { holder: string; token: number } }).value;

describe('duplicate-payment', () => {
  const scenario = loadBundled('duplicate-payment.yaml');

  it('naive: some order is really charged twice by the gateway, and the check names it', () => {
    const run = runScenario(scenario, { variant: 'naive', seed: 1 });
    const perOrder = new Map<string, Effect[]>();
    for (const e of run.effects.filter((x) => x.kind === 'charge')) perOrder.set(e.key, [...(perOrder.get(e.key) ?? []), e]);
    // The order that broke the rule first: the earliest second charge.
    const doubled = [...perOrder].filter(([, es]) => es.length > 1).sort(([, a], [, b]) => a[1]!.time - b[1]!.time);
    expect(doubled.length).toBeGreaterThan(0);
    const check = run.checks.find((c) => c.name === 'exactly-once')!;
    expect(check.ok).toBe(false);
    expect(check.detail).toContain(`${doubled[0]![0]} had`);
    expect(check.at).toBe(doubled[0]![1][1]!.time);
  });

  it('idempotency-key: every order invoked is charged at most once, though duplicates reached the API', () => {
    const run = runScenario(scenario, { variant: 'idempotency-key', seed: 1 });
    const charges = run.effects.filter((x) => x.kind === 'charge');
    expect(new Set(charges.map((c) => c.key)).size).toBe(charges.length);
    expect(run.stats.messages.duplicated).toBeGreaterThan(0);
    expect(run.stats.ok).toBeGreaterThan(0);
  });

  it('unique-constraint: the row is inserted before each charge and a second insert is refused; the refused copies are answered in doubt', () => {
    const run = runScenario(scenario, { variant: 'unique-constraint', seed: 1 });
    const charges = run.effects.filter((x) => x.kind === 'charge');
    expect(new Set(charges.map((c) => c.key)).size).toBe(charges.length);
    // The database's own record: one insert (version 1) of payments/<order> per order, before its charge.
    const inserts = run.effects.filter((e) => e.kind === 'write' && e.node === 'db' && (e.value as { version: number }).version === 1);
    expect(new Set(inserts.map((e) => e.key)).size).toBe(inserts.length);
    const insertedAt = new Map(inserts.map((e) => [e.key, e.time]));
    expect(charges.every((c) => insertedAt.get(`payments/${c.key}`)! < c.time)).toBe(true);
    // Duplicates and retries did reach the API, and were told "in doubt", never "failed".
    expect(run.stats.messages.duplicated).toBeGreaterThan(0);
    expect(run.history.filter((h) => h.type === 'info' && h.note?.startsWith('409 duplicate key')).length).toBeGreaterThan(0);
    expect(run.history.filter((h) => h.type === 'fail')).toEqual([]);
  });
});

describe('split-brain', () => {
  const scenario = loadBundled('split-brain.yaml');

  it('naive: storage accepts a write from worker-1 after worker-2 was granted a newer token', () => {
    const run = runScenario(scenario, { variant: 'naive', seed: 1 });
    const grant2 = run.effects.find((e) => e.kind === 'grant' && leaseValue(e).holder === 'worker-2')!;
    expect(grant2).toBeDefined();
    const stale = run.effects.filter((e) => e.kind === 'write' && e.node === 'storage' && rowValue(e).holder === 'worker-1' && e.time > grant2.time);
    expect(stale.length).toBeGreaterThan(0);
    expect(rowValue(stale[0]!).token).toBeLessThan(leaseValue(grant2).token);
    expect(stale[0]!.time).toBeGreaterThanOrEqual(13_000_000); // after the 10 s pause from 3 s
    const check = run.checks.find((c) => c.name === 'no-stale-writes')!;
    expect(check.ok).toBe(false);
    expect(check.at).toBe(stale[0]!.time);
  });

  it('fencing: the stale write reaches storage and is refused there', () => {
    const sink = new ArrayTraceSink();
    const run = runScenario(scenario, { variant: 'fencing', seed: 1, trace: sink });
    const sentByW1AfterWake = sink.events.filter(
      (e) => e.type === 'send' && e.from === 'worker-1' && e.to === 'storage' && e.at >= 13_000_000 && (e.msg as { f?: string }).f === 'put',
    );
    expect(sentByW1AfterWake.length).toBeGreaterThan(0);
    // The database's answer to worker-1's put, on the wire: refused by the row's fencing token.
    const refusals = sink.events.filter(
      (e) => e.type === 'send' && e.from === 'storage' && e.to === 'worker-1' && (e.msg as { error?: string }).error === '409 stale fencing token 1 < 2',
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]!.at).toBeGreaterThan(sentByW1AfterWake[0]!.at);
    const grant2 = run.effects.find((e) => e.kind === 'grant' && leaseValue(e).holder === 'worker-2')!;
    expect(run.effects.filter((e) => e.kind === 'write' && rowValue(e).holder === 'worker-1' && e.time > grant2.time)).toEqual([]);
    expect(run.effects.some((e) => e.kind === 'write' && rowValue(e).holder === 'worker-2')).toBe(true);
  });

  it('the same seed gives the same digest; another seed another', () => {
    const a = runScenario(scenario, { variant: 'naive', seed: 11 }).traceDigest;
    expect(runScenario(scenario, { variant: 'naive', seed: 11 }).traceDigest).toBe(a);
    expect(runScenario(scenario, { variant: 'naive', seed: 12 }).traceDigest).not.toBe(a);
  });
});

describe('clocks at the top level', () => {
  it('apply to every variant, as a variant-level clock would', () => {
    const scenario = loadBundled('split-brain.yaml');
    // drift-no-margin = check-lease + worker-2's slow clock given in the variant; the same
    // clock given at the top level to check-lease must give the very same run.
    const viaTop = { ...scenario, clocks: { 'worker-2': scenario.variants['drift-no-margin']!.clocks['worker-2']! } };
    const a = runScenario(viaTop, { variant: 'check-lease', seed: 4 });
    const b = runScenario(scenario, { variant: 'drift-no-margin', seed: 4 });
    expect(a.traceDigest).toBe(b.traceDigest);
    expect(a.verdict).toBe('fail');
    expect(runScenario(scenario, { variant: 'check-lease', seed: 4 }).traceDigest).not.toBe(a.traceDigest);
  });
});
