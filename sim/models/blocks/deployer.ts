/**
 * A rollout controller, as Argo Rollouts' canary steps or Spinnaker's with automated canary
 * analysis (Kayenta), run from outside the nodes: from `at`, it deploys `version` to the first
 * ⌈fraction·n⌉ nodes of `group` for each fraction of `steps` in turn (or a single `canary`
 * fraction), baking `stepEvery` after each. While the nodes on the new version bake, it watches
 * a metric they record over a sliding `window` (an error rate: Σ`metric` / Σ`over` across those
 * nodes; or, without `over`, a gauge's time-weighted mean), every `watch.every` and once more at the end of
 * each bake. Above `threshold`, with `rollback`, it deploys `rollbackTo` (default `initial`: the
 * nodes' own params) to every node on the new version and stops (Argo's abort); without it, it
 * carries on as a rollout with no automated analysis would.
 *
 * A deploy restarts the node on the version (world/lifecycle.ts: volatile state lost, disk kept).
 * The deployer keeps its progress on its own disk, synced at every step, as a controller keeps it
 * in its store (etcd for Argo): after a crash it resumes the step it was on, with a fresh bake.
 * `version` and `rollbackTo` must be names in the scenario's `versions` (or `initial`): create()
 * refuses any other, which the run reports as a model error before anything runs.
 */
import { z } from 'zod';
import { type Micros, seconds } from '../../kernel/time.js';
import { duration, nodeList, positiveDuration, probability } from '../../units/human-units.js';
import type { NodeId, TimerId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel, type ModelEnv } from '../registry.js';
import { metricName, threshold, versionName } from './controller-units.js';

/** Nodes one deployer may roll out to: as many as a scenario may have. */
export const MAX_GROUP = 1000;
/** Steps of one rollout. */
export const MAX_STEPS = 100;
/** `minSamples`: the largest denominator a rate may be asked to wait for. */
export const MAX_MIN_SAMPLES = 1e9;

const fraction = probability.refine((f) => f > 0, { error: 'expected a fraction above 0%' });

const watchSchema = z.strictObject({
  /** What the nodes on the new version record: `errors`, a latency gauge... */
  metric: metricName,
  /** The denominator for a rate (`requests`); without it, the metric's mean is judged (a gauge's, over time). */
  over: metricName.optional(),
  /** How far back each evaluation looks (whole buckets of the run's series, one second). */
  window: positiveDuration.default(seconds(10)),
  /** Above this (a rate, or the mean), the rollout is bad. */
  threshold,
  /** How often the watch is evaluated while a step bakes. */
  every: positiveDuration.default(seconds(1)),
  /** With `over`: no verdict until Σ`over` in the window reaches this. */
  minSamples: z.number().min(0).max(MAX_MIN_SAMPLES).default(1),
});

const paramsSchema = z
  .strictObject({
    group: nodeList(MAX_GROUP),
    version: versionName,
    /** When the rollout starts, on the deployer's monotonic clock (true time when its clock is perfect). */
    at: duration.default(0),
    /** Fractions of the group, increasing: each step covers the first ⌈fraction·n⌉ nodes. */
    steps: z.array(fraction).min(1).max(MAX_STEPS).optional(),
    /** One step of this fraction (the same as `steps: [fraction]`). */
    canary: fraction.optional(),
    /** Bake time after each step, watched, before the next. */
    stepEvery: positiveDuration.default(seconds(30)),
    watch: watchSchema.optional(),
    rollback: z.boolean().default(true),
    rollbackTo: versionName.default('initial'),
  })
  .superRefine((p, ctx) => {
    if (p.steps !== undefined && p.canary !== undefined)
      ctx.addIssue({ code: 'custom', path: ['canary'], message: 'give `steps` or `canary`, not both (`canary: 10%` is `steps: [10%]`)' });
    p.steps?.forEach((f, i) => {
      if (i > 0 && f <= p.steps![i - 1]!)
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'expected each step to cover more of the group than the one before' });
    });
  });
type Params = z.output<typeof paramsSchema>;

/** What survives a crash of the deployer (its disk, synced at every change). */
interface Progress {
  /** Steps taken: 0 before the rollout starts. */
  step: number;
  onNew: NodeId[];
  rolledBack: boolean;
  done: boolean;
}
const PROGRESS_KEY = 'deployer/progress';

export const deployer = defineModel({
  name: 'deployer',
  summary: 'rolls a version out to a group of nodes in steps, watches an error rate on the new version, rolls back past a threshold',
  params: paramsSchema,
  nodeRefs: (p) => p.group.map((node, i) => ({ path: ['group', i], node })),
  create: (p, env) => {
    checkVersions(p, env);
    return (ctx) => rollout(ctx, p);
  },
});

/** Refuses a version the scenario does not define (the run names the node and the field). */
function checkVersions(p: Params, env: ModelEnv): void {
  // run-scenario.ts passes the scenario's version names; another caller of create may not.
  const versions = env.versions;
  if (versions === undefined) return;
  for (const field of ['version', 'rollbackTo'] as const) {
    const v = p[field];
    if (v === 'initial' || versions.includes(v)) continue;
    throw new Error(
      `params.${field}: no version named '${v}' in the scenario's \`versions\` (${versions.length > 0 ? `versions: ${versions.join(', ')}, or initial` : 'none: add a `versions` section'})`,
    );
  }
}

function rollout(ctx: NodeContext, p: Params) {
  const fractions = p.steps ?? [p.canary ?? 1];
  const n = p.group.length;
  // A little below, so 10% of 10 nodes is one node, not two (0.1 × 10 = 1.0000000000000002).
  const covered = (step: number) => p.group.slice(0, Math.max(1, Math.ceil(fractions[step]! * n - 1e-9)));
  let progress: Progress = { step: 0, onNew: [], rolledBack: false, done: false };
  /** When each node went onto the new version (this incarnation's monotonic clock), for the window. */
  const since = new Map<NodeId, Micros>();
  let lastValue: number | undefined;
  /** The bake's end (or the start of the rollout) and the next watch evaluation. */
  let stepTimer: TimerId | undefined;
  let watchTimer: TimerId | undefined;

  const save = () => {
    ctx.disk.write(PROGRESS_KEY, progress);
    ctx.disk.fsync();
    ctx.metric.gauge('step', progress.step);
    ctx.metric.gauge('on-new-version', progress.onNew.length);
  };
  const stopTimers = () => {
    if (stepTimer !== undefined) ctx.cancelTimer(stepTimer);
    if (watchTimer !== undefined) ctx.cancelTimer(watchTimer);
    stepTimer = watchTimer = undefined;
  };

  /** The watched value over the nodes on the new version, or undefined while there is too little to judge. */
  const evaluate = (): number | undefined => {
    const w = p.watch;
    if (w === undefined || progress.onNew.length === 0) return undefined;
    const now = ctx.monotonic();
    let metric = 0;
    let over = 0;
    let seen = 0;
    for (const node of progress.onNew) {
      // Whole buckets back from the current one: +1 µs reaches the bucket the window starts in.
      const windowUs = Math.min(w.window, now - (since.get(node) ?? now - w.window)) + 1;
      const m = ctx.control.observe(node, w.metric, windowUs);
      if (w.over === undefined) {
        if (m !== undefined) (metric += m.mean), seen++;
        continue;
      }
      metric += m?.sum ?? 0;
      over += ctx.control.observe(node, w.over, windowUs)?.sum ?? 0;
    }
    if (w.over === undefined) return seen === 0 ? undefined : metric / seen;
    return over > 0 && over >= w.minSamples ? metric / over : undefined;
  };

  /** True when the rollout was judged bad and rolled back. */
  const judge = (): boolean => {
    const w = p.watch;
    const value = evaluate();
    if (value !== undefined) {
      lastValue = value;
      ctx.metric.gauge('watched', value);
    }
    if (w === undefined || value === undefined || value <= w.threshold) return false;
    if (!p.rollback) {
      ctx.note(`${w.metric} ${fmt(value)} above ${fmt(w.threshold)}; rollback off: carrying on`);
      return false;
    }
    const nodes = progress.onNew;
    ctx.note(`${w.metric} ${fmt(value)} above ${fmt(w.threshold)}: rolling ${nodes.join(', ')} back to ${p.rollbackTo}`);
    for (const node of nodes) ctx.control.deploy(node, p.rollbackTo);
    ctx.effect('rollback', p.version, { errorRate: value, at: progress.step, nodes: [...nodes], to: p.rollbackTo });
    progress = { ...progress, onNew: [], rolledBack: true };
    since.clear();
    save();
    stopTimers();
    return true;
  };

  const watchLoop = () => {
    const w = p.watch;
    if (w === undefined) return;
    const tick = () => {
      watchTimer = undefined;
      if (!judge()) watchTimer = ctx.after(w.every, tick);
    };
    watchTimer = ctx.after(w.every, tick);
  };

  /** Bakes the current step, then takes the next one (or finishes). */
  const bake = () => {
    stepTimer = ctx.after(p.stepEvery, () => {
      stepTimer = undefined;
      stopTimers();
      if (judge()) return;
      if (progress.step < fractions.length) return take(progress.step);
      progress = { ...progress, done: true };
      save();
      ctx.note(`${p.version} rolled out to ${progress.onNew.length} of ${n} nodes`);
    });
    watchLoop();
  };

  const take = (step: number) => {
    const fresh = covered(step).filter((node) => !progress.onNew.includes(node));
    const now = ctx.monotonic();
    for (const node of fresh) {
      ctx.control.deploy(node, p.version);
      since.set(node, now);
    }
    progress = { ...progress, step: step + 1, onNew: [...progress.onNew, ...fresh] };
    ctx.effect('deploy-step', p.version, { step: step + 1, fraction: fractions[step], nodes: fresh });
    ctx.note(`step ${step + 1}/${fractions.length}: ${p.version} to ${fresh.join(', ') || 'no new node'}`);
    save();
    bake();
  };

  const boot = () => {
    if (p.group.includes(ctx.id)) throw new Error(`params.group: the deployer '${ctx.id}' cannot deploy to itself`);
    progress = ctx.disk.read<Progress>(PROGRESS_KEY) ?? progress;
    save();
    if (progress.rolledBack || progress.done) return;
    if (progress.step === 0) {
      stepTimer = ctx.after(Math.max(0, p.at - ctx.monotonic()), () => take(0));
      return;
    }
    // Back after a crash mid-rollout: the nodes stay where they are; this step bakes again.
    const now = ctx.monotonic();
    for (const node of progress.onNew) since.set(node, now);
    bake();
  };

  return {
    onStart: boot,
    onRecover: boot,
    inspect: () => ({
      step: progress.step,
      rolledBack: progress.rolledBack,
      done: progress.done,
      onNewVersion: [...progress.onNew],
      ...(lastValue === undefined ? {} : { watched: lastValue }),
    }),
  };
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
