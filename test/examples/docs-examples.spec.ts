import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isModelPath, parseScenario, runScenario, type ScenarioRun } from '../../sim/index.js';
import { compareRuns } from '../../sim/run/verdict-matrix.js';

/**
 * The scenario files the docs link to are meant to be run: `faultline compare <file>` on them
 * must say AS EXPECTED, or a reader who tries one is told the docs are wrong. Judged here as
 * `compare` judges (a `fail` fails on some seed, a `pass` or no expectation holds on all), on
 * seeds 1..10; every file held on 1..50 when its figures were written. (The stories, and the
 * examples with their own spec, are also judged there.)
 */
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));

describe('the docs example scenarios', () => {
  it.each(files('docs/examples'))('%s: every cell as expected on seeds 1..10', (file) => {
    const parsed = parseScenario(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file} does not load: ${parsed.issues[0]?.message}`);
    const s = parsed.scenario;
    expect(s.nodes.filter((n) => isModelPath(n.model))).toEqual([]);
    const runs: ScenarioRun[] = [];
    const expects: Record<string, Record<string, 'pass' | 'fail'>> = {};
    for (const [variant, v] of Object.entries(s.variants)) {
      expects[variant] = v.expect ?? {};
      for (const seed of SEEDS) runs.push(runScenario(s, { variant, seed }));
    }
    const m = compareRuns(runs, { [s.name]: expects });
    const off = m.scenarios.flatMap((x) =>
      x.variants.flatMap((v) => v.cells.filter((c) => c.status !== 'ok').map((c) => `${v.variant}/${c.check}: ${c.status}`)),
    );
    expect(off).toEqual([]);
  });
});
