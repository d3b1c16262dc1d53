/**
 * An autoscaler, after AWS EC2 Auto Scaling's step scaling (a CloudWatch alarm on a metric over a
 * period; past a bound, add or remove `step` capacity; then a cooldown) and the Kubernetes HPA's
 * sync loop: every `every` it reads each node's `metric` (a gauge such as the `service` block's
 * `utilisation`: its time-weighted mean over `window`) and, above `scaleUpAbove`, asks for
 * `step` more workers (at most `max`), below `scaleDownBelow` for `step` fewer (at least `min`).
 * New workers take `delay` to provision (an instance booting, a pod pulling its image): the
 * change lands then, through `ctx.control.setWorkers` (the node sees it as
 * `ctx.conditions().workers`); removing workers takes effect at once. After a change lands, the
 * node is left alone for `cooldown`, and a node with a change on its way is not judged again.
 * Each node is scaled on its own metric.
 *
 * At boot it sets every node to `initial` workers (default `min`), so it and the nodes agree.
 * It keeps the desired counts on its disk, as an auto scaling group keeps its desired capacity:
 * after a crash it goes on from them; a change still provisioning when it crashed is lost.
 */
import { z } from 'zod';
import { formatMicros, type Micros, seconds } from '../../kernel/time.js';
import { duration, nodeList, positiveDuration } from '../../units/human-units.js';
import type { NodeId } from '../../world/ids.js';
import type { NodeContext } from '../../world/model.js';
import { defineModel } from '../registry.js';
import { metricName, threshold } from './controller-units.js';

/** Nodes one autoscaler scales: as many as a scenario may have. */
export const MAX_SCALED_NODES = 1000;
/** Workers it may give a node (the `service` block's own limit). */
export const MAX_WORKERS = 100_000;

const workers = z.number().int().min(0).max(MAX_WORKERS);

const paramsSchema = z
  .strictObject({
    nodes: nodeList(MAX_SCALED_NODES),
    /** The gauge each node records, judged by its time-weighted mean. */
    metric: metricName.default('utilisation'),
    scaleUpAbove: threshold,
    /** Without it, it never scales down. */
    scaleDownBelow: threshold.optional(),
    step: z.number().int().min(1).max(MAX_WORKERS).default(1),
    min: workers.default(1),
    max: workers.min(1),
    initial: workers.optional(),
    /** How often it looks (the HPA's sync period is 15 s). */
    every: positiveDuration.default(seconds(15)),
    /** How far back it looks; default `every`. */
    window: positiveDuration.optional(),
    /** Time to provision new workers. */
    delay: duration.default(0),
    /** After a change lands, how long the node is left alone. */
    cooldown: duration.default(0),
  })
  .superRefine((p, ctx) => {
    if (p.min > p.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `expected \`min\` (${p.min}) to be at most \`max\` (${p.max})` });
    else if (p.initial !== undefined && (p.initial < p.min || p.initial > p.max))
      ctx.addIssue({ code: 'custom', path: ['initial'], message: `expected \`initial\` (${p.initial}) between \`min\` (${p.min}) and \`max\` (${p.max})` });
    if (p.scaleDownBelow !== undefined && p.scaleDownBelow >= p.scaleUpAbove)
      ctx.addIssue({ code: 'custom', path: ['scaleDownBelow'], message: 'expected `scaleDownBelow` to be below `scaleUpAbove` (else it would flap)' });
  });
type Params = z.output<typeof paramsSchema>;

interface Scaled {
  workers: number;
  /** Monotonic time before which the node is not judged (its cooldown). */
  quietUntilUs: Micros;
}
const STATE_KEY = 'autoscaler/desired';

export const autoscaler = defineModel({
  name: 'autoscaler',
  summary: 'adds or removes workers of nodes when a utilisation gauge crosses bounds, after a provisioning delay, with a cooldown',
  params: paramsSchema,
  nodeRefs: (p) => p.nodes.map((node, i) => ({ path: ['nodes', i], node })),
  create: (p) => (ctx) => scale(ctx, p),
});

function scale(ctx: NodeContext, p: Params) {
  const windowUs = p.window ?? p.every;
  const desired = new Map<NodeId, Scaled>();
  /** Changes provisioning: node → the workers it will get. */
  const pending = new Map<NodeId, number>();

  const save = () => {
    ctx.disk.write(STATE_KEY, [...desired]);
    ctx.disk.fsync();
  };

  const land = (node: NodeId, to: number) => {
    pending.delete(node);
    const from = desired.get(node)!.workers;
    ctx.control.setWorkers(node, to);
    desired.set(node, { workers: to, quietUntilUs: ctx.monotonic() + p.cooldown });
    ctx.metric.gauge(`workers-${node}`, to);
    ctx.effect('scale', node, { from, to });
    ctx.note(`${node}: ${from} → ${to} workers`);
    save();
  };

  const look = () => {
    const now = ctx.monotonic();
    for (const node of p.nodes) {
      const d = desired.get(node)!;
      if (pending.has(node) || now < d.quietUntilUs) continue;
      // Whole buckets back from the current one: +1 µs reaches the bucket the window starts in.
      const value = ctx.control.observe(node, p.metric, windowUs + 1)?.mean;
      if (value === undefined) continue;
      if (value > p.scaleUpAbove && d.workers < p.max) {
        const to = Math.min(p.max, d.workers + p.step);
        if (p.delay === 0) land(node, to);
        else {
          pending.set(node, to);
          ctx.note(`${node}: ${p.metric} ${round(value)} above ${p.scaleUpAbove}; ${to} workers in ${formatMicros(p.delay)}`);
          ctx.after(p.delay, () => land(node, to));
        }
      } else if (p.scaleDownBelow !== undefined && value < p.scaleDownBelow && d.workers > p.min) land(node, Math.max(p.min, d.workers - p.step));
    }
    ctx.after(p.every, look);
  };

  const boot = () => {
    const saved = ctx.disk.read<[NodeId, Scaled][]>(STATE_KEY);
    if (saved !== undefined) for (const [node, d] of saved) desired.set(node, d);
    else {
      const initial = p.initial ?? p.min;
      for (const node of p.nodes) {
        desired.set(node, { workers: initial, quietUntilUs: 0 });
        ctx.control.setWorkers(node, initial);
      }
      save();
    }
    for (const node of p.nodes) ctx.metric.gauge(`workers-${node}`, desired.get(node)!.workers);
    ctx.after(p.every, look);
  };

  return {
    onStart: boot,
    onRecover: boot,
    inspect: () => ({
      workers: Object.fromEntries(p.nodes.map((n) => [n, desired.get(n)?.workers])),
      pending: Object.fromEntries(pending),
    }),
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
