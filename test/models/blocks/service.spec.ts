import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../../sim/index.js';
import { answersOf, DRIVER_MODELS } from './scripted-driver.js';
import { documentedExample } from '../../examples/documented.js';

/** A scenario around one `service` node `svc`, its params given, driven by a burst or a workload. */
function run(svc: Record<string, unknown>, extra: Record<string, unknown> = {}, more: Record<string, unknown>[] = []) {
  const input = {
    name: 'service-test',
    duration: '10s',
    network: { default: { latency: { dist: 'constant', value: '0ms' } } },
    nodes: [{ id: 'svc', model: 'service', params: svc }, ...more],
    workload: { clients: 1, target: 'svc', arrival: { process: 'burst', at: '1s', count: 10 }, ops: [{ f: 'op' }] },
    variants: { v: {} },
    checks: [{ check: 'slo', latency: '10s' }],
    ...extra,
  };
  const r = parseScenario(JSON.stringify(input), 'service.json');
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  return runScenario(r.scenario, { seed: 1 });
}
const doneTimes = (r: ReturnType<typeof run>, type = 'ok') => r.history.filter((e) => e.type === type).map((e) => e.time - 1_000_000);
const okIn = (ms: number) => ({ dist: 'constant', value: `${ms}ms` });

describe('service block', () => {
  it('the documented example runs: the slowdown saturates the database, which recovers after it', () => {
    const scenario = documentedExample('docs/examples/blocks/service.yaml');
    const out = runScenario(scenario);
    expect(out.verdict).toBe('pass');
    expect(out.effects.filter((e) => e.kind === 'charged').length).toBeGreaterThan(1000);
    const util = out.series.nodes.db!.utilisation!.values;
    expect(Math.min(util[5]!, util[6]!)).toBeGreaterThan(0.95);
    expect(util[12]!).toBeLessThan(0.8);
  });

  it('serves at most `workers` requests at once, FIFO by default and LIFO when asked', () => {
    const fifo = run({ workers: 2, serviceTime: okIn(100) });
    expect(doneTimes(fifo)).toEqual([100, 100, 200, 200, 300, 300, 400, 400, 500, 500].map((ms) => ms * 1000));
    const lifo = run({ workers: 2, order: 'lifo', serviceTime: okIn(100) });
    // The first two start at once; of the rest the newest (ops 10, 9) go next.
    const order = lifo.history.filter((e) => e.type === 'ok').map((e) => e.op);
    expect(order.slice(0, 4)).toEqual([1, 2, 10, 9]);
  });

  it('a full queue answers 503, retryable; the busy and queued gauges show the backlog', () => {
    const r = run({ workers: 1, queueSize: 3, serviceTime: okIn(100) });
    expect(r.stats.ok).toBe(4);
    expect(r.stats.failed).toBe(6);
    expect(r.history.filter((e) => e.type === 'fail').every((e) => e.note === '503 queue full')).toBe(true);
    expect(r.series.nodes.svc!.rejected!.values[1]).toBe(6);
    expect(Math.max(...r.series.nodes.svc!.queued!.values)).toBeGreaterThan(0);
  });

  it('a capacity fault keeps a share of the workers; when it ends, the queue drains at once', () => {
    const r = run({ workers: 4, serviceTime: okIn(100) }, { faults: [{ kind: 'capacity', node: 'svc', at: '0s', duration: '2s', fraction: '0%' }] });
    // Nothing is served until 2 s (1 s after the burst); then 4 at a time.
    expect(doneTimes(r)).toEqual([1100, 1100, 1100, 1100, 1200, 1200, 1200, 1200, 1300, 1300].map((ms) => ms * 1000));
  });

  it('a slowdown multiplies service time and adds its extra', () => {
    const r = run({ workers: 10, serviceTime: okIn(100) }, { faults: [{ kind: 'slowdown', node: 'svc', at: '0s', duration: '5s', factor: 3, extra: '5ms' }] });
    expect(new Set(doneTimes(r))).toEqual(new Set([305_000]));
  });

  it('an errors fault answers that share of requests with its error', () => {
    const r = run(
      { workers: 10 },
      { faults: [{ kind: 'errors', node: 'svc', at: '0s', duration: '5s', rate: '100%', error: '500 bad config', retryable: false }] },
    );
    expect(r.stats.failed).toBe(10);
    expect(r.history.filter((e) => e.type === 'fail').every((e) => e.note === '500 bad config')).toBe(true);
  });

  it('the overload curve slows work past its knee', () => {
    const r = run({ workers: 10, serviceTime: okIn(100), overload: { metric: 'in-flight', knee: 5, factor: 1 } });
    // Busy 1..5 (this request counted) are under the knee; busy 6..10 give 1.2, 1.4, ... 2 × normal.
    expect(
      doneTimes(r)
        .slice()
        .sort((a, b) => a - b),
    ).toEqual([100, 100, 100, 100, 100, 120, 140, 160, 180, 200].map((ms) => ms * 1000).sort((a, b) => a - b));
  });

  it('a handler calls a dependency through its own stack; a failed call is a 502 naming it, unless onError: continue', () => {
    const backend = { id: 'db', model: 'service', params: { workers: 1, queueSize: 0, serviceTime: okIn(50) } };
    const handlers = (onError: string) => ({ op: [{ call: { node: 'db', f: 'get', onError } }, { effect: { kind: 'done' } }] });
    const strict = run({ workers: 10, handlers: handlers('fail') }, {}, [backend]);
    expect(strict.stats.ok).toBe(1);
    expect(strict.history.find((e) => e.type === 'fail')!.note).toBe('502 db failed: 503 queue full');
    const lax = run({ workers: 10, handlers: handlers('continue') }, {}, [backend]);
    expect(lax.stats.ok).toBe(10);
    expect(lax.effects.filter((e) => e.kind === 'done')).toHaveLength(10);
  });

  it('work done after its caller gave up is counted as wasted, or dropped unanswered with dropExpired', () => {
    const wasted = run({ workers: 1, serviceTime: okIn(100), callerTimeout: '250ms' });
    expect(wasted.stats.ok).toBe(10);
    // Served one at a time, 100 ms each: those answered at 300 ms ... 1 s were too late.
    expect(wasted.series.nodes.svc!.wasted!.values.reduce((a, b) => a + b, 0)).toBe(8);
    const dropped = run({ workers: 1, serviceTime: okIn(100), callerTimeout: '250ms', dropExpired: true });
    expect(dropped.stats.ok).toBeLessThan(5);
    expect(dropped.series.nodes.svc!.expired!.values.reduce((a, b) => a + b, 0)).toBe(10 - dropped.stats.ok);
  });

  it('a typo in its params, or a step naming a node that does not exist, is a positioned error', () => {
    const bad = (params: Record<string, unknown>) => {
      const text = JSON.stringify(
        { name: 'x', duration: '1s', nodes: [{ id: 'svc', model: 'service', params }], variants: { v: {} }, checks: [{ check: 'slo', latency: '1s' }] },
        null,
        1,
      );
      const r = parseScenario(text, 'x.json');
      return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(bad({ wokers: 2 })).toEqual(["nodes.0.params.wokers: unknown field 'wokers'; did you mean 'workers'?"]);
    expect(bad({ handlers: { op: [{ call: { node: 'dbx', f: 'get' } }] } })[0]).toMatch(/^nodes\.0\.params\.handlers\.op\.0\.call\.node: no node named 'dbx'/);
    expect(bad({ handlers: { op: ['wrok'] } })[0]).toMatch(/^nodes\.0\.params\.handlers\.op\.0: expected a step/);
  });

  it('remembers, forgets and requires keys in its own memory (a local blacklist), with a ttl', () => {
    const handlers = {
      revoke: [{ remember: { key: 'revoked/{key}', ttl: '2s' } }],
      use: [{ require: { absent: 'revoked/{key}', error: '401 token revoked' } }, { effect: { kind: 'accepted' } }],
    };
    const input = (crash: boolean) => ({
      workload: {
        clients: 1,
        target: 'svc',
        arrival: { process: 'constant', rate: '10/s' },
        ops: [
          { f: 'revoke', keys: 1, weight: 1 },
          { f: 'use', keys: 1, weight: 3 },
        ],
        until: '1s',
      },
      ...(crash ? { faults: [{ kind: 'crash', node: 'svc', at: '500ms', duration: '10ms' }] } : {}),
    });
    const r = run({ workers: 4, serviceTime: okIn(1), handlers }, input(false));
    const first = r.history.find((e) => e.type === 'invoke' && e.f === 'revoke')!.time;
    const uses = r.history.filter((e) => e.type !== 'invoke' && r.history.find((i) => i.type === 'invoke' && i.op === e.op)!.f === 'use');
    expect(uses.filter((u) => u.time > first + 5_000).every((u) => u.type === 'fail' && u.note === '401 token revoked')).toBe(true);
    expect(uses.filter((u) => u.time < first).every((u) => u.type === 'ok')).toBe(true);
    // Memory is volatile: after a crash (at 500 ms, back at 510 ms) the revocation is gone, so
    // a use invoked after the restart and before the next revoke is accepted again.
    const crashed = run({ workers: 4, serviceTime: okIn(1), handlers }, input(true));
    const invokes = crashed.history.filter((e) => e.type === 'invoke' && e.time > 510_000);
    const nextRevoke = invokes.find((e) => e.f === 'revoke')?.time ?? Infinity;
    const before = invokes.filter((e) => e.f === 'use' && e.time < nextRevoke).map((e) => e.op);
    expect(before.length).toBeGreaterThan(0);
    expect(crashed.history.filter((e) => e.type === 'ok' && before.includes(e.op))).toHaveLength(before.length);
    // Without the crash the same uses were refused.
    expect(r.history.filter((e) => e.type === 'fail' && before.includes(e.op))).toHaveLength(before.length);
  });

  it('its remembered gauge counts the memory, and empties with it when the service restarts', () => {
    const r = run(
      { handlers: { revoke: [{ remember: { key: '{key}' } }] } },
      {
        duration: '5s',
        workload: { clients: 1, target: 'svc', arrival: { process: 'burst', at: '1s', count: 1 }, ops: [{ f: 'revoke' }] },
        faults: [{ kind: 'crash', node: 'svc', at: '2s', duration: '500ms' }],
      },
    );
    // One key from 1 s; the crash at 2 s loses it (a down node's gauges read 0), and the restart at 2.5 s starts from none.
    expect(r.series.nodes.svc!.remembered!.values).toEqual([0, 1, 0, 0, 0]);
    // A key remembered for a ttl leaves the count when the ttl ends.
    const ttl = run(
      { handlers: { revoke: [{ remember: { key: '{key}', ttl: '500ms' } }] } },
      { duration: '3s', workload: { clients: 1, target: 'svc', arrival: { process: 'burst', at: '1s', count: 1 }, ops: [{ f: 'revoke' }] } },
    );
    expect(ttl.series.nodes.svc!.remembered!.values).toEqual([0, 0.5, 0]);
  });

  it("templates read fields of saved values and fill values inside objects (an OCC write of a row's version)", () => {
    const db = {
      id: 'db',
      model: 'service',
      params: { serviceTime: okIn(1), handlers: { get: [{ reply: { value: { value: 'x', version: 7 } } }], put: ['work'] } },
    };
    const handlers = {
      op: [
        { call: { node: 'db', f: 'get', as: 'row' } },
        { call: { node: 'db', f: 'put', value: { value: '{value}', version: '{row.version}', note: 'v{row.version} of {key}' } } },
        { effect: { kind: 'wrote', value: { version: '{row.version}', from: '{row}' } } },
      ],
    };
    const r = run({ workers: 4, handlers }, {}, [db]);
    expect(r.effects[0]!.value).toEqual({ version: 7, from: { value: 'x', version: 7 } });
    expect(r.stats.ok).toBe(10);
  });

  /** The service `svc` (its handlers given) in front of a database `db`, driven by a script from `d`. */
  const scripted = (handlers: Record<string, unknown>, script: Record<string, unknown>[]) => {
    const input = {
      name: 'service-test',
      duration: '2s',
      network: { default: { latency: { dist: 'constant', value: '0ms' } } },
      nodes: [
        { id: 'svc', model: 'service', params: { handlers } },
        { id: 'db', model: 'database' },
        { id: 'd', model: './driver.ts', params: { to: 'svc', script } },
      ],
      variants: { v: {} },
      checks: [{ check: 'slo', errorRate: '100%' }],
    };
    const r = parseScenario(JSON.stringify(input), 'service.json', { models: DRIVER_MODELS });
    if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
    return answersOf(runScenario(r.scenario, { seed: 1, models: DRIVER_MODELS }));
  };

  it('requires a saved value empty or not empty: a check-then-act on a row read back (null: no row)', () => {
    const a = scripted(
      {
        claim: [{ call: { node: 'db', f: 'get', as: 'seat' } }, { require: { empty: '{seat}', error: '409 seat taken' } }, { call: { node: 'db', f: 'put' } }],
        holder: [
          { call: { node: 'db', f: 'get', as: 'seat' } },
          { require: { notEmpty: '{seat.value}', error: '404 nobody', retryable: true } },
          { reply: { value: '{seat.value}' } },
        ],
      },
      [
        { at: '100ms', label: 'holder-before', f: 'holder', key: 'A1' },
        { at: '200ms', label: 'first', f: 'claim', key: 'A1', value: 'ann' },
        { at: '300ms', label: 'second', f: 'claim', key: 'A1', value: 'bob' },
        { at: '400ms', label: 'holder-after', f: 'holder', key: 'A1' },
      ],
    );
    expect(a['holder-before']).toMatchObject({ ok: false, error: '404 nobody', retryable: true });
    expect(a.first).toMatchObject({ ok: true });
    expect(a.second).toMatchObject({ ok: false, error: '409 seat taken', retryable: false });
    expect(a['holder-after']).toMatchObject({ ok: true, value: 'ann' });
  });

  it('empty is nothing, null, an empty text or an empty list; anything else is not empty', () => {
    const values: [string, unknown][] = [
      ['absent', undefined],
      ['null', null],
      ['text', ''],
      ['list', []],
      ['zero', 0],
      ['false', false],
      ['x', 'x'],
      ['map', {}],
    ];
    const a = scripted(
      { guard: [{ require: { empty: '{value}', error: '409 not empty' } }, { reply: 'ok' }] },
      values.map(([label, value], i) => ({ at: `${100 + i}ms`, label, f: 'guard', value })),
    );
    expect(Object.fromEntries(values.map(([label]) => [label, a[label]!.ok]))).toEqual({
      absent: true,
      null: true,
      text: true,
      list: true,
      zero: false,
      false: false,
      x: false,
      map: false,
    });
  });

  it('a value test names one value saved before it; a misspelt name or a second form is a positioned error', () => {
    const bad = (steps: unknown[]) => {
      const text = JSON.stringify({
        name: 'x',
        duration: '1s',
        nodes: [
          { id: 'svc', model: 'service', params: { handlers: { op: steps } } },
          { id: 'db', model: 'database' },
        ],
        variants: { v: {} },
        checks: [{ check: 'slo', latency: '1s' }],
      });
      const r = parseScenario(text, 'x.json');
      return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const get = { call: { node: 'db', f: 'get', as: 'seat' } };
    expect(bad([get, { require: { empty: '{seat.value}', error: '409' } }])).toEqual([]);
    expect(bad([get, { require: { empty: '{sat}', error: '409' } }])).toEqual([
      "nodes.0.params.handlers.op.1.require.empty: no value named 'sat' is saved before this step (a call's `as`, or key, value, f, from)",
    ]);
    // Saved only after the test: it reads as empty every time.
    expect(bad([{ require: { notEmpty: '{seat}', error: '409' } }, get])[0]).toMatch(
      /^nodes\.0\.params\.handlers\.op\.0\.require\.notEmpty: no value named 'seat'/,
    );
    expect(bad([get, { require: { empty: 'seat', error: '409' } }])[0]).toMatch(
      /^nodes\.0\.params\.handlers\.op\.1\.require\.empty: expected one value to test/,
    );
    expect(bad([get, { require: { absent: 'k', empty: '{seat}', error: '409' } }])[0]).toMatch(
      /^nodes\.0\.params\.handlers\.op\.1\.require\.present: give exactly one of `present` or `absent` \(a key of the memory\), or `empty` or `notEmpty` \(a saved value\)/,
    );
  });

  describe('idempotency keys (Stripe semantics)', () => {
    const charge = { op: [{ work: okIn(200) }, { effect: { kind: 'done' } }, { reply: { value: 'paid {key}' } }] };
    /** The client gives up on an attempt after 150 ms and retries `wait` later (up to `attempts` in all). */
    const retrying = (attempts: number, wait: string) => ({
      variants: {
        v: {
          client: [
            { type: 'retry', maxAttempts: attempts, waitDuration: wait },
            { type: 'timeout', timeout: '150ms' },
          ],
        },
      },
    });

    it('a retry gets the stored answer, so the work is done once; without the key it is done again', () => {
      const keyed = run({ workers: 10, handlers: charge, idempotency: { key: '{key}' } }, retrying(3, '100ms'));
      expect(keyed.effects.filter((e) => e.kind === 'done')).toHaveLength(10);
      expect(keyed.history.filter((e) => e.type === 'ok').map((e) => e.value)).toEqual(
        keyed.history.filter((e) => e.type === 'invoke').map((e) => `paid ${e.key}`),
      );
      expect(keyed.series.nodes.svc!.replayed!.values.reduce((a, b) => a + b, 0)).toBe(10);
      // Without it every attempt runs again (each too slow for the client's 150 ms): three each.
      const plain = run({ workers: 10, handlers: charge }, retrying(3, '100ms'));
      expect(plain.effects.filter((e) => e.kind === 'done')).toHaveLength(30);
    });

    it('a duplicate arriving while the first runs gets 409 in progress, retryable and in doubt: the outcome is unknown, not failed', () => {
      const dup = { faults: [{ kind: 'duplicate', at: '0s', duration: '5s', from: ['client-1'], to: ['svc'], rate: '100%' }] };
      const r = run({ workers: 20, handlers: charge, idempotency: { key: '{key}' } }, dup);
      expect(r.effects.filter((e) => e.kind === 'done')).toHaveLength(10);
      // The copy's 409 comes back first (no work), so the client records an unknown outcome.
      expect(r.stats.unknown).toBe(10);
      expect(r.stats.failed).toBe(0);
      expect(r.history.filter((e) => e.type === 'info').every((e) => e.note === '409 request in progress')).toBe(true);
    });

    it('a key reused with another value is refused 422; durable answers survive a restart, volatile ones do not', () => {
      const reused = run(
        { workers: 10, handlers: charge, idempotency: { key: '{key}' } },
        { workload: { clients: 1, target: 'svc', arrival: { process: 'burst', at: '1s', count: 10 }, ops: [{ f: 'op', keys: 1 }] } },
      );
      expect(reused.stats.ok).toBe(1);
      expect(reused.history.filter((e) => e.type === 'fail').map((e) => e.note)).toEqual(Array(9).fill('422 idempotency key reused with other parameters'));
      // Answered at 1.2 s, crashed 1.25 to 1.3 s, retried at ~1.65 s.
      const restart = { ...retrying(2, '500ms'), faults: [{ kind: 'crash', node: 'svc', at: '1250ms', duration: '50ms' }] };
      const durable = run({ workers: 10, handlers: charge, idempotency: { key: '{key}', durable: true } }, restart);
      expect(durable.effects.filter((e) => e.kind === 'done')).toHaveLength(10);
      const volatile = run({ workers: 10, handlers: charge, idempotency: { key: '{key}', durable: false } }, restart);
      expect(volatile.effects.filter((e) => e.kind === 'done')).toHaveLength(20);
    });

    it('runs a request whose key names a field it lacks without deduplication, not as one shared key', () => {
      // The workload's values are numbers: `{value.orderId}` names nothing.
      const r = run({ workers: 10, handlers: charge, idempotency: { key: '{value.orderId}' } }, retrying(3, '100ms'));
      expect(r.effects.filter((e) => e.kind === 'done')).toHaveLength(30);
      expect(r.history.some((e) => e.note?.startsWith('422'))).toBe(false);
      expect(r.series.nodes.svc!['no-idempotency-key']!.values.reduce((a, b) => a + b, 0)).toBe(30);
    });

    it("passes a dependency's in-doubt answer on in doubt: the client records the outcome unknown, not failed", () => {
      const pg = { id: 'pg', model: 'service', params: { workers: 20, handlers: charge, idempotency: { key: '{key}' } } };
      // Every request reaches pg twice: the copy is answered 409 in progress at once, before the ok.
      const dup = { faults: [{ kind: 'duplicate', at: '0s', duration: '5s', from: ['svc'], to: ['pg'], rate: '100%' }] };
      const r = run({ workers: 20, handlers: { op: [{ call: { node: 'pg', f: 'op' } }, { reply: 'ok' }] } }, dup, [pg]);
      expect(r.effects.filter((e) => e.kind === 'done')).toHaveLength(10);
      expect(r.stats.failed).toBe(0);
      expect(r.stats.unknown).toBe(10);
      expect(r.history.filter((e) => e.type === 'info').every((e) => e.note === '409 request in progress (from pg)')).toBe(true);
    });

    it('applies to the listed ops only', () => {
      const r = run({ workers: 10, handlers: charge, idempotency: { key: '{key}', ops: ['other'] } }, retrying(3, '100ms'));
      expect(r.effects.filter((e) => e.kind === 'done')).toHaveLength(30);
    });
  });

  it('a failed call can be answered with a chosen error, and an error reply can say it is in doubt', () => {
    const backend = { id: 'db', model: 'service', params: { workers: 1, queueSize: 0, serviceTime: okIn(50) } };
    const onError = { error: '409 taken', retryable: false, inDoubt: true };
    const chosen = run({ workers: 10, handlers: { op: [{ call: { node: 'db', f: 'get', onError } }] } }, {}, [backend]);
    expect(chosen.stats.ok).toBe(1);
    expect(chosen.stats.unknown).toBe(9);
    expect(chosen.history.filter((e) => e.type === 'info').every((e) => e.note === '409 taken')).toBe(true);
    const told = run({ workers: 10, handlers: { op: [{ call: { node: 'db', f: 'get', onError: { error: '503 try later' } } }] } }, {}, [backend]);
    expect(told.history.filter((e) => e.type === 'fail').map((e) => e.note)).toEqual(Array(9).fill('503 try later'));
    const doubt = run({ workers: 10, handlers: { op: [{ reply: { error: '504 timed out', inDoubt: true } }] } });
    expect([doubt.stats.unknown, doubt.stats.failed]).toEqual([10, 0]);
    const plain = run({ workers: 10, handlers: { op: [{ reply: { error: '504 timed out' } }] } });
    expect([plain.stats.unknown, plain.stats.failed]).toEqual([0, 10]);
  });
});
