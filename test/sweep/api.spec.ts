// The example of docs/testing-api.md, as a real test. A project of its own writes
// `from 'faultline'`; inside this repository the public entry is sim/index.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, sweep, type Scenario } from '../../sim/index.js';

function loadScenario(file: string): Scenario {
  const r = parseScenario(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.file}:${i.line ?? '?'}: ${i.message}`).join('\n'));
  return r.scenario;
}

describe('split-brain', () => {
  const scenario = loadScenario('scenarios/split-brain.yaml');

  it('fencing tokens keep storage safe on 200 seeds', () => {
    const result = sweep(scenario, { seeds: Array.from({ length: 200 }, (_, i) => i + 1), variants: ['fencing'] });
    const check = result.variants[0]!.checks.find((c) => c.name === 'no-stale-writes')!;
    expect(check.failures, `first failing seed: ${check.failures[0]?.seed}`).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('the naive variant shows the bug, shrunk to a short pause', () => {
    const result = sweep(scenario, { seeds: [1, 2, 3], variants: ['naive'], shrink: 'all' });
    const check = result.variants[0]!.checks[0]!;
    expect(check.failed).toBe(3);
    expect(check.shrink?.faults).toHaveLength(1);
  });

  it('one run is the same run every time', () => {
    const a = runScenario(scenario, { variant: 'naive', seed: 42 });
    const b = runScenario(scenario, { variant: 'naive', seed: 42 });
    expect(a.traceDigest).toBe(b.traceDigest);
    expect(a.verdict).toBe('fail');
  });
});
