import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModel, duration, isRequest, parseScenario, reply, runScenario } from '../../../sim/index.js';
import { historyDriver } from './scripted-driver.js';

/** A backing store: `get` answers `<value>@<version>` after `getDelay`, `put` stores after `putDelay`; `silent` never answers. */
const store = defineModel({
  name: 'test-store',
  summary: 'a slow backing store',
  params: z.strictObject({ getDelay: duration.default(10_000), putDelay: duration.default(10_000), silent: z.boolean().default(false) }),
  create: (p) => (ctx) => {
    const rows = new Map<string, unknown>();
    return {
      onMessage(from, msg) {
        if (!isRequest(msg) || p.silent) return;
        ctx.effect(`db-${msg.f}`, msg.key, msg.value);
        if (msg.f === 'get') {
          const v = rows.get(msg.key) ?? `initial ${msg.key}`;
          ctx.after(p.getDelay, () => reply(ctx, from, msg, { ok: true, value: v }));
        } else if (msg.f === 'put') ctx.after(p.putDelay, () => (rows.set(msg.key, msg.value), reply(ctx, from, msg, { ok: true })));
        else reply(ctx, from, msg, { ok: false, error: '400 no such op' });
      },
    };
  },
});
const models = { './driver.ts': historyDriver, './store.ts': store };

type Script = { at: string; f: string; key: string; value?: unknown }[];

function scenario(cache: Record<string, unknown>, script: Script, opts: { db?: Record<string, unknown>; faults?: unknown[]; drivers?: number } = {}) {
  const drivers = Array.from({ length: opts.drivers ?? 1 }, (_, i) => ({
    id: `d${i + 1}`,
    model: './driver.ts',
    params: { target: 'cache', flags: true, script },
  }));
  return {
    name: 'cache-test',
    duration: '20s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [
      { id: 'cache', model: 'cache', params: { backend: 'db', latency: { dist: 'constant', value: '1ms' }, ...cache } },
      { id: 'db', model: './store.ts', params: opts.db ?? {} },
      ...drivers,
    ],
    faults: opts.faults ?? [],
    variants: { v: {} },
    checks: [{ check: 'slo', latency: '1h' }],
  };
}

function run(cache: Record<string, unknown>, script: Script, opts: Parameters<typeof scenario>[2] = {}) {
  const r = parseScenario(JSON.stringify(scenario(cache, script, opts)), 'cache.json', { models });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { models, seed: 1 });
}
type Run = ReturnType<typeof run>;
/** Completions in the order of the script's ops: `ok <value>` or `fail <note>`, with the time since invoke. */
const answers = (r: Run) => {
  const invoked = new Map(r.history.filter((e) => e.type === 'invoke').map((e) => [e.op, e.time]));
  return r.history
    .filter((e) => e.type !== 'invoke')
    .sort((a, b) => a.op - b.op)
    .map((e) => ({ answer: e.type === 'ok' ? `ok ${String(e.value)}` : `fail ${e.note}`, ms: (e.time - invoked.get(e.op)!) / 1000 }));
};
const effects = (r: Run, kind: string) => r.effects.filter((e) => e.kind === kind);
const total = (r: Run, metric: string) => r.series.nodes.cache![metric]!.values.reduce((a, b) => a + b, 0);

describe('cache block', () => {
  it('the documented example runs: without coalescing an expiring hot key stampedes the database; with it, one read per expiry', () => {
    const text = readFileSync('docs/examples/blocks/cache.yaml', 'utf8');
    const doc = readFileSync('docs/scenario-format.md', 'utf8');
    const start = doc.indexOf('### `cache`');
    const section = doc.slice(start, doc.indexOf('\n### ', start + 1));
    expect(section).toContain('examples/blocks/cache.yaml');
    expect(section).toContain(text.slice(text.indexOf('nodes:'), text.indexOf('network:')).trim());
    const r = parseScenario(text, 'docs/examples/blocks/cache.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const stampede = runScenario(r.scenario, { variant: 'stampede' });
    const coalesced = runScenario(r.scenario, { variant: 'coalesced' });
    expect(stampede.checks.find((c) => c.name === 'db-reads')!.ok).toBe(false);
    expect(coalesced.checks.find((c) => c.name === 'db-reads')!.ok).toBe(true);
    for (const out of [stampede, coalesced]) expect(out.stats.failed + out.stats.unknown).toBe(0);
    const reads = (out: typeof stampede) => out.effects.filter((e) => e.kind === 'db-read').length;
    expect(reads(stampede)).toBeGreaterThan(5 * reads(coalesced));
    // One read per expiry of the 1 s TTL; the plot of backend reads outstanding shows the herd.
    expect(reads(coalesced)).toBeLessThanOrEqual(10);
    const peak = (out: typeof stampede) => Math.max(...out.series.nodes.cache!['in-flight-misses']!.values);
    expect(peak(coalesced)).toBeLessThanOrEqual(1);
    expect(peak(stampede)).toBeGreaterThan(2 * peak(coalesced));
  });

  it('a miss reads the backend and caches the value for ttl; a hit answers from memory; after ttl it is read again', () => {
    const r = run({ ttl: '1s' }, [
      { at: '1s', f: 'get', key: 'a' },
      { at: '1500ms', f: 'get', key: 'a' },
      { at: '2100ms', f: 'get', key: 'a' },
    ]);
    expect(answers(r)).toEqual([
      { answer: 'ok initial a', ms: 15 }, // 1 (network) + 1 (cache) + 1 + 10 (db) + 1 + 1
      { answer: 'ok initial a', ms: 3 }, // 1 + 1 + 1: a hit
      { answer: 'ok initial a', ms: 15 }, // expired: read again
    ]);
    expect(effects(r, 'db-get')).toHaveLength(2);
    expect(r.nodes.cache!.belief).toMatchObject({ entries: 1, hits: 1, misses: 2 });
    expect([total(r, 'hits'), total(r, 'misses'), total(r, 'backend-calls')]).toEqual([1, 2, 2]);
  });

  it('evicts the least recently used entry past capacity (a hit makes an entry young again)', () => {
    const r = run({ capacity: 2 }, [
      { at: '1s', f: 'get', key: 'a' },
      { at: '2s', f: 'get', key: 'b' },
      { at: '3s', f: 'get', key: 'a' }, // hit: a is now younger than b
      { at: '4s', f: 'get', key: 'c' }, // evicts b
      { at: '5s', f: 'get', key: 'a' }, // hit
      { at: '6s', f: 'get', key: 'b' }, // miss
    ]);
    expect(effects(r, 'db-get').map((e) => e.key)).toEqual(['a', 'b', 'c', 'b']);
    expect(r.nodes.cache!.belief).toMatchObject({ entries: 2, hits: 2, misses: 4 });
    expect(total(r, 'evictions')).toBe(2);
  });

  it('concurrent misses of one key: one backend call each without coalescing (a stampede), one shared call with it', () => {
    const burst: Script = [{ at: '1s', f: 'get', key: 'hot' }];
    const naive = run({}, burst, { drivers: 10, db: { getDelay: '100ms' } });
    const coalesced = run({ coalesce: true }, burst, { drivers: 10, db: { getDelay: '100ms' } });
    expect(effects(naive, 'db-get')).toHaveLength(10);
    expect(effects(coalesced, 'db-get')).toHaveLength(1);
    for (const r of [naive, coalesced]) expect(answers(r).map((a) => a.answer)).toEqual(new Array(10).fill('ok initial hot'));
    expect(naive.series.nodes.cache!['in-flight-misses']!.values[1]).toBeGreaterThan(coalesced.series.nodes.cache!['in-flight-misses']!.values[1]! * 5);
  });

  it('put writes through: the backend stores it first, then the cache serves it; writes: invalidate drops the key instead', () => {
    const script: Script = [
      { at: '1s', f: 'get', key: 'k' },
      { at: '2s', f: 'put', key: 'k', value: 'v1' },
      { at: '3s', f: 'get', key: 'k' },
    ];
    const through = run({}, script);
    expect(answers(through).map((a) => a.answer)).toEqual(['ok initial k', 'ok undefined', 'ok v1']);
    expect(effects(through, 'db-put').map((e) => e.value)).toEqual(['v1']);
    expect(effects(through, 'db-get')).toHaveLength(1); // the last get was a hit
    const invalidating = run({ writes: 'invalidate' }, script);
    expect(answers(invalidating).map((a) => a.answer)).toEqual(['ok initial k', 'ok undefined', 'ok v1']);
    expect(effects(invalidating, 'db-get')).toHaveLength(2); // read again after the put
  });

  it('invalidate drops the key; a fill that was in flight across a put is answered but not stored (no stale value comes back)', () => {
    const r = run(
      { coalesce: true },
      [
        { at: '1s', f: 'get', key: 'k' }, // miss: the read takes 200 ms and returns the old value
        { at: '1050ms', f: 'put', key: 'k', value: 'new' }, // stored at the backend and cached by ~1063 ms
        { at: '1100ms', f: 'get', key: 'k' }, // a hit on the new value (the stale fill is not joined)
        { at: '2s', f: 'get', key: 'k' }, // still the new value: the old fill was not stored
        { at: '3s', f: 'invalidate', key: 'k' },
        { at: '4s', f: 'get', key: 'k' }, // a miss again
      ],
      { db: { getDelay: '200ms' } },
    );
    expect(answers(r).map((a) => a.answer)).toEqual(['ok initial k', 'ok undefined', 'ok new', 'ok new', 'ok undefined', 'ok new']);
    expect(effects(r, 'db-get')).toHaveLength(2);
  });

  it('a backend that does not answer within backendTimeout: 504, retryable (a put is in doubt); the client stack retries', () => {
    const script: Script = [
      { at: '1s', f: 'get', key: 'k' },
      { at: '2s', f: 'put', key: 'k', value: 1 },
    ];
    const r = run({ backendTimeout: '300ms' }, script, { db: { silent: true } });
    expect(answers(r)).toEqual([
      { answer: 'fail 504 backend timeout (retryable)', ms: 303 },
      { answer: 'fail 504 backend timeout (retryable) (in doubt)', ms: 303 },
    ]);
    expect(r.nodes.cache!.belief).toMatchObject({ entries: 0, inFlightMisses: 0 });
    const retried = run(
      {
        backendTimeout: '1s',
        client: [
          { type: 'retry', maxAttempts: 3, waitDuration: '10ms' },
          { type: 'timeout', timeout: '100ms' },
        ],
      },
      script.slice(0, 1),
      { db: { silent: true } },
    );
    expect(total(retried, 'backend-calls')).toBe(3);
    expect(answers(retried)[0]!.answer).toBe('fail 504 backend timeout (retryable)');
  });

  it('a crash empties the cache (volatile): the first get after the restart is a miss', () => {
    const r = run(
      {},
      [
        { at: '1s', f: 'get', key: 'k' },
        { at: '2s', f: 'get', key: 'k' },
        { at: '4s', f: 'get', key: 'k' },
      ],
      { faults: [{ kind: 'crash', node: 'cache', at: '3s', duration: '500ms' }] },
    );
    expect(effects(r, 'db-get')).toHaveLength(2);
    expect(r.nodes.cache!.belief).toMatchObject({ entries: 1, hits: 0, misses: 1 });
  });

  it('honours capacity faults: slowdown stretches its own time, capacity keeps a share of its workers, errors answer at once', () => {
    const gets: Script = [
      { at: '1s', f: 'get', key: 'k' },
      { at: '2s', f: 'get', key: 'k' },
    ];
    const slow = run({}, gets, { faults: [{ kind: 'slowdown', node: 'cache', at: '1500ms', duration: '1s', factor: 10, extra: '5ms' }] });
    expect(answers(slow).map((a) => a.ms)).toEqual([15, 17]); // then a hit: 1 + (1 × 10 + 5) + 1
    // No workers for 2 s: the hit waits in the queue until the fault ends, then is served.
    const cut = run({ workers: 2 }, gets, { faults: [{ kind: 'capacity', node: 'cache', at: '1500ms', duration: '1s', fraction: '0%' }] });
    expect(answers(cut)[1]).toEqual({ answer: 'ok initial k', ms: 502 });
    expect(Math.max(...cut.series.nodes.cache!.queued!.values)).toBeGreaterThan(0);
    const errors = run({}, gets, {
      faults: [{ kind: 'errors', node: 'cache', at: '1500ms', duration: '1s', rate: '100%', error: '500 boom', retryable: false }],
    });
    expect(answers(errors)[1]).toEqual({ answer: 'fail 500 boom', ms: 2 });
  });

  it('params mistakes are positioned errors: an unknown backend node, a typo, a bad backend object', () => {
    const issues = (cache: Record<string, unknown>) => {
      const r = parseScenario(JSON.stringify(scenario(cache, []), null, 1), 'cache.json', { models });
      return r.ok ? [] : r.issues.map((i) => ({ path: i.path.join('.'), message: i.message, line: i.line }));
    };
    expect(issues({ backend: 'dbb' })).toEqual([
      expect.objectContaining({ path: 'nodes.0.params.backend', message: expect.stringMatching(/no node named 'dbb'; did you mean 'db'\?/) }),
    ]);
    expect(issues({ backend: { node: 'dbx' } })).toEqual([expect.objectContaining({ path: 'nodes.0.params.backend.node' })]);
    expect(issues({ ttll: '1s' })).toEqual([expect.objectContaining({ path: 'nodes.0.params.ttll', message: "unknown field 'ttll'; did you mean 'ttl'?" })]);
    expect(issues({ backend: { node: 'db', putf: 'write' } })).toEqual([
      expect.objectContaining({ path: 'nodes.0.params.backend.putf', message: expect.stringContaining("unknown field 'putf'") }),
    ]);
    expect(issues({ capacity: 0 })[0]).toMatchObject({ path: 'nodes.0.params.capacity' });
    for (const i of [...issues({ backend: 'dbb' }), ...issues({ ttll: '1s' })]) expect(i.line).toBeGreaterThan(0);
  });
});
