import { describe, expect, it } from 'vitest';
import { renderCompareText } from '../../reports/compare-text.js';
import { formatSeedRanges as formatSeeds } from '../../reports/format.js';
import { compareRuns } from '../../sim/run/verdict-matrix.js';
import { answered, doubleCharge, fakeRun } from './fixtures.js';

const run = (variant: string, seed: number, failing: boolean) =>
  fakeRun({ variant, seed }, [failing ? { ...doubleCharge, detail: `seed ${seed}` } : { ...doubleCharge, ok: true }, answered]);

describe('compareRuns', () => {
  const runs = [run('naive', 2, true), run('naive', 1, false), run('naive', 3, true), run('safe', 1, false), run('safe', 2, false), run('safe', 3, false)];

  it('counts passes and failures per cell and finds the first failing seed', () => {
    const m = compareRuns(runs);
    expect(m.seeds).toEqual([1, 2, 3]);
    const [naive, safe] = m.scenarios[0]!.variants;
    expect(naive!.cells[0]).toEqual({
      check: 'exactly-once',
      kind: 'safety',
      passed: 1,
      failed: 2,
      firstFailingSeed: 2,
      firstFailureDetail: 'seed 2',
      status: 'failed',
    });
    expect(naive!.seedsPassed).toBe(1);
    expect(safe!.cells.every((c) => c.status === 'ok')).toBe(true);
    expect(m.asExpected).toBe(false);
  });

  it('pools ok latencies over every seed', () => {
    const naive = compareRuns(runs).scenarios[0]!.variants[0]!;
    // Each fake run has ok latencies of 12ms and 1.4s.
    expect(naive.latency).toMatchObject({ count: 6, p50Us: 12_000, p99Us: 1_400_000 });
    expect(naive).toMatchObject({ runs: 3, requests: 9, ok: 6, unknown: 3 });
  });

  it('is as expected when `expect: fail` cells failed on some seed and `pass` cells on none', () => {
    const m = compareRuns(runs, { demo: { naive: { 'exactly-once': 'fail' }, safe: { 'exactly-once': 'pass' } } });
    expect(m.asExpected).toBe(true);
    const wrong = compareRuns(runs, { demo: { naive: { 'exactly-once': 'pass' }, safe: { 'exactly-once': 'fail' } } });
    expect(wrong.scenarios[0]!.variants.map((v) => v.cells[0]!.status)).toEqual(['unexpected', 'unexpected']);
  });

  it('renders a matrix with replay lines', () => {
    const text = renderCompareText({
      matrix: compareRuns(runs, { demo: { naive: { 'exactly-once': 'fail' } } }),
      reproduce: (s, v, seed) => `faultline run ${s}.yaml --variant ${v} --seed ${seed}`,
    });
    expect(text).toMatchInlineSnapshot(`
      "1 scenario, every variant on seeds 1..3 (3 seeds)

      demo
        variant  exactly-once (safety)     answered (liveness)  ok latency p50 / p99  requests ok/all
        naive    ✗ 1/3 pass (expect fail)  ✓ 3/3 pass           12ms / 1.4s           6/9
        safe     ✓ 3/3 pass                ✓ 3/3 pass           12ms / 1.4s           6/9

      Failing as expected (the bug each naive variant demonstrates)
        demo / naive / exactly-once: failed on 2 of 3 seeds
          first failing seed 2: seed 2
          faultline run demo.yaml --variant naive --seed 2

      AS EXPECTED  every cell matches its variant's expect (a cell with no expectation must pass)
      "
    `);
  });

  it('writes seed lists compactly', () => {
    expect(formatSeeds([1, 2, 3, 4])).toBe('1..4');
    expect(formatSeeds([1, 4, 9])).toBe('1,4,9');
    expect(formatSeeds([7])).toBe('7');
  });
});
