import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inlineRunner } from '../bin/sweep/inline-runner.js';
import { startPool } from '../bin/sweep/pool.js';
import { parseScenario, runScenario, shrinkFaults, type Scenario } from '../sim/index.js';
import { planJobs } from '../sim/sweep/plan.js';

/**
 * Sweep figures for `npm run bench`: seeds per second through the worker pool on 1 and 2
 * workers, as `faultline sweep` runs them (thread start-up included, the main thread running
 * jobs until a worker is ready), and how many runs shrinking
 * needs on the bundled variants that are meant to fail.
 */
const scenariosDir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

function load(file: string): Scenario {
  const r = parseScenario(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file}: ${r.issues[0]?.message ?? 'invalid'}`);
  return r.scenario;
}

export async function seedsPerSecond(seeds: number, workers: number): Promise<number> {
  const file = `${scenariosDir}split-brain.yaml`;
  const scenario = load(file);
  const variants = Object.keys(scenario.variants);
  const jobs = planJobs(
    Array.from({ length: seeds }, (_, i) => i + 1),
    variants,
  );
  const t0 = process.hrtime.bigint();
  const { outcomes } = await startPool(jobs, { file, swarm: false, variants, workers, inline: inlineRunner(scenario, {}) }).done;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (outcomes.size !== jobs.length) throw new Error(`the pool finished ${outcomes.size} of ${jobs.length} runs`);
  return seeds / s;
}

/** For every bundled variant that expects a check to fail: the runs shrinking its seed-1 failure takes. */
export function shrinkRuns(): { name: string; runs: number; from: number; to: number }[] {
  const out: { name: string; runs: number; from: number; to: number }[] = [];
  for (const f of readdirSync(scenariosDir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const scenario = load(scenariosDir + f);
    for (const [variant, v] of Object.entries(scenario.variants)) {
      for (const [check, verdict] of Object.entries(v.expect ?? {})) {
        if (verdict !== 'fail') continue;
        const seed = scenario.seed;
        if (runScenario(scenario, { variant, seed }).checks.find((c) => c.name === check)?.ok !== false) continue;
        const r = shrinkFaults(scenario, { variant, seed, check, faults: scenario.faults });
        out.push({ name: `${scenario.name}/${variant}/${check}`, runs: r.runs, from: r.fromFaults, to: r.faults.length });
      }
    }
  }
  return out;
}
