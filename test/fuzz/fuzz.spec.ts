import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { ModelError } from '../../sim/world/model.js';
import { inProcess, STACK_LINE, tempDir } from '../cli/cli.js';
import { bundledFiles, SCENARIO_DIR } from '../scenarios/bundled.js';
import { mutate, rng } from './mutate.js';

/**
 * Structure-aware fuzzing (issue 15): bundled scenarios broken a few places at a time (extreme
 * numbers, prototype names, control characters, type swaps, huge lists, deep nesting). Whatever
 * the file, parsing returns issues or a scenario and never throws; a scenario that validates runs
 * (with a small event budget) to a result or a model error, never an internal error; and the
 * CLI's `validate` exits 0, 1 or 2 with the file named and no stack trace. Seeded: a failure
 * names its seed, and `FUZZ_SEED=N` replays that one case.
 */
/** `FUZZ_CASES=5000` for a deeper local run. */
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const CLI_CASES = 8;
const BASE_SEED = 20_260_101;

const files = bundledFiles();
const sources = files.map((f) => parse(readFileSync(SCENARIO_DIR + f, 'utf8'), { maxAliasCount: -1 }) as unknown);
const only = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Case `seed`: a bundled scenario (chosen by the seed) mutated, as JSON text (YAML reads JSON). */
function fuzzCase(seed: number): { from: string; text: string } {
  const r = rng(seed);
  const k = Math.floor(r() * files.length);
  return { from: files[k]!, text: JSON.stringify(mutate(sources[k], r)) };
}

const seeds = (n: number, offset: number) => (only === undefined ? Array.from({ length: n }, (_, i) => BASE_SEED + offset + i) : [only]);

describe('fuzzing mutated bundled scenarios', () => {
  it(`parses and runs ${CASES} of them: issues or a result, never an internal error`, () => {
    let valid = 0;
    for (const seed of seeds(CASES, 0)) {
      const { from, text } = fuzzCase(seed);
      const where = `FUZZ_SEED=${seed} (from ${from})`;
      let parsed: ReturnType<typeof parseScenario>;
      try {
        parsed = parseScenario(text, 'fuzz.json');
      } catch (e) {
        throw new Error(`${where}: parseScenario threw: ${String(e)}`);
      }
      if (!parsed.ok) {
        for (const issue of parsed.issues) {
          expect(issue.file, where).toBe('fuzz.json');
          expect(issue.message.length, where).toBeGreaterThan(0);
        }
        continue;
      }
      valid++;
      const scenario = { ...parsed.scenario, maxEvents: Math.min(parsed.scenario.maxEvents, 3000) };
      const variant = Object.keys(scenario.variants)[seed % Object.keys(scenario.variants).length]!;
      try {
        const run = runScenario(scenario, { variant, seed });
        expect(Number.isSafeInteger(run.endUs), where).toBe(true);
      } catch (e) {
        // A model error is exit 1 (a bug in the system under test); anything else would be exit 3.
        if (!(e instanceof ModelError)) throw new Error(`${where}: runScenario threw ${e instanceof Error ? e.name : typeof e}: ${String(e)}`);
      }
    }
    // Mutations are mostly fatal; enough survive to exercise the engine.
    if (only === undefined) expect(valid).toBeGreaterThan(CASES / 10);
  });

  const tmp = tempDir();
  it(`validates ${CLI_CASES} of them through the CLI: exit 0, 1 or 2, the file named, no stack trace`, async () => {
    for (const seed of seeds(CLI_CASES, CASES)) {
      const { text } = fuzzCase(seed);
      const file = join(tmp.dir, `fuzz-${seed}.json`);
      writeFileSync(file, text);
      const r = await inProcess(['validate', file]);
      const where = `FUZZ_SEED=${seed}`;
      expect([0, 1, 2], where).toContain(r.code);
      expect(r.stderr, where).not.toMatch(STACK_LINE);
      expect(r.stderr, where).not.toMatch(/internal error/);
      if (r.code === 2)
        for (const line of r.stderr.trimEnd().split('\n')) expect(line.startsWith(file) || line.startsWith('... and '), `${where}: ${line}`).toBe(true);
      else expect(r.stdout, where).toContain(file);
    }
  });
});
