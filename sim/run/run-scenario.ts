import { runCheck, type CheckVerdict } from '../checks/index.js';
import { workloadClient } from '../models/workload-client.js';
import { populationClientIds, populationsOf } from '../models/workload-schema.js';
import { ModelTable } from '../scenario/models.js';
import { forVariant } from '../scenario/for-variant.js';
import { clientIds, type Scenario } from '../scenario/schema.js';
import { envFromContext } from '../strategies/env.js';
import { buildStack } from '../strategies/index.js';
import { formatMicros } from '../kernel/time.js';
import type { TraceSink } from '../world/trace.js';
import { ModelError } from '../world/model.js';
import { bucketFor } from '../world/metrics.js';
import { World, type NodeSpec } from '../world/world.js';
import type { ScenarioRun } from './result.js';
import { runSeries } from './series.js';
import { computeStats } from './stats.js';
import type { UserCode } from './user-code.js';
import { own } from '../units/record.js';

export interface RunOptions extends UserCode {
  /** Default: the first variant in the file. */
  variant?: string;
  /** Default: the scenario's own seed. */
  seed?: number;
  trace?: TraceSink;
  /** Also compute the deep digest (payloads and values included), for determinism checks. */
  deepDigest?: boolean;
}

/**
 * Runs one variant of a validated scenario on one seed. Pure: same inputs, same result. The
 * variant's own faults, workload and network replace the scenario's (forVariant).
 */
export function runScenario(file: Scenario, opts: RunOptions = {}): ScenarioRun {
  const variantName = opts.variant ?? Object.keys(file.variants)[0]!;
  const scenario = forVariant(file, variantName);
  const variant = own(scenario.variants, variantName)!;
  const seed = opts.seed ?? scenario.seed;
  const allIds = [...scenario.nodes.map((n) => n.id), ...clientIds(scenario)];

  const models = new ModelTable(opts.models);
  // `versions`: what a controller (a deployer) may roll out, so it can refuse a missing one at create.
  const env = { nodes: allIds, versions: Object.keys(scenario.versions) };
  const nodes: NodeSpec[] = scenario.nodes.map((n) => {
    const def = models.definition(n.model);
    const base = { ...n.params, ...(Object.hasOwn(variant.params, n.id) ? variant.params[n.id] : {}) };
    const build = (raw: Record<string, unknown>, what: string): NodeSpec['model'] => {
      try {
        return def.create(def.params.parse(raw), env);
      } catch (err) {
        throw new ModelError(n.id, 0, `${what} (model '${n.model}' building itself from its params)`, err);
      }
    };
    const spec: NodeSpec = {
      id: n.id,
      model: build(base, 'create'),
      // A deployed version: its params patch over the node's, built when the deploy happens;
      // `initial` (unless the file defines it) is the node's own params: a rollback.
      version: (name) =>
        Object.hasOwn(scenario.versions, name)
          ? build({ ...base, ...scenario.versions[name]!.params }, `create of version ${name}`)
          : name === 'initial'
            ? build(base, 'create of version initial')
            : undefined,
    };
    const clock = own(variant.clocks, n.id) ?? own(scenario.clocks, n.id) ?? n.clock;
    if (clock) spec.clock = clock;
    return spec;
  });
  // Each population's clients split its load; `serial` numbers every client across populations.
  let serial = 0;
  for (const workload of populationsOf(scenario.workload)) {
    const clients = populationClientIds(workload);
    clients.forEach((id, index) =>
      nodes.push({
        id,
        model: workloadClient({
          workload,
          index,
          of: clients.length,
          serial: serial++,
          endUs: scenario.duration,
          buildStack: (ctx) => buildStack(variant.client, envFromContext(ctx), opts.customStrategies),
        }),
      }),
    );
  }

  const world = new World({
    seed,
    nodes,
    network: scenario.network,
    faults: scenario.faults,
    ...(opts.trace ? { trace: opts.trace } : {}),
    ...(opts.deepDigest ? { deepDigest: true } : {}),
    metricsBucketUs: bucketFor(scenario.duration),
  });
  const r = world.run({ untilUs: scenario.duration, maxEvents: scenario.maxEvents, maxOperations: scenario.maxOperations });

  const input = { history: r.history, effects: r.effects, nodes: r.nodes, timeline: r.timeline, endUs: r.endUs };
  const checks: CheckVerdict[] = scenario.checks.map((c) => runCheck(c, input));
  if (r.stopReason === 'history-budget') {
    checks.push({
      name: 'history-budget',
      kind: 'liveness',
      ok: false,
      detail: `the run stopped at its history budget of ${scenario.maxOperations} operations at t=${formatMicros(r.endUs)}, before the scenario's ${formatMicros(scenario.duration)} were simulated: the load is more than a run can keep (raise maxOperations if it is meant)`,
      at: r.endUs,
    });
  }
  if (r.stopReason === 'event-budget') {
    checks.push({
      name: 'event-budget',
      kind: 'liveness',
      ok: false,
      detail: `the run stopped at its event budget of ${scenario.maxEvents} events at t=${formatMicros(r.endUs)}, before the scenario's ${formatMicros(scenario.duration)} were simulated: something loops (raise maxEvents if the load is real)`,
      at: r.endUs,
    });
  }

  return {
    scenario: scenario.name,
    variant: variantName,
    seed,
    verdict: checks.every((c) => c.ok) ? 'pass' : 'fail',
    checks,
    stats: computeStats(r.history, r.network),
    traceDigest: r.traceDigest,
    ...(r.deepDigest === undefined ? {} : { deepDigest: r.deepDigest }),
    stopReason: r.stopReason,
    endUs: r.endUs,
    events: r.events,
    history: r.history,
    effects: r.effects,
    nodes: r.nodes,
    timeline: r.timeline,
    series: runSeries(r.history, r.metrics, r.endUs),
    narrative: scenario.narrative,
  };
}
