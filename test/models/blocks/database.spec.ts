import { describe, expect, it } from 'vitest';
import { type Effect, parseScenario, runScenario } from '../../../sim/index.js';
import { answersOf, DRIVER_MODELS } from './scripted-driver.js';
import { documentedExample } from '../../examples/documented.js';

type Input = Record<string, unknown>;
/** A scenario around one `database` node `db` (its params given) over a 0 ms network; `extra` adds or replaces top-level fields. */
function scenario(db: Input, extra: Input = {}, more: Input[] = []) {
  const input = {
    name: 'database-test',
    duration: '20s',
    network: { default: { latency: { dist: 'constant', value: '0ms' } } },
    nodes: [{ id: 'db', model: 'database', params: db }, ...more],
    variants: { v: {} },
    checks: [{ check: 'slo', errorRate: '100%' }],
    ...extra,
  };
  const r = parseScenario(JSON.stringify(input), 'database.json', { models: DRIVER_MODELS });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { seed: 1, models: DRIVER_MODELS });
}
/** The database driven by a script of requests from the node `d`. */
function scripted(db: Input, script: Input[], extra: Input = {}) {
  return scenario(db, extra, [{ id: 'd', model: './driver.ts', params: { to: 'db', script } }]);
}
const effects = (r: ReturnType<typeof scenario>, kind: string): Effect[] => r.effects.filter((e) => e.kind === kind);
const constant = (t: string) => ({ dist: 'constant', value: t });
const q10 = { queryTime: constant('10ms') };

/** Clients sending `ops` to `db` in a burst of `count` at `at`. */
const burst = (count: number, ops: Input[], at = '1s', clients = 1) => ({ workload: { clients, target: 'db', arrival: { process: 'burst', at, count }, ops } });
const okTimes = (r: ReturnType<typeof scenario>) => r.history.filter((e) => e.type === 'ok').map((e) => e.time);
const notes = (r: ReturnType<typeof scenario>, type: string) => r.history.filter((e) => e.type === type).map((e) => e.note);

describe('database block', () => {
  it('the documented example runs: opposite lock orders deadlock, the younger is rolled back and retried; a crash loses no payment', () => {
    const scenario = documentedExample('docs/examples/blocks/database.yaml');
    const out = runScenario(scenario);
    expect(out.verdict).toBe('pass');
    const deadlocks = out.effects.filter((e) => e.kind === 'deadlock');
    expect(deadlocks.length).toBeGreaterThan(10);
    for (const d of deadlocks) expect((d.value as { cycle: string[] }).cycle).toContain(d.key);
    expect(out.series.nodes.db!.deadlocks!.values.reduce((a, b) => a + b, 0)).toBe(deadlocks.length);
    expect(out.stats.ok).toBeGreaterThan(300);
  });

  it('rows have versions: put, get, delete; a re-created row goes on from the deleted version', () => {
    const r = scripted(q10, [
      { at: '0ms', label: 'put1', f: 'put', value: 'x' },
      { at: '20ms', label: 'put2', f: 'put', value: 'y' },
      { at: '40ms', label: 'get', f: 'get' },
      { at: '60ms', label: 'del', f: 'delete' },
      { at: '80ms', label: 'gone', f: 'get' },
      { at: '100ms', label: 'del-again', f: 'delete' },
      { at: '120ms', label: 'insert', f: 'insert', value: 'z' },
      { at: '140ms', label: 'missing', f: 'get', key: 'other' },
    ]);
    const a = answersOf(r);
    expect(a.put1).toMatchObject({ at: 10_000, ok: true, value: { version: 1 } });
    expect(a.put2).toMatchObject({ ok: true, value: { version: 2 } });
    expect(a.get).toMatchObject({ ok: true, value: { value: 'y', version: 2 } });
    expect(a.del).toMatchObject({ ok: true, value: { version: 3 } });
    expect(a.gone).toMatchObject({ ok: true, value: null });
    expect(a['del-again']).toMatchObject({ ok: true, value: null });
    expect(a.insert).toMatchObject({ ok: true, value: { version: 4 } });
    expect(a.missing).toMatchObject({ ok: true, value: null });
    expect(effects(r, 'write').map((e) => e.value)).toEqual([
      { value: 'x', version: 1 },
      { value: 'y', version: 2 },
      { value: null, version: 3, deleted: true },
      { value: 'z', version: 4 },
    ]);
    expect(r.nodes.db!.belief).toMatchObject({ rows: { k: 'z' }, versions: { k: 4 }, busy: 0, queued: 0, waiting: 0 });
  });

  it('put-if succeeds only on the current version (0: the row must not exist), else 409 version conflict', () => {
    const r = scripted(q10, [
      { at: '0ms', label: 'create', f: 'put-if', value: { value: 'a', version: 0 } },
      { at: '20ms', label: 'create-again', f: 'put-if', value: { value: 'b', version: 0 } },
      { at: '40ms', label: 'update', f: 'put-if', value: { value: 'c', version: 1 } },
      { at: '60ms', label: 'stale', f: 'put-if', value: { value: 'd', version: 1 } },
      { at: '80ms', label: 'malformed', f: 'put-if', value: 'e' },
      { at: '100ms', label: 'no-version', f: 'put-if', key: 'fresh', value: { value: 'f' } },
      { at: '120ms', label: 'no-version-again', f: 'put-if', key: 'fresh', value: { value: 'g', version: null } },
    ]);
    const a = answersOf(r);
    expect(a.create).toMatchObject({ ok: true, value: { version: 1 } });
    expect(a['create-again']).toMatchObject({ ok: false, error: '409 version conflict', retryable: false });
    expect(a.update).toMatchObject({ ok: true, value: { version: 2 } });
    expect(a.stale).toMatchObject({ ok: false, error: '409 version conflict', retryable: false });
    expect(a.malformed).toMatchObject({ ok: false, error: '400 bad request: put-if needs a value { value, version }', retryable: false });
    expect(a['no-version']).toMatchObject({ ok: true, value: { version: 1 } });
    expect(a['no-version-again']).toMatchObject({ ok: false, error: '409 version conflict' });
    expect(r.nodes.db!.belief).toMatchObject({ rows: { k: 'c', fresh: 'f' }, versions: { k: 2, fresh: 1 } });
  });

  it('optimistic concurrency through a service: two read-modify-writes race on one row, the second put-if is a conflict', () => {
    const api = {
      id: 'api',
      model: 'service',
      params: {
        workers: 4,
        serviceTime: constant('1ms'),
        handlers: {
          bump: [
            { call: { node: 'db', f: 'get', as: 'row' } },
            // No row yet: no version read, which put-if takes as 0 (the row must not exist).
            { call: { node: 'db', f: 'put-if', value: { value: '{value}', version: '{row.version}' } } },
          ],
        },
      },
    };
    const r = scenario(q10, { workload: { clients: 2, target: 'api', arrival: { process: 'burst', at: '1s', count: 2 }, ops: [{ f: 'bump', keys: 1 }] } }, [
      api,
    ]);
    expect(r.stats.ok).toBe(1);
    expect(notes(r, 'fail')).toEqual(['409 version conflict (from db)']);
    expect(effects(r, 'write').map((e) => (e.value as { version: number }).version)).toEqual([1]);
    // Once the row exists, the next read-modify-write goes from its version.
    const later = scenario(
      q10,
      { workload: { clients: 2, target: 'api', arrival: { process: 'constant', rate: '10/s' }, ops: [{ f: 'bump', keys: 1 }], until: '1s' } },
      [api],
    );
    expect(later.stats.failed).toBe(0);
    expect(effects(later, 'write').map((e) => (e.value as { version: number }).version)).toEqual([...Array(later.stats.ok).keys()].map((i) => i + 1));
  });

  it('insert is a unique constraint: of two clients inserting one key at once, one gets 409 duplicate key', () => {
    const r = scenario(q10, burst(2, [{ f: 'insert', keys: 1 }], '1s', 2));
    expect(r.stats.ok).toBe(1);
    expect(notes(r, 'fail')).toEqual(['409 duplicate key']);
    expect(effects(r, 'write')).toHaveLength(1);
  });

  it('a tx runs its ops in order under its own locks (re-entrant), reads its own writes, and answers every result', () => {
    const r = scripted(q10, [
      {
        at: '0ms',
        label: 'tx',
        f: 'tx',
        value: {
          id: 'T',
          ops: [
            { f: 'lock', key: 'a' },
            { f: 'put', key: 'a', value: 1 },
            { f: 'get', key: 'a' },
            { f: 'put-if', key: 'a', value: { value: 2, version: 1 } },
            { f: 'insert', key: 'b', value: 3 },
          ],
        },
      },
      // A plain read meanwhile sees only committed rows, and never waits for a lock.
      { at: '25ms', label: 'read', f: 'get', key: 'a' },
    ]);
    const a = answersOf(r);
    expect(a.tx).toMatchObject({
      at: 50_000,
      ok: true,
      value: { id: 'T', results: [null, { version: 1 }, { value: 1, version: 1 }, { version: 2 }, { version: 1 }] },
    });
    expect(a.read).toMatchObject({ at: 35_000, ok: true, value: null });
    expect(effects(r, 'write').map((e) => [e.time, e.key, e.value])).toEqual([
      [50_000, 'a', { value: 2, version: 2 }],
      [50_000, 'b', { value: 3, version: 1 }],
    ]);
  });

  it('an op that fails rolls the whole tx back: nothing it wrote is committed, its locks are released', () => {
    const r = scripted(q10, [
      { at: '0ms', label: 'seed', f: 'put', key: 'b', value: 'old' },
      {
        at: '20ms',
        label: 'tx',
        f: 'tx',
        value: {
          ops: [
            { f: 'put', key: 'a', value: 'new' },
            { f: 'insert', key: 'b', value: 'dup' },
          ],
        },
      },
      { at: '45ms', label: 'after', f: 'put', key: 'a', value: 'later' },
      { at: '60ms', label: 'bad', f: 'tx', value: { ops: [{ f: 'scan', key: 'a' }] } },
    ]);
    const a = answersOf(r);
    expect(a.tx).toMatchObject({ at: 40_000, ok: false, error: '409 duplicate key' });
    expect(a.after).toMatchObject({ at: 55_000, ok: true, value: { version: 1 } });
    expect(a.bad!.error).toMatch(/^400 bad request: tx ops\.0\.f: /);
    expect(effects(r, 'write').map((e) => [e.key, (e.value as { value: unknown }).value])).toEqual([
      ['b', 'old'],
      ['a', 'later'],
    ]);
  });

  it('a deadlock is found when the cycle forms; the youngest tx in it is rolled back with 1213, the others go on', () => {
    // C (oldest) locks c, B locks b, A (youngest) locks a with a quick get; then A waits for B,
    // C waits for A, and B closes the cycle by waiting for C at 11 ms.
    const lockThen = (id: string, first: { f: string; key: string }, second: string) => ({ id, ops: [first, { f: 'lock', key: second }] });
    const r = scripted({ ...q10, queryTimes: { get: constant('1ms') } }, [
      { at: '0ms', label: 'C', f: 'tx', value: lockThen('C', { f: 'lock', key: 'c' }, 'a') },
      { at: '1ms', label: 'B', f: 'tx', value: lockThen('B', { f: 'lock', key: 'b' }, 'c') },
      { at: '2ms', label: 'A', f: 'tx', value: lockThen('A', { f: 'get', key: 'a' }, 'b') },
    ]);
    const a = answersOf(r);
    expect(a.A).toMatchObject({ at: 11_000, ok: false, error: '1213 deadlock found', retryable: true });
    expect(effects(r, 'deadlock').map((e) => [e.time, e.key, e.value])).toEqual([[11_000, 'A', { cycle: ['B', 'C', 'A'] }]]);
    // A's rollback releases a: C gets it at once and commits at 21 ms, which hands c to B.
    expect(a.C).toMatchObject({ at: 21_000, ok: true });
    expect(a.B).toMatchObject({ at: 31_000, ok: true });
    expect(effects(r, 'lock-wait').map((e) => [e.time, e.key, e.value])).toEqual([
      [11_000, 'b', { tx: 'A', waitedUs: 8_000, outcome: 'deadlock' }],
      [11_000, 'a', { tx: 'C', waitedUs: 1_000, outcome: 'granted' }],
      [21_000, 'c', { tx: 'B', waitedUs: 10_000, outcome: 'granted' }],
    ]);
  });

  it('a lock not granted within lockWaitTimeout rolls the waiter back with 1205; the holder is unaffected', () => {
    const r = scripted({ ...q10, lockWaitTimeout: '500ms' }, [
      { at: '0ms', label: 'batch', f: 'tx', value: { id: 'batch', ops: [{ f: 'put', key: 'a', value: 1 }], hold: '2s' } },
      { at: '5ms', label: 'put', f: 'put', key: 'a', value: 2 },
    ]);
    const a = answersOf(r);
    expect(a.put).toMatchObject({ at: 505_000, ok: false, error: '1205 lock wait timeout exceeded', retryable: true });
    expect(a.batch).toMatchObject({ at: 2_010_000, ok: true });
    expect(effects(r, 'lock-wait').map((e) => [e.key, e.value])).toEqual([['a', { tx: 'tx-2', waitedUs: 500_000, outcome: 'timeout' }]]);
    expect(r.series.nodes.db!['lock-timeouts']!.values[0]).toBe(1);
    expect(r.series.nodes.db!['lock-waits']!.values[0]).toBeCloseTo(0.5, 6); // one waiter for 500 ms
  });

  it('a tx id already running is refused; one given twice in turn is fine', () => {
    const tx = { id: 'same', ops: [{ f: 'lock', key: 'a' }], hold: '50ms' };
    const r = scripted(q10, [
      { at: '0ms', label: 'first', f: 'tx', value: tx },
      { at: '5ms', label: 'clash', f: 'tx', value: tx },
      { at: '100ms', label: 'later', f: 'tx', value: tx },
    ]);
    const a = answersOf(r);
    expect(a.clash).toMatchObject({ at: 5_000, ok: false, error: '409 transaction same already active', retryable: true });
    expect(a.first).toMatchObject({ ok: true });
    expect(a.later).toMatchObject({ ok: true });
  });

  it('connections: more requests wait in FIFO order, past queueSize 503 too many connections (retryable)', () => {
    const r = scenario({ ...q10, connections: 2, queueSize: 2 }, burst(6, [{ f: 'get', keys: 3 }]));
    expect(okTimes(r)).toEqual([1_010_000, 1_010_000, 1_020_000, 1_020_000]);
    expect(notes(r, 'fail')).toEqual(['503 too many connections', '503 too many connections']);
    const s = r.series.nodes.db!;
    expect(s.queries!.values[1]).toBe(6);
    expect(s.errors!.values[1]).toBe(2);
    expect(s.rejected!.values[1]).toBe(2);
    expect(s.connections!.values[1]).toBeCloseTo(0.04, 6); // 2 busy for 20 ms of the second
    expect(s.queued!.values[1]).toBeCloseTo(0.02, 6); // 2 queued for 10 ms
  });

  it('a tx holding a lock ties up a connection, and its waiters tie up the rest: the pool runs dry', () => {
    const r = scripted({ ...q10, connections: 2, queueSize: 0 }, [
      { at: '0ms', label: 'batch', f: 'tx', value: { ops: [{ f: 'lock', key: 'hot' }], hold: '1s' } },
      { at: '5ms', label: 'waiter', f: 'put', key: 'hot', value: 1 },
      { at: '6ms', label: 'unrelated', f: 'get', key: 'cold' },
    ]);
    const a = answersOf(r);
    expect(a.unrelated).toMatchObject({ at: 6_000, ok: false, error: '503 too many connections', retryable: true });
    expect(a.waiter).toMatchObject({ at: 1_020_000, ok: true });
  });

  it('a capacity fault keeps a share of the connections; when it ends, queued requests are taken at once', () => {
    const r = scenario(
      { ...q10, connections: 4 },
      { ...burst(4, [{ f: 'get', keys: 4 }]), faults: [{ kind: 'capacity', node: 'db', at: '0s', duration: '2s', fraction: '0%' }] },
    );
    expect(okTimes(r)).toEqual([2_010_000, 2_010_000, 2_010_000, 2_010_000]);
    const half = scenario(
      { ...q10, connections: 4 },
      { ...burst(4, [{ f: 'get', keys: 4 }]), faults: [{ kind: 'capacity', node: 'db', at: '0s', duration: '5s', fraction: '50%' }] },
    );
    expect(okTimes(half)).toEqual([1_010_000, 1_010_000, 1_020_000, 1_020_000]);
  });

  it('a slowdown multiplies query time and adds its extra; an errors fault answers that share with its error', () => {
    const slow = scenario(q10, { ...burst(3, [{ f: 'put' }]), faults: [{ kind: 'slowdown', node: 'db', at: '0s', duration: '5s', factor: 3, extra: '5ms' }] });
    expect(okTimes(slow)).toEqual([1_035_000, 1_035_000, 1_035_000]);
    const errors = scenario(q10, {
      ...burst(3, [{ f: 'put' }]),
      faults: [{ kind: 'errors', node: 'db', at: '0s', duration: '5s', rate: '100%', error: '500 disk full', retryable: false }],
    });
    expect(notes(errors, 'fail')).toEqual(['500 disk full', '500 disk full', '500 disk full']);
    expect(effects(errors, 'write')).toHaveLength(0);
  });

  it('queryTimes overrides queryTime per op', () => {
    const r = scenario({ ...q10, queryTimes: { get: constant('2ms') } }, burst(2, [{ f: 'get', keys: 1 }]));
    expect(okTimes(r)).toEqual([1_002_000, 1_002_000]);
  });

  /** Puts at 100/s to fresh keys from 1 s to 2 s; the database crashes at 1.505 s for 200 ms. */
  const crashRun = (db: Input) =>
    scenario(
      { ...q10, ...db },
      {
        workload: { target: 'db', arrival: { process: 'constant', rate: '100/s' }, ops: [{ f: 'put' }], from: '1s', until: '2s' },
        faults: [{ kind: 'crash', node: 'db', at: '1505ms', duration: '200ms' }],
        checks: [{ check: 'no-lost-writes', f: 'put', node: 'db', path: 'rows/{key}', matchValue: true }],
      },
    );
  const beforeCrash = (r: ReturnType<typeof scenario>) => r.history.filter((e) => e.type === 'ok' && e.time < 1_505_000).map((e) => e.key!);

  it('durability memory: a crash loses every row, acknowledged or not', () => {
    const r = crashRun({ durability: 'memory' });
    const acked = beforeCrash(r);
    expect(acked.length).toBeGreaterThan(40);
    const rows = r.nodes.db!.belief!.rows as Record<string, unknown>;
    for (const k of acked) expect(rows).not.toHaveProperty(k);
    expect(Object.keys(rows).length).toBeGreaterThan(20); // written after the restart
    expect(r.checks[0]!.ok).toBe(false); // nothing is ever on disk
  });

  it('durability fsync: every acknowledged row is on disk before the answer and rebuilt after the crash', () => {
    const r = crashRun({ durability: 'fsync' });
    expect(r.checks[0]!.ok).toBe(true);
    const rows = r.nodes.db!.belief!.rows as Record<string, unknown>;
    for (const k of beforeCrash(r)) expect(rows).toHaveProperty(k);
    expect(r.nodes.db!.disk['versions/' + beforeCrash(r)[0]]).toBe(1);
  });

  it('durability wal: commits are acknowledged at their group sync; a crash loses only the unsynced group, never an acknowledged row', () => {
    const r = crashRun({ durability: 'wal', walSyncEvery: '100ms' });
    expect(r.checks[0]!.ok).toBe(true);
    // Answers come in groups, at the syncs.
    const times = new Set(r.history.filter((e) => e.type === 'ok' && e.time < 1_505_000).map((e) => e.time));
    expect([...times]).toEqual([1_110_000, 1_210_000, 1_310_000, 1_410_000]);
    // The puts committed after the 1.41 s sync were never acknowledged, and are gone.
    const lost = r.history.filter((e) => e.type === 'invoke' && e.time > 1_400_000 && e.time < 1_505_000).map((e) => e.key!);
    expect(lost.length).toBeGreaterThan(5);
    const rows = r.nodes.db!.belief!.rows as Record<string, unknown>;
    for (const k of lost) expect(rows).not.toHaveProperty(k);
    for (const k of beforeCrash(r)) expect(rows).toHaveProperty(k);
  });

  it('durability snapshot: commits are answered at once and reach disk at the next snapshot; a crash loses those since the last one', () => {
    const r = crashRun({ durability: 'snapshot', snapshotEvery: '200ms' });
    const okAt = (from: number, to: number) => r.history.filter((e) => e.type === 'ok' && e.time >= from && e.time < to).map((e) => e.key!);
    // Answered after the query time alone: no commit waits for a sync.
    const invokedAt = new Map(r.history.filter((e) => e.type === 'invoke').map((e) => [e.op, e.time]));
    const before = r.history.filter((e) => e.type === 'ok' && e.time < 1_505_000);
    expect(before.every((e) => e.time - invokedAt.get(e.op)! === 10_000)).toBe(true);
    // Snapshots at 1.2 s, 1.4 s (the db's clock; a commit at 1.4 s itself comes after it), then the crash at 1.505 s.
    const snapped = okAt(1_000_000, 1_400_000);
    const lost = okAt(1_400_000, 1_505_000);
    expect(snapped.length).toBeGreaterThan(30);
    expect(lost.length).toBeGreaterThan(5);
    const rows = r.nodes.db!.belief!.rows as Record<string, unknown>;
    for (const k of snapped) expect(rows).toHaveProperty(k);
    for (const k of lost) expect(rows).not.toHaveProperty(k);
    for (const k of lost) expect(r.nodes.db!.disk).not.toHaveProperty(`rows/${k}`);
    // Acknowledged, then lost: the check finds them, and only them.
    expect(r.checks[0]!.ok).toBe(false);
    expect(r.checks[0]!.ops).toHaveLength(lost.length);
    // Written after the restart: on disk by the snapshot after the last put (2 s < 1.705 + 2 × 200 ms).
    for (const k of okAt(1_705_000, 2_100_000)) expect(r.nodes.db!.disk).toHaveProperty(`rows/${k}`);
  });

  it("durability snapshot: a crash before the snapshot's fsync ends loses that snapshot too", () => {
    // The 1.4 s snapshot is written then fsynced 150 ms later, after the crash at 1.505 s.
    const r = crashRun({ durability: 'snapshot', snapshotEvery: '200ms', fsyncTime: constant('150ms') });
    const acked = r.history.filter((e) => e.type === 'ok' && e.time < 1_505_000);
    const kept = acked.filter((e) => e.time < 1_200_000).map((e) => e.key!);
    const lost = acked.filter((e) => e.time > 1_200_000).map((e) => e.key!);
    const rows = r.nodes.db!.belief!.rows as Record<string, unknown>;
    for (const k of kept) expect(rows).toHaveProperty(k);
    for (const k of lost) expect(rows).not.toHaveProperty(k);
    expect(lost.length).toBeGreaterThan(20);
  });

  it('fsyncTime delays each commit (fsync) or each group (wal)', () => {
    const fsync = scenario({ ...q10, durability: 'fsync', fsyncTime: constant('5ms') }, burst(2, [{ f: 'put', keys: 2 }]));
    expect(okTimes(fsync)).toEqual([1_015_000, 1_015_000]);
    const wal = scenario({ ...q10, durability: 'wal', walSyncEvery: '20ms', fsyncTime: constant('5ms') }, burst(2, [{ f: 'put', keys: 2 }]));
    expect(okTimes(wal)).toEqual([1_035_000, 1_035_000]);
  });

  it('procedures run a named tx from a workload op: keys and values filled from the request', () => {
    const r = scenario(
      {
        ...q10,
        procedures: {
          order: {
            ops: [
              { f: 'insert', key: 'order-{key}' },
              { f: 'put', key: 'last', value: { order: '{key}', n: '{value}' } },
            ],
          },
        },
      },
      burst(1, [{ f: 'order' }]),
    );
    expect(r.stats.ok).toBe(1);
    expect(r.nodes.db!.belief!.rows).toEqual({ 'order-order-client-1-1': 1_000_001, last: { order: 'order-client-1-1', n: 1_000_001 } });
  });

  it('answers unknown operations with a 400, and health checks at once', () => {
    const r = scripted(q10, [
      { at: '0ms', label: 'scan', f: 'scan' },
      { at: '0ms', label: 'lock', f: 'lock' },
      { at: '0ms', label: 'health', f: 'health' },
    ]);
    const a = answersOf(r);
    expect(a.scan).toMatchObject({ ok: false, error: "400 unknown operation 'scan'", retryable: false });
    expect(a.lock).toMatchObject({ ok: false, error: '400 bad request: lock is an op inside a tx' });
    expect(a.health).toMatchObject({ at: 0, ok: true });
  });

  it('a typo in its params, or a procedure that cannot work, is a positioned error', () => {
    const bad = (params: Input) => {
      const text = JSON.stringify(
        { name: 'x', duration: '1s', nodes: [{ id: 'db', model: 'database', params }], variants: { v: {} }, checks: [{ check: 'slo', latency: '1s' }] },
        null,
        1,
      );
      const r = parseScenario(text, 'x.json');
      return r.ok ? [] : r.issues.map((i) => `${i.line}: ${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ conections: 4 })).toEqual(["9: nodes.0.params.conections: unknown field 'conections'; did you mean 'connections'?"]);
    expect(bad({ durability: 'disk' })[0]).toMatch(/^9: nodes\.0\.params\.durability: /);
    expect(bad({ durability: 'snapshot', snapshotEvery: '0s' })[0]).toMatch(/^10: nodes\.0\.params\.snapshotEvery: expected a duration above zero/);
    expect(bad({ connections: 0 })[0]).toMatch(/^9: nodes\.0\.params\.connections: /);
    expect(bad({ procedures: { get: { ops: [{ f: 'lock' }] } } })[0]).toMatch(
      /nodes\.0\.params\.procedures\.get: the name 'get' is not allowed here: it is an op the database answers itself/,
    );
    expect(bad({ procedures: { p: { ops: [{ f: 'put-if', key: 'a', value: 1 }] } } })[0]).toMatch(
      /nodes\.0\.params\.procedures\.p\.ops\.0\.value: put-if needs a value/,
    );
    expect(bad({ queryTimes: { gets: constant('1ms') } })[0]).toMatch(/nodes\.0\.params\.queryTimes\.gets: unknown field 'gets'; did you mean 'get'\?/);
  });
});
