import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../sim/checks/index.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { Run, s } from './helpers.js';

const orphans = { check: 'requires', effect: 'metadata-written', requires: 'stored' } as const;

describe('requires', () => {
  it('passes when every effect has its required one by the end of the run, before or after it', () => {
    const r = new Run();
    r.effect(1, 'api', 'metadata-written', 'a');
    r.effect(1.5, 'files', 'stored', 'a');
    r.effect(2, 'files', 'stored', 'b'); // file first, row after: fine
    r.effect(3, 'api', 'metadata-written', 'b');
    r.effect(4, 'api', 'metadata-written', 'a'); // a second row of a: its file is there
    const v = r.check(orphans);
    expect(v).toMatchObject({ ok: true, measured: { effects: 3, keys: 2, missing: 0, pending: 0, withdrawn: 0 } });
    expect(v.detail).toBe('3 metadata-written effects of 2 keys, each with its stored by the end of the run (100s).');
  });

  it('reports the keys missing it, each at the moment it became a violation (the end of the run)', () => {
    const r = new Run();
    r.endUs = s(12);
    const a = r.effect(1, 'api', 'metadata-written', 'photo-17');
    r.effect(1.2, 'files', 'stored', 'photo-3');
    const b = r.effect(2, 'api', 'metadata-written', 'photo-22');
    r.effect(2.5, 'api', 'metadata-written', 'photo-3');
    const v = r.check(orphans);
    expect(v).toMatchObject({ ok: false, at: s(12), effects: [a, b], measured: { effects: 3, keys: 3, missing: 2 } });
    expect(v.detail).toBe(
      'metadata-written photo-17 (effect 0, on api at 1s) had no stored for photo-17 by the end of the run (12s). 2 keys in all: photo-17 (at 12s), photo-22 (at 12s).',
    );
  });

  it('within: the required effect must come by that long after; a late one is named, and a bound not yet passed is not judged', () => {
    const r = new Run();
    r.endUs = s(20);
    const late = r.effect(1, 'api', 'metadata-written', 'a');
    r.effect(7, 'files', 'stored', 'a');
    r.effect(2, 'api', 'metadata-written', 'b');
    r.effect(6.9, 'files', 'stored', 'b'); // 4.9s after: in time
    const never = r.effect(3, 'api', 'metadata-written', 'c');
    r.effect(18, 'api', 'metadata-written', 'd'); // its 5s bound ends after the run
    const v = r.check({ ...orphans, within: '5s' });
    expect(v).toMatchObject({ ok: false, at: s(6), effects: [late, never], measured: { missing: 2, pending: 1 } });
    expect(v.detail).toBe(
      'metadata-written a (effect 0, on api at 1s) had no stored for a within 5s (by 6s); the first came at 7s. 2 keys in all: a (at 6s), c (at 8s).',
    );
    // Exactly at the bound is in time.
    expect(r.check({ ...orphans, within: '6s' })).toMatchObject({ ok: false, at: s(9), measured: { missing: 1 } });
    // Without the bound only c, never stored, breaks the rule; d is judged at the end of the run.
    expect(r.check(orphans)).toMatchObject({ ok: false, at: s(20), effects: [never, 5], measured: { missing: 2, pending: 0 } });
  });

  it('unless: an effect withdrawing it (the row removed) after it, by the deadline, lifts the requirement', () => {
    const r = new Run();
    r.effect(1, 'api', 'metadata-written', 'a');
    r.effect(0.5, 'api', 'metadata-removed', 'b'); // before the row: does not withdraw it
    const b = r.effect(2, 'api', 'metadata-written', 'b');
    r.effect(3, 'verifier', 'metadata-removed', 'a');
    expect(r.check({ ...orphans, unless: 'metadata-removed' })).toMatchObject({ ok: false, effects: [b], measured: { missing: 1, withdrawn: 1 } });
    expect(r.check({ ...orphans, unless: 'metadata-removed', within: '1s' })).toMatchObject({ ok: false, effects: [0, b] });
  });

  it('matches keys through templates: a database row upload-{key} against the stored object {key}', () => {
    const r = new Run();
    r.effect(1, 'files', 'stored', 'x');
    r.effect(1.1, 'db', 'write', 'upload-x', { value: 1, version: 1 });
    const orphan = r.effect(2, 'db', 'write', 'upload-y', { value: 2, version: 1 });
    expect(r.check({ check: 'requires', effect: 'write', requires: 'stored' })).toMatchObject({ ok: false, measured: { missing: 2 } });
    const v = r.check({ check: 'requires', effect: 'write', requires: 'stored', requiresKey: 'upload-{key}' });
    expect(v).toMatchObject({ ok: false, effects: [orphan], measured: { keys: 2, missing: 1 } });
    expect(v.detail).toContain('write upload-y (effect 2, on db at 2s) had no stored for upload-y');
    // The key from a field of the value; an effect without that field is a violation at its moment.
    const r2 = new Run();
    r2.effect(1, 'files', 'stored', 'x');
    r2.effect(2, 'api', 'metadata-written', 'row-1', { file: 'x' });
    const unkeyed = r2.effect(3, 'api', 'metadata-written', 'row-2', {});
    const v2 = r2.check({ ...orphans, key: 'file' });
    expect(v2).toMatchObject({ ok: false, at: s(3), effects: [unkeyed], measured: { missing: 1 } });
    expect(v2.detail).toBe("metadata-written row-2 (effect 2, on api at 3s) has nothing to fill its key template '{value.file}'.");
  });

  it('judged nothing fails unless allowEmpty', () => {
    const r = new Run();
    r.effect(1, 'files', 'stored', 'x');
    const v = r.check(orphans);
    expect(v).toMatchObject({ ok: false, measured: { effects: 0 } });
    expect(v.detail).toBe('judged nothing: no metadata-written effect to judge (0 recorded); set `allowEmpty: true` if that is expected.');
    expect(r.check({ ...orphans, allowEmpty: true })).toMatchObject({ ok: true });
    // Only effects whose bound had not passed: nothing judged either.
    r.effect(99, 'api', 'metadata-written', 'y');
    expect(r.check({ ...orphans, within: '5s' }).detail).toMatch(/^judged nothing: .*1 effect too close to the end of the run/);
  });

  it('rejects the same kind twice and a bad unless, at their field', () => {
    const bad = (extra: Record<string, unknown>) => checkSchema.safeParse({ ...orphans, ...extra }).error?.issues[0];
    expect(bad({ requires: 'metadata-written' })).toMatchObject({ path: ['requires'] });
    expect(bad({ unless: 'stored' })).toMatchObject({ path: ['unless'] });
    expect(bad({ requiresKey: '{file}' })).toMatchObject({ path: ['requiresKey'] });
    expect(bad({ within: '5' })).toMatchObject({ path: ['within'] });
  });

  it('through a real run: metadata row first, then the file to a failing object store, leaves rows without files', () => {
    const upload = (steps: unknown[]) => ({ upload: steps });
    const row = { call: { node: 'db', f: 'insert', key: 'upload-{key}' } };
    const file = { call: { node: 'files', f: 'put' } };
    const scenario = {
      name: 'requires-run',
      duration: '6s',
      nodes: [
        { id: 'api', model: 'service', params: { workers: 16, serviceTime: { dist: 'constant', value: '1ms' }, handlers: upload(['work', row, file]) } },
        { id: 'files', model: 'object-store', params: { latency: { dist: 'constant', value: '20ms' }, failRate: '20%' } },
        { id: 'db', model: 'database' },
      ],
      workload: { clients: 2, target: 'api', arrival: { process: 'poisson', rate: '40/s' }, ops: [{ f: 'upload' }], until: '5s' },
      variants: { 'row-first': {}, 'file-first': { params: { api: { handlers: upload(['work', file, row]) } } } },
      checks: [{ name: 'no-orphan-rows', check: 'requires', effect: 'write', requires: 'stored', requiresKey: 'upload-{key}', within: '500ms' }],
    };
    const parsed = parseScenario(JSON.stringify(scenario), 'requires.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const naive = runScenario(parsed.scenario, { variant: 'row-first', seed: 2 });
    const v = naive.checks[0]!;
    expect(v.ok).toBe(false);
    // Each named row really has no stored object for its upload, and the store failed puts.
    const stored = new Set(naive.effects.filter((e) => e.kind === 'stored').map((e) => `upload-${e.key}`));
    expect(v.effects!.length).toBe(v.measured!.missing);
    for (const i of v.effects!) {
      expect(naive.effects[i]).toMatchObject({ kind: 'write', node: 'db' });
      expect(stored.has(naive.effects[i]!.key)).toBe(false);
    }
    expect(v.measured!.missing).toBeGreaterThan(10);
    expect(v.at).toBe(naive.effects[v.effects![0]!]!.time + 500_000);
    const fixed = runScenario(parsed.scenario, { variant: 'file-first', seed: 2 });
    expect(fixed.checks[0]).toMatchObject({ ok: true, measured: { missing: 0 } });
    expect(fixed.checks[0]!.measured!.effects).toBeGreaterThan(100);
  });
});
