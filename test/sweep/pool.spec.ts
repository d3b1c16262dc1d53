import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../sim/index.js';
import { planJobs } from '../../sim/sweep/plan.js';
import { runSeed, runSeedWithin } from '../../sim/sweep/run-seed.js';
import type { SweepJob } from '../../sim/sweep/types.js';

// The pool starts compiled workers (dist/bin/sweep/worker.js): `npm test` builds dist first.
const { startPool } = (await import('../../dist/bin/sweep/pool.js')) as typeof import('../../bin/sweep/pool.js');

const file = 'scenarios/split-brain.yaml';
const parsed = parseScenario(readFileSync(file, 'utf8'), file);
if (!parsed.ok) throw new Error(`${file} does not load`);
const scenario = parsed.scenario;
const variants = Object.keys(scenario.variants);

describe('the sweep pool, with the main thread running jobs while its workers start', () => {
  it('gives the same outcome for every job as the workers alone, the main thread having run some and the workers the rest', async () => {
    const jobs = planJobs(
      Array.from({ length: 600 }, (_, i) => i + 1),
      variants,
    );
    let inlineRuns = 0;
    const inline = (job: SweepJob) => {
      inlineRuns++;
      return runSeed(scenario, job);
    };
    const helped = await startPool(jobs, { file, swarm: false, variants, workers: 2, inline }).done;
    const alone = await startPool(jobs, { file, swarm: false, variants, workers: 2 }).done;
    expect(helped.outcomes.size).toBe(jobs.length);
    expect(helped.stopped).toBe(false);
    for (let i = 0; i < jobs.length; i++) expect(helped.outcomes.get(i), `job ${i}`).toEqual(alone.outcomes.get(i));
    expect(inlineRuns).toBeGreaterThan(0);
    expect(inlineRuns).toBeLessThan(jobs.length);
  });

  it('finishes a sweep smaller than the start-up on the main thread alone', async () => {
    const jobs = planJobs([1, 2], variants.slice(0, 1));
    const r = await startPool(jobs, { file, swarm: false, variants, workers: 2, inline: (job) => runSeed(scenario, job) }).done;
    expect([...r.outcomes.keys()].sort()).toEqual([0, 1]);
    expect(r.outcomes.get(1)).toEqual(runSeed(scenario, jobs[1]!));
  });

  it('hands a job the main thread gives up on (too many events) to a worker, and the rest of the sweep too', async () => {
    const jobs = planJobs([1, 2, 3], variants);
    let tried = 0;
    const inline = (job: SweepJob) => {
      tried++;
      return runSeedWithin(scenario, job, 10);
    };
    const r = await startPool(jobs, { file, swarm: false, variants, workers: 1, inline }).done;
    expect(tried).toBe(1);
    for (const [i, job] of jobs.entries()) expect(r.outcomes.get(i), `job ${i}`).toEqual(runSeed(scenario, job));
  });
});

describe("runSeedWithin, the main thread's bounded run", () => {
  it("is runSeed's run when it ends within its events, and gives up (undefined) when it would not", () => {
    const job = { variant: 'naive', seed: 3 };
    const events = runScenario(scenario, job).events;
    expect(runSeedWithin(scenario, job, events)).toEqual(runSeed(scenario, job));
    expect(runSeedWithin(scenario, job, events - 1)).toBeUndefined();
  });
});
