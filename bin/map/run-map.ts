import { bisect, type FindPlan } from '../../sim/sweep/map/find.js';
import { aggregateMap, mapCell, mapJobs, mapRun } from '../../sim/sweep/map/map.js';
import type { FindResult, MapAxis, MapResult, PointValue } from '../../sim/sweep/map/types.js';
import type { SeedOutcome, SweepJob } from '../../sim/sweep/types.js';
import { onInterrupt } from '../sweep/interrupt.js';
import { inlineRunner } from '../sweep/inline-runner.js';
import { type PoolHandle, startPool } from '../sweep/pool.js';
import { progress as progressBar, type Progress } from '../sweep/progress.js';
import type { MapPlan, MapBase } from './plan.js';
import { userCodeFor } from '../load.js';
import { mapPoints } from './points.js';

export interface PoolRun {
  workers: number;
  progress: boolean;
}

/**
 * Jobs of map points on the sweep's worker pool: each worker loads the scenario itself and builds
 * the points' scenarios from their values. Returns each finished job with its outcome, in job
 * order, and whether Ctrl-C stopped it.
 */
class MapRunner {
  private pool: PoolHandle | undefined;
  interrupted = false;
  private readonly release: () => void;
  private finished = 0;
  private failing = 0;

  constructor(
    private readonly base: MapBase,
    private readonly o: PoolRun,
    private readonly bar: Progress,
  ) {
    this.release = onInterrupt(() => {
      this.interrupted = true;
      this.pool?.stop();
    }, 'map');
  }

  async run(jobs: readonly SweepJob[], points: PointValue[][]): Promise<{ job: SweepJob; outcome: SeedOutcome }[]> {
    if (this.interrupted) return [];
    const checks = this.base.checks;
    // As a sweep does, the main thread runs jobs while the workers start, unless there is user code.
    const loaded = this.base.loaded;
    const inline = inlineRunner(loaded.scenario, await userCodeFor(loaded, this.base.variants), {
      scenarioOf: () => mapPoints(this.base.file, loaded.models, points),
    });
    this.pool = startPool(jobs, {
      ...(inline ? { inline } : {}),
      file: this.base.file,
      swarm: false,
      variants: this.base.variants,
      points,
      workers: this.o.workers,
      onOutcome: (outcome) => {
        this.finished++;
        if (mapRun(outcome, checks).failed.length > 0) this.failing++;
        this.bar.update(this.finished, this.failing);
        return false;
      },
    });
    const { outcomes } = await this.pool.done;
    return [...outcomes.entries()].sort((a, b) => a[0] - b[0]).map(([i, outcome]) => ({ job: jobs[i]!, outcome }));
  }

  close(): void {
    this.release();
    this.bar.stop();
  }
}

export async function runParallelMap(plan: MapPlan, shard: { index: number; count: number } | null, o: PoolRun): Promise<MapResult> {
  const jobs = mapJobs(plan.points.length, plan.seeds, plan.variants, shard);
  const runner = new MapRunner(plan, o, progressBar(jobs.length, o.progress, 'map'));
  try {
    const finished = await runner.run(
      jobs,
      plan.points.map((p) => p.values),
    );
    return aggregateMap(
      {
        scenario: plan.loaded.scenario.name,
        axes: plan.axes,
        points: plan.points,
        seeds: plan.seeds,
        shard,
        variants: plan.variants,
        checks: plan.checks,
        level: plan.level,
        runsPlanned: jobs.length,
        interrupted: runner.interrupted,
      },
      finished,
    );
  } finally {
    runner.close();
  }
}

export interface FindSetup {
  axis: MapAxis;
  fixed: PointValue[];
  plan: FindPlan;
  /** Checks a probe's values against the schema (exit 2 naming the point) before it runs. */
  check: (values: readonly PointValue[]) => void;
}

/** --find on the worker pool: one batch of probes (a point per variant, on every seed) a bisection step. */
export async function runParallelFind(base: MapBase, f: FindSetup, o: PoolRun): Promise<FindResult> {
  const per = base.seeds.length;
  const runner = new MapRunner(base, o, progressBar((2 + f.plan.steps) * per * base.variants.length, o.progress, 'map --find'));
  try {
    const { variants, interrupted } = await bisect(f.plan, async (probes) => {
      const points = probes.map((p) => [...f.fixed, { path: f.axis.path, field: f.axis.field, raw: p.raw }]);
      for (const values of points) f.check(values);
      const jobs = probes.flatMap((p, i) => base.seeds.map((seed) => ({ variant: p.variant, seed, point: i })));
      const done = await runner.run(jobs, points);
      if (runner.interrupted) return null;
      return probes.map((p, i) => {
        const runs = done.filter((d) => d.job.point === i).map((d) => mapRun(d.outcome, base.checks));
        const cell = mapCell(p.variant, runs, base.checks);
        return { fraction: cell.allFraction, runs: runs.length };
      });
    });
    return {
      scenario: base.loaded.scenario.name,
      path: f.axis.path,
      field: f.axis.field,
      kind: f.axis.kind,
      unit: f.axis.unit,
      fixed: f.fixed,
      seeds: base.seeds,
      checks: base.checks,
      level: f.plan.level,
      variants,
      runs: variants.reduce((n, v) => n + v.runs, 0),
      interrupted,
    };
  } finally {
    runner.close();
  }
}
