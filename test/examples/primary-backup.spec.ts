import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// As a user's project would: the package by name (in this repository it resolves to its own build).
import { parseScenario, runScenario, sweep, type HistoryEntry, type Scenario } from 'faultline';
import primaryBackup from '../../examples/primary-backup/models/primary-backup.js';
import { inProcess } from '../cli/cli.js';

/**
 * examples/primary-backup: a model of one's own, tested with vitest. The model module is imported
 * like any other and handed to the scenario by the `model:` text the scenario file writes.
 */
const FILE = 'examples/primary-backup/primary-backup.yaml';
const models = { './models/primary-backup.ts': primaryBackup };
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function load(): Scenario {
  const r = parseScenario(readFileSync(FILE, 'utf8'), FILE, { models });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line ?? '?'}: ${i.message}`).join('\n'));
  return r.scenario;
}

interface Op {
  op: number;
  f: string;
  key: string;
  value: unknown;
  invokedAt: number;
  completedAt: number;
}

/** The history's completed-ok operations, each with its invoke's value (a write's) or its completion's (a read's). */
function okOps(history: HistoryEntry[]): Op[] {
  const invokes = new Map<number, HistoryEntry>();
  const out: Op[] = [];
  for (const e of history) {
    if (e.type === 'invoke') invokes.set(e.op, e);
    else if (e.type === 'ok') {
      const inv = invokes.get(e.op)!;
      out.push({ op: e.op, f: e.f, key: e.key!, value: e.f === 'read' ? (e.value ?? null) : inv.value, invokedAt: inv.time, completedAt: e.time });
    }
  }
  return out;
}

/**
 * The violation in plain terms, found without the checker: a read that returned a value older
 * than an acknowledged write it follows. `older` is the acknowledged write of the value read (or
 * the initial null), `newer` an acknowledged write of another value that began after `older` had
 * completed and completed before the read began. Write values are unique, so no order of these
 * three operations lets the read see `older`'s value.
 */
function staleRead(history: HistoryEntry[]): { read: Op; older: Op | undefined; newer: Op } | undefined {
  const ops = okOps(history);
  const writes = ops.filter((o) => o.f === 'write');
  for (const read of ops.filter((o) => o.f === 'read')) {
    const older = read.value === null ? undefined : writes.find((w) => w.key === read.key && w.value === read.value);
    if (read.value !== null && older === undefined) continue; // the value's write never completed: no bound on when it took effect
    const newer = writes.find(
      (w) => w.key === read.key && w.value !== read.value && w.completedAt < read.invokedAt && (older === undefined || older.completedAt < w.invokedAt),
    );
    if (newer !== undefined) return { read, older, newer };
  }
  return undefined;
}

describe('examples/primary-backup', () => {
  const scenario = load();

  it('naive failover: a read after the heal returns a value an acknowledged write had replaced', () => {
    const run = runScenario(scenario, { models, variant: 'naive', seed: 1 });
    const check = run.checks.find((c) => c.name === 'linearizable')!;
    expect(check.ok).toBe(false);
    const stale = staleRead(run.history);
    expect(stale, 'a stale read in the history').toBeDefined();
    const { read, older, newer } = stale!;
    // The old primary n1 answered it, after the partition (5s to 10s) had healed...
    expect(read.invokedAt).toBeGreaterThanOrEqual(10_000_000);
    // ...with what it had before the partition, while the write that replaced it was acknowledged during it.
    expect(older!.completedAt).toBeLessThan(5_000_000);
    expect(newer.completedAt).toBeGreaterThan(5_000_000);
  });

  it('naive failover fails linearizable on every one of seeds 1..20, each time with a stale read to show', () => {
    for (const seed of SEEDS) {
      const run = runScenario(scenario, { models, variant: 'naive', seed });
      expect(run.checks.find((c) => c.name === 'linearizable')!.ok, `seed ${seed}`).toBe(false);
      expect(staleRead(run.history), `seed ${seed}`).toBeDefined();
    }
  });

  it('fenced failover holds on seeds 1..20, and every cell is as the scenario expects', () => {
    const result = sweep(scenario, { seeds: SEEDS, models });
    const fenced = result.variants.find((v) => v.variant === 'fenced')!;
    for (const check of fenced.checks) expect(check.failures, `${check.name}: first failing seed ${check.failures[0]?.seed}`).toEqual([]);
    expect(fenced.seedsPassed).toBe(SEEDS.length);
    expect(result.ok).toBe(true);
  });

  it('fenced failover: no stale read, and the backups really took over during the partition', () => {
    const run = runScenario(scenario, { models, variant: 'fenced', seed: 1 });
    expect(staleRead(run.history)).toBeUndefined();
    const leaders = run.effects.filter((e) => e.kind === 'leader');
    expect(leaders[0]).toMatchObject({ node: 'n1', key: '0' });
    const failover = leaders.find((e) => e.time > 5_000_000)!;
    expect(failover.time).toBeLessThan(10_000_000);
    expect(['n2', 'n3']).toContain(failover.node);
    // At the end n1 is a backup of the epoch that replaced its own.
    expect(run.nodes.n1!.belief).toMatchObject({ role: 'backup', epoch: Number(failover.key), primary: failover.node });
  });

  it('faultline run --variant naive exits 1 and names the linearizable violation', async () => {
    const r = await inProcess(['run', FILE, '--variant', 'naive']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ linearizable \(safety\) at t=/);
    expect(r.stdout).toMatch(/A read of key-\d returned \d+ at /);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`Reproduce: npx faultline run ${FILE} --variant naive --seed 1`);
  });
});
