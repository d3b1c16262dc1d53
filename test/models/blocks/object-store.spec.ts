import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../../sim/index.js';
import { answersOf, DRIVER_MODELS } from './scripted-driver.js';
import { documentedExample } from '../../examples/documented.js';

type Input = Record<string, unknown>;
const constant = (t: string) => ({ dist: 'constant', value: t });
const l10 = { latency: constant('10ms') };

/** A scenario around one `object-store` node `s3` (its params given) over a 0 ms network; `extra` adds or replaces top-level fields. */
function scenario(store: Input, extra: Input = {}, more: Input[] = []) {
  const input = {
    name: 'object-store-test',
    duration: '10s',
    network: { default: { latency: { dist: 'constant', value: '0ms' } } },
    nodes: [{ id: 's3', model: 'object-store', params: store }, ...more],
    variants: { v: {} },
    checks: [{ check: 'slo', errorRate: '100%' }],
    ...extra,
  };
  const r = parseScenario(JSON.stringify(input), 'object-store.json', { models: DRIVER_MODELS });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { seed: 1, models: DRIVER_MODELS });
}
/** The store driven by a script of requests from the node `d`. */
const scripted = (store: Input, script: Input[], extra: Input = {}) =>
  scenario(store, extra, [{ id: 'd', model: './driver.ts', params: { to: 's3', script } }]);
/** Clients sending `ops` to `s3` in a burst of `count` at 1 s. */
const burst = (count: number, ops: Input[]) => ({ workload: { target: 's3', arrival: { process: 'burst', at: '1s', count }, ops } });
const notes = (r: ReturnType<typeof scenario>, type: string) => r.history.filter((e) => e.type === type).map((e) => e.note);
const okTimes = (r: ReturnType<typeof scenario>) => r.history.filter((e) => e.type === 'ok').map((e) => e.time);

describe('object-store block', () => {
  it('the documented example runs: uploads store the file, then the metadata; failed puts are retried; a crash loses no acknowledged file', () => {
    const scenario = documentedExample('docs/examples/blocks/object-store.yaml');
    const out = runScenario(scenario);
    expect(out.verdict).toBe('pass');
    expect(out.stats.ok).toBeGreaterThan(400);
    const s = out.series.nodes.files!;
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(sum(s.errors!.values)).toBeGreaterThan(10); // the 5% of puts that failed, all retried
    expect(sum(s.requests!.values)).toBeGreaterThan(out.stats.ok);
    expect(out.effects.filter((e) => e.kind === 'stored').length).toBe(out.nodes.files!.belief!.objects);
  });

  it('put stores, get returns it or 404 no such key, delete is idempotent; each takes its latency', () => {
    const r = scripted(l10, [
      { at: '0ms', label: 'put', f: 'put', value: { size: 3 } },
      { at: '20ms', label: 'get', f: 'get' },
      { at: '40ms', label: 'overwrite', f: 'put', value: 'v2' },
      { at: '60ms', label: 'get2', f: 'get' },
      { at: '80ms', label: 'delete', f: 'delete' },
      { at: '100ms', label: 'gone', f: 'get' },
      { at: '120ms', label: 'delete-again', f: 'delete' },
      { at: '140ms', label: 'list', f: 'list' },
    ]);
    const a = answersOf(r);
    expect(a.put).toMatchObject({ at: 10_000, ok: true });
    expect(a.get).toMatchObject({ at: 30_000, ok: true, value: { size: 3 } });
    expect(a.get2).toMatchObject({ ok: true, value: 'v2' });
    expect(a.delete).toMatchObject({ ok: true });
    expect(a.gone).toMatchObject({ ok: false, error: '404 no such key', retryable: false });
    expect(a['delete-again']).toMatchObject({ ok: true });
    expect(a.list).toMatchObject({ at: 140_000, ok: false, error: "400 unknown operation 'list'", retryable: false });
    expect(r.effects.filter((e) => e.kind !== 'answer').map((e) => [e.time, e.kind, e.key, e.value])).toEqual([
      [10_000, 'stored', 'k', { size: 3 }],
      [50_000, 'stored', 'k', 'v2'],
      [90_000, 'deleted', 'k', undefined],
    ]);
    expect(r.nodes.s3!.belief).toEqual({ objects: 0, inFlight: 0 });
    const s = r.series.nodes.s3!;
    expect(s.requests!.values[0]).toBe(8);
    expect(s.errors!.values[0]).toBe(2);
  });

  it('failRate: that share of puts fail with 500 internal error (retryable), and nothing is stored', () => {
    const all = scenario({ ...l10, failRate: '100%' }, burst(5, [{ f: 'put' }]));
    expect(notes(all, 'fail')).toEqual(Array(5).fill('500 internal error'));
    expect(all.effects.filter((e) => e.kind === 'stored')).toHaveLength(0);
    expect(all.nodes.s3!.disk).toEqual({});
    const some = scenario({ ...l10, failRate: '30%' }, burst(200, [{ f: 'put' }]));
    expect(some.stats.failed).toBeGreaterThan(40);
    expect(some.stats.failed).toBeLessThan(80);
    expect(some.effects.filter((e) => e.kind === 'stored')).toHaveLength(some.stats.ok);
    // A client retrying the 500s gets its puts through.
    const retried = scenario(
      { ...l10, failRate: '30%' },
      { ...burst(200, [{ f: 'put' }]), variants: { v: { client: [{ type: 'retry', maxAttempts: 10, waitDuration: '1ms' }] } } },
    );
    expect(retried.stats.ok).toBe(200);
  });

  /** Puts of a, b at 0 ms; a crash at 100 ms for 100 ms; gets at 300 ms. */
  const crash = (durability: string) =>
    scripted(
      { ...l10, durability },
      [
        { at: '0ms', label: 'put-a', f: 'put', key: 'a', value: 1 },
        { at: '0ms', label: 'put-b', f: 'put', key: 'b', value: 2 },
        { at: '95ms', label: 'put-c', f: 'put', key: 'c', value: 3 }, // still in flight at the crash
        { at: '300ms', label: 'get-a', f: 'get', key: 'a' },
        { at: '300ms', label: 'get-c', f: 'get', key: 'c' },
      ],
      { faults: [{ kind: 'crash', node: 's3', at: '100ms', duration: '100ms' }] },
    );

  it('durability memory: objects are lost with the node', () => {
    const r = crash('memory');
    const a = answersOf(r);
    expect(a['put-a']).toMatchObject({ ok: true });
    expect(a['put-c']).toBeUndefined();
    expect(a['get-a']).toMatchObject({ ok: false, error: '404 no such key' });
    expect(r.nodes.s3!.belief).toEqual({ objects: 0, inFlight: 0 });
  });

  it('durability disk: an acknowledged object is synced before the ok and survives the crash; one in flight was never stored', () => {
    const r = crash('disk');
    const a = answersOf(r);
    expect(a['get-a']).toMatchObject({ ok: true, value: 1 });
    expect(a['put-c']).toBeUndefined();
    expect(a['get-c']).toMatchObject({ ok: false, error: '404 no such key' });
    expect(r.nodes.s3!.disk).toEqual({ 'objects/a': 1, 'objects/b': 2 });
    expect(r.nodes.s3!.belief).toEqual({ objects: 2, inFlight: 0 });
    expect(r.series.nodes.s3!.objects!.values[0]).toBeGreaterThan(1); // gauge: 2 objects for most of the first second
  });

  it('maxInFlight: one more request at once is 503 slow down (retryable); a capacity fault keeps a share of it', () => {
    const r = scenario({ ...l10, maxInFlight: 2 }, burst(4, [{ f: 'put' }]));
    expect(okTimes(r)).toEqual([1_010_000, 1_010_000]);
    expect(notes(r, 'fail')).toEqual(['503 slow down', '503 slow down']);
    expect(r.series.nodes.s3!.throttled!.values[1]).toBe(2);
    const half = scenario(
      { ...l10, maxInFlight: 2 },
      { ...burst(4, [{ f: 'put' }]), faults: [{ kind: 'capacity', node: 's3', at: '0s', duration: '5s', fraction: '50%' }] },
    );
    expect(half.stats.ok).toBe(1);
    const unlimited = scenario(
      { ...l10 },
      { ...burst(50, [{ f: 'put' }]), faults: [{ kind: 'capacity', node: 's3', at: '0s', duration: '5s', fraction: '10%' }] },
    );
    expect(unlimited.stats.ok).toBe(50);
  });

  it('a slowdown multiplies latency and adds its extra; an errors fault answers that share at once with its error', () => {
    const slow = scenario(l10, { ...burst(2, [{ f: 'put' }]), faults: [{ kind: 'slowdown', node: 's3', at: '0s', duration: '5s', factor: 4, extra: '2ms' }] });
    expect(okTimes(slow)).toEqual([1_042_000, 1_042_000]);
    const errors = scenario(l10, {
      ...burst(3, [{ f: 'put' }]),
      faults: [{ kind: 'errors', node: 's3', at: '0s', duration: '5s', rate: '100%', error: '503 service unavailable' }],
    });
    expect(errors.history.filter((e) => e.type === 'fail').map((e) => [e.time, e.note])).toEqual(Array(3).fill([1_000_000, '503 service unavailable']));
  });

  it('latencies overrides latency per op', () => {
    const r = scenario({ ...l10, latencies: { get: constant('1ms') } }, burst(1, [{ f: 'get', keys: 1 }]));
    expect(r.history.filter((e) => e.type === 'fail').map((e) => [e.time, e.note])).toEqual([[1_001_000, '404 no such key']]);
  });

  it('a typo in its params is a positioned error', () => {
    const bad = (params: Input) => {
      const text = JSON.stringify(
        { name: 'x', duration: '1s', nodes: [{ id: 's3', model: 'object-store', params }], variants: { v: {} }, checks: [{ check: 'slo', latency: '1s' }] },
        null,
        1,
      );
      const r = parseScenario(text, 'x.json');
      return r.ok ? [] : r.issues.map((i) => `${i.line}: ${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ failrate: '1%' })).toEqual(["9: nodes.0.params.failrate: unknown field 'failrate'; did you mean 'failRate'?"]);
    expect(bad({ failRate: '150%' })[0]).toMatch(/^9: nodes\.0\.params\.failRate: expected a probability between 0% and 100%/);
    expect(bad({ durability: 'fsync' })[0]).toMatch(/^9: nodes\.0\.params\.durability: /);
    expect(bad({ maxInFlight: 0 })[0]).toMatch(/^9: nodes\.0\.params\.maxInFlight: /);
  });
});
