import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../bin/load.js';
import { runJsonReport } from '../../bin/run-reports.js';
import { jsonChunks } from '../../reports/json-stream.js';
import { renderJson } from '../../reports/json.js';

// `faultline run --format json` streams its report (reports/json-stream.ts): a consumer reads
// exactly the text JSON.stringify would have written, whole.
describe('the streamed JSON report', () => {
  it('is renderJson of the same object, whatever it holds', () => {
    const values = fc.anything({ maxDepth: 7, withNullPrototype: true, withDate: true, withSparseArray: true, withObjectString: true });
    fc.assert(
      fc.property(fc.dictionary(fc.string(), values), (v) => {
        expect([...jsonChunks(v)].join('')).toBe(renderJson(v));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out what stringify leaves out and writes null where it does', () => {
    const v = { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: {}, e: [], f: { g: { h: { i: { j: [1, { k: 'x\ny' }] } } } }, n: -0 };
    expect([...jsonChunks(v)].join('')).toBe(renderJson(v));
    expect([...jsonChunks({ only: undefined })].join('')).toBe('{}\n');
  });

  it('is the unstreamed report of a long run, in several chunks', async () => {
    const file = 'scenarios/canary-rollback.yaml';
    const base = (await loadScenario(file)).scenario;
    // A 200 s workload: about 140 k events, a report of several 64 KB chunks.
    const scenario = { ...base, duration: 210_000_000, workload: { ...base.workload!, until: 200_000_000 } };
    const report = runJsonReport(scenario, { file, variant: 'naive', seed: 1 }, 'npx faultline run x');
    const chunks = [...jsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(renderJson(report));
  });
});
