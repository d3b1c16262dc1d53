import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../../sim/index.js';
import { loadBundled, runsOf } from './bundled.js';

/** Rows and files as the database and the object store recorded them, not a flag. */
const S = 1_000_000;
/** Each row's first write (the outbox variant writes it again when the verifier marks it done). */
function rows(r: ScenarioRun): Map<string, number> {
  const first = new Map<string, number>();
  for (const e of r.effects) if (e.kind === 'write' && e.node === 'db' && !first.has(e.key)) first.set(e.key, e.time);
  return first;
}
const files = (r: ScenarioRun) => new Map(r.effects.filter((e) => e.kind === 'stored' && e.node === 'files').map((e) => [e.key, e.time] as const));
/** Rows never given their file. */
function orphans(r: ScenarioRun): string[] {
  const stored = files(r);
  return [...rows(r).keys()].filter((k) => !stored.has(k));
}

describe('orphan-metadata', () => {
  const scenario = loadBundled('orphan-metadata.yaml');
  const run = runsOf(scenario);

  it('naive: the uploads that failed while the store was down left their rows, with no file', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('naive', seed);
      const left = orphans(r);
      expect(left.length).toBeGreaterThan(5);
      const written = rows(r);
      // Each orphan row was written just before or during the store's crash (2 s to 3 s)...
      for (const k of left) expect(written.get(k)!).toBeGreaterThan(1.7 * S);
      // ... and its upload failed: the client was told, the row was not removed.
      const failed = new Set(r.history.filter((h) => h.f === 'upload' && h.type !== 'ok' && h.type !== 'invoke').map((h) => h.key));
      for (const k of left) expect(failed.has(k)).toBe(true);
      const check = r.checks.find((c) => c.name === 'rows-have-files')!;
      expect(check.ok).toBe(false);
      const first = left.sort((a, b) => written.get(a)! - written.get(b)!)[0]!;
      expect(check.detail).toContain(`write ${first}`);
      expect(check.at).toBe(written.get(first)! + 3 * S);
    }
  });

  it('file-first: every row has its file, stored before the row; failed uploads leave no row', () => {
    const r = run('file-first');
    const stored = files(r);
    for (const [k, t] of rows(r)) expect(stored.get(k)!).toBeLessThan(t);
    expect(r.history.some((h) => h.f === 'upload' && h.type === 'fail')).toBe(true);
  });

  it('outbox: every upload is acknowledged; the rows of the crash wait for their file, which the verifier stores once the store is back', () => {
    for (const seed of [1, 2, 3]) {
      const r = run('outbox', seed);
      expect(r.history.filter((h) => h.f === 'upload' && h.type !== 'invoke').every((h) => h.type === 'ok')).toBe(true);
      expect(orphans(r)).toEqual([]);
      const stored = files(r);
      const waits = [...rows(r)].map(([k, t]) => stored.get(k)! - t);
      // Some rows waited through the crash (the verifier's deliveries were refused and redelivered) ...
      expect(Math.max(...waits)).toBeGreaterThan(500_000);
      expect(Math.max(...waits)).toBeLessThan(3 * S);
      expect(r.series.nodes.outbox!.redelivered!.values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  });
});
