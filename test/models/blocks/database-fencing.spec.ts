import { describe, expect, it } from 'vitest';
import { ArrayTraceSink, parseScenario, runScenario } from '../../../sim/index.js';
import { answersOf, DRIVER_MODELS } from './scripted-driver.js';

type Input = Record<string, unknown>;
/** A `database` node `db` (its params given) driven by a script of requests from `d`, over a 0 ms network. */
function scripted(db: Input, script: Input[], faults: Input[] = []) {
  const input = {
    name: 'database-fencing-test',
    duration: '5s',
    network: { default: { latency: { dist: 'constant', value: '0ms' } } },
    nodes: [
      { id: 'db', model: 'database', params: { queryTime: { dist: 'constant', value: '10ms' }, ...db } },
      { id: 'd', model: './driver.ts', params: { to: 'db', script } },
    ],
    faults,
    variants: { v: {} },
    checks: [{ check: 'slo', errorRate: '100%' }],
  };
  const r = parseScenario(JSON.stringify(input), 'fencing.json', { models: DRIVER_MODELS });
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1));
  const trace = new ArrayTraceSink();
  const run = runScenario(r.scenario, { seed: 1, models: DRIVER_MODELS, trace });
  const notes = trace.events.flatMap((e) => (e.type === 'note' && e.node === 'db' ? [e.text] : []));
  return { run, notes, a: answersOf(run), writes: run.effects.filter((e) => e.kind === 'write').map((e) => [e.key, e.value]) };
}
const put = (at: string, label: string, token: unknown, key = 'k') => ({ at, label, f: 'put', key, value: { holder: label, token, data: label } });
const STALE = { ok: false, error: '409 stale fencing token 1 < 2', retryable: false };
const fenced = { fencing: { field: 'token' } };

describe('database fencing', () => {
  it('refuses a put whose token is below the highest its row has seen, and records nothing; equal and higher tokens pass', () => {
    const { run, notes, a, writes } = scripted(fenced, [
      put('0ms', 'w1', 1),
      put('20ms', 'w2', 2),
      put('40ms', 'stale', 1),
      put('60ms', 'again', 2),
      put('80ms', 'w3', 3),
    ]);
    expect(a.w1).toMatchObject({ ok: true, value: { version: 1 } });
    expect(a.stale).toMatchObject({ at: 50_000, ...STALE });
    expect(a.again).toMatchObject({ ok: true, value: { version: 3 } });
    expect(a.w3).toMatchObject({ ok: true, value: { version: 4 } });
    expect(writes.map(([, v]) => (v as { value: { holder: string } }).value.holder)).toEqual(['w1', 'w2', 'again', 'w3']);
    expect(run.nodes.db!.belief).toMatchObject({ rows: { k: { holder: 'w3', token: 3 } }, versions: { k: 4 } });
    expect(notes).toEqual(['refuses a put of k from d (tx-3): 409 stale fencing token 1 < 2']);
  });

  it('without fencing the same stale put is accepted', () => {
    const { a, writes } = scripted({}, [put('0ms', 'w1', 1), put('20ms', 'w2', 2), put('40ms', 'stale', 1)]);
    expect(a.stale).toMatchObject({ ok: true, value: { version: 3 } });
    expect(writes).toHaveLength(3);
  });

  it('the highest token is per row: another row takes an older token; a value without one is not fenced and keeps the fence', () => {
    const { a } = scripted(fenced, [
      put('0ms', 'w2', 2),
      put('20ms', 'other-row', 1, 'other'),
      { at: '40ms', label: 'untokened', f: 'put', key: 'k', value: { holder: 'admin' } },
      put('60ms', 'stale', 1),
      { at: '80ms', label: 'scalar', f: 'put', key: 'k', value: 'plain' },
    ]);
    expect(a['other-row']).toMatchObject({ ok: true });
    expect(a.untokened).toMatchObject({ ok: true, value: { version: 2 } });
    expect(a.stale).toMatchObject(STALE);
    expect(a.scalar).toMatchObject({ ok: true, value: { version: 3 } });
  });

  it('put-if, insert and a tx are fenced too; the refusal rolls the whole tx back; a delete keeps the fence', () => {
    const v = (token: number) => ({ holder: 'h', token });
    const { a, writes } = scripted(fenced, [
      put('0ms', 'w2', 2),
      { at: '20ms', label: 'put-if', f: 'put-if', key: 'k', value: { value: v(1), version: 1 } },
      {
        at: '40ms',
        label: 'tx',
        f: 'tx',
        key: 'k',
        value: {
          ops: [
            { f: 'put', key: 'side', value: 'x' },
            { f: 'put', key: 'k', value: v(1) },
          ],
        },
      },
      { at: '80ms', label: 'delete', f: 'delete', key: 'k' },
      { at: '100ms', label: 'insert', f: 'insert', key: 'k', value: v(1) },
      { at: '120ms', label: 'insert-2', f: 'insert', key: 'k', value: v(2) },
    ]);
    expect(a['put-if']).toMatchObject(STALE);
    expect(a.tx).toMatchObject(STALE);
    expect(a.delete).toMatchObject({ ok: true, value: { version: 2 } });
    expect(a.insert).toMatchObject(STALE);
    expect(a['insert-2']).toMatchObject({ ok: true, value: { version: 3 } });
    expect(writes.map(([k]) => k)).toEqual(['k', 'k', 'k']);
  });

  it('field names the token; a token that is not a number is a 400', () => {
    const { a } = scripted({ fencing: { field: 'epoch' } }, [
      { at: '0ms', label: 'e2', f: 'put', value: { epoch: 2 } },
      { at: '20ms', label: 'e1', f: 'put', value: { epoch: 1, token: 9 } },
      { at: '40ms', label: 'text', f: 'put', value: { epoch: '3' } },
    ]);
    expect(a.e1).toMatchObject(STALE);
    expect(a.text).toMatchObject({ ok: false, error: '400 bad request: fencing token epoch must be a number', retryable: false });
  });

  const crashed = (durability: Input) =>
    scripted({ ...fenced, ...durability }, [put('0ms', 'w2', 2), put('500ms', 'stale', 1)], [{ kind: 'crash', node: 'db', at: '100ms', duration: '100ms' }]).a;
  it('the highest token is as durable as the rows: fsync, wal and a snapshot keep it through a crash; memory, or no snapshot yet, lose it with them', () => {
    expect(crashed({ durability: 'fsync' }).stale).toMatchObject(STALE);
    expect(crashed({ durability: 'wal' }).stale).toMatchObject(STALE);
    expect(crashed({ durability: 'snapshot', snapshotEvery: '50ms' }).stale).toMatchObject(STALE);
    // The first snapshot is due at 1 s, after the crash at 100 ms: the row and its fence are lost.
    expect(crashed({ durability: 'snapshot', snapshotEvery: '1s' }).stale).toMatchObject({ ok: true, value: { version: 1 } });
    expect(crashed({ durability: 'memory' }).stale).toMatchObject({ ok: true, value: { version: 1 } });
  });

  it('a fencing param that cannot work is a positioned error', () => {
    const bad = (fencing: unknown) => {
      const text = JSON.stringify(
        { name: 'f', duration: '1s', nodes: [{ id: 'db', model: 'database', params: { fencing } }], variants: { v: {} }, checks: [{ check: 'slo' }] },
        null,
        1,
      );
      const r = parseScenario(text, 'fencing.json');
      return r.ok ? '' : `${r.issues[0]!.line}: ${r.issues[0]!.path.join('.')}: ${r.issues[0]!.message}`;
    };
    expect(bad(true)).toMatch(/^9: nodes\.0\.params\.fencing: /);
    expect(bad({ field: '' })).toMatch(/^10: nodes\.0\.params\.fencing\.field: /);
    expect(bad({ feld: 'token' })).toMatch(/nodes\.0\.params\.fencing\.feld: unknown field 'feld'; did you mean 'field'\?/);
    expect(bad({ field: 'x'.repeat(101) })).toMatch(/nodes\.0\.params\.fencing\.field: /);
  });
});
