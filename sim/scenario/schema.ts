import { z } from 'zod';
import { checkNodeRefs, checkSchema } from '../checks/index.js';
import { builtInModels } from '../models/index.js';
import { populationClientIds, type PopulationNames, workloadSchema } from '../models/workload-schema.js';
import { stackSchema } from '../strategies/index.js';
import { clockConfigSchema } from '../world/clock.js';
import { type Fault, faultNodeRefs, faultSchema, repeatIssue } from '../world/faults.js';
import { networkSchema } from '../world/network-config.js';
import { swarmSchema } from './swarm-schema.js';
import { mapSchema } from './map-schema.js';
import { didYouMean } from './did-you-mean.js';
import { isModelPath, ModelTable } from './models.js';
import { nestedIssues } from './zod-issues.js';
import { displayName, duration, nodeId, positiveDuration } from '../units/human-units.js';
import { nameRecord, own } from '../units/record.js';
import { DEFAULT_MAX_OPERATIONS, MAX_CLIENTS, MAX_EVENTS, MAX_OPERATIONS, MAX_FAULT_OCCURRENCES, MAX_FAULTS, MAX_NODES } from '../units/limits.js';

/**
 * The scenario file, as a zod schema: the single source of truth for its shape and types.
 * docs/scenario-format.md documents every field; keep the two in step.
 */

const paramsSchema = nameRecord(z.string(), z.unknown());

/** Fault occurrences in all: each entry once, or its `repeat.count` times. */
const occurrences = (faults: readonly { repeat?: { count: number } | undefined }[]) => faults.reduce((n, f) => n + (f.repeat?.count ?? 1), 0);

/** The node entry; `models` resolves its `model` and so knows which `params` schema applies. */
function nodeSchemaFor(models: ModelTable) {
  return (
    z
      .strictObject({
        id: nodeId,
        /** A built-in model name (`faultline list --models`) or a module path (`./models/kv.ts`). */
        model: z.string({ error: 'expected a model name or a module path (a string)' }).min(1),
        params: paramsSchema.default({}),
        clock: clockConfigSchema.optional(),
      })
      // Here rather than on the whole file, so a misspelt model is reported alongside other errors.
      .superRefine((n, ctx) => {
        const def = models.resolve(n.model);
        if (def === undefined || 'failed' in def) {
          ctx.addIssue({ code: 'custom', path: ['model'], message: def === undefined ? unknownModel(n.model) : def.failed });
          return;
        }
        for (const is of nestedIssues(def.params, n.params)) ctx.addIssue({ ...is, path: ['params', ...(is.path as (string | number)[])] });
      })
  );
}

function unknownModel(model: string): string {
  if (isModelPath(model)) return `model module '${model}' was not loaded (the caller must load it: faultline does, for a scenario file)`;
  const names = builtInModels().map((m) => m.name);
  const hint = didYouMean(model, names);
  return `unknown model '${model}'${hint ? `; did you mean '${hint}'?` : ''} (models: ${names.join(', ')}; or a module path like ./models/my-model.ts)`;
}

const variantSchema = z.strictObject({
  description: z.string().optional(),
  /** The client call path, outermost first: e.g. bulkhead, circuit breaker, retry, timeout. */
  client: stackSchema.default([]),
  /** Per-node parameter overrides, merged over `nodes[i].params`. */
  params: nameRecord(nodeId, paramsSchema).default({}),
  /** Per-node clock overrides (drift, offset, steps) for this variant. */
  clocks: nameRecord(nodeId, clockConfigSchema).default({}),
  /** The verdict each check should have in this variant: documentation that tests assert. */
  expect: nameRecord(z.string(), z.enum(['pass', 'fail'])).optional(),
  /**
   * This variant's faults, workload and network, each replacing the scenario's whole (not merged):
   * "rollback after 5 s" beside "no rollback" in one file. `forVariant` applies them.
   */
  faults: z.array(faultSchema).max(MAX_FAULTS).optional(),
  workload: workloadSchema.optional(),
  network: networkSchema.optional(),
});

/**
 * Top-level keys starting with `x-` are ignored, as in docker-compose: a place for YAML anchors
 * shared between variants (`x-client: &client [...]`).
 */
const withoutExtensions = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('x-'))) : v;

/** The whole file, for a scenario whose models resolve through `models`. */
function scenarioObjectFor(models: ModelTable) {
  return z
    .strictObject({
      name: displayName,
      description: z.string().default(''),
      /** Used when no `--seed` is given. */
      seed: z.number().int().min(0).default(1),
      /** How long to simulate (true time). */
      duration: positiveDuration,
      /** A run that takes more events than this stops and says so. */
      maxEvents: z.number().int().min(1).max(MAX_EVENTS).default(5_000_000),
      /** A run that invokes more operations than this stops and says so (the history budget). */
      maxOperations: z.number().int().min(1).max(MAX_OPERATIONS).default(DEFAULT_MAX_OPERATIONS),
      nodes: z.array(nodeSchemaFor(models)).min(1).max(MAX_NODES),
      network: networkSchema.default({ default: {}, links: [] }),
      /** Node name → its local clock, for every variant (a variant's own `clocks` replace these). */
      clocks: nameRecord(nodeId, clockConfigSchema).default({}),
      workload: workloadSchema.optional(),
      faults: z.array(faultSchema).max(MAX_FAULTS).default([]),
      /**
       * Versions a `deploy` fault (or a deployer) can roll out: each a params patch merged over the
       * params of every node it is deployed to. The version running before any deploy is `initial`.
       */
      versions: nameRecord(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { error: "expected a version name starting with a letter (letters, digits, '.', '-', '_')" }),
        z.strictObject({ description: z.string().optional(), params: paramsSchema.default({}) }),
      ).default({}),
      variants: nameRecord(
        // A letter first: JavaScript lists integer-like keys first, which would reorder variants.
        z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: "expected a variant name starting with a letter (letters, digits, '-', '_')" }),
        variantSchema,
      ).refine((v) => Object.keys(v).length > 0, {
        error: 'expected at least one variant (e.g. `naive`)',
      }),
      checks: z.array(checkSchema).min(1),
      /** Text tied to moments, for demos and the narrated timeline. */
      narrative: z.array(z.strictObject({ at: duration, text: z.string().min(1) })).default([]),
      /** What fault plans `faultline sweep --swarm` draws per seed (docs/sweep.md). */
      swarm: swarmSchema.optional(),
      /** What `faultline map` varies: parameters, seeds, checks (docs/map.md). */
      map: mapSchema.optional(),
    })
    .superRefine((s, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      const names = checkNames(s);
      const ids = new Set<string>();
      s.nodes.forEach((n, i) => {
        if (ids.has(n.id)) issue(['nodes', i, 'id'], `node '${n.id}' is defined twice`);
        ids.add(n.id);
      });
      const nodeIds = new Set(ids);
      workloadClients(s.workload, ['workload'], nodeIds, issue).forEach((c) => ids.add(c));
      /** A reference check against `among` (nodes and the clients a workload creates). */
      const refIn = (among: ReadonlySet<string>) => {
        const known = [...among];
        return (path: (string | number)[], id: string) => {
          if (among.has(id)) return;
          const hint = didYouMean(id, known);
          issue(path, `no node named '${id}'${hint ? `; did you mean '${hint}'?` : ''} (nodes: ${known.join(', ')})`);
        };
      };
      const ref = refIn(ids);

      s.nodes.forEach((n, i) => {
        const def = models.resolve(n.model);
        if (def === undefined || 'failed' in def) return; // the node schema has reported it
        // The node schema reported the node's own params; a variant's overrides are checked here.
        // `own`: the keys this entry itself sets (a variant's override), so a problem in the node's
        // own params is reported there once, not again at every variant that overrides the node.
        const refs = (params: Record<string, unknown>, path: (string | number)[], own: ReadonlySet<string> | undefined) => {
          const r = def.params.safeParse(params);
          if (!r.success) {
            if (own !== undefined)
              for (const is of nestedIssues(def.params, params)) {
                if (is.code === 'unrecognized_keys') {
                  const keys = is.keys.filter((k) => own.has(k));
                  if (keys.length > 0) ctx.addIssue({ ...is, keys, path: [...path, ...(is.path as (string | number)[])] });
                } else if (is.path.length === 0 || own.has(String(is.path[0]))) ctx.addIssue({ ...is, path: [...path, ...(is.path as (string | number)[])] });
              }
          } else for (const r2 of def.nodeRefs?.(r.data) ?? ([] as { path: (string | number)[]; node: string }[])) ref([...path, ...r2.path], r2.node);
        };
        refs(n.params, ['nodes', i, 'params'], undefined);
        for (const [vname, v] of Object.entries(s.variants)) {
          const over = own(v.params, n.id);
          if (over) refs({ ...n.params, ...over }, ['variants', vname, 'params', n.id], new Set(Object.keys(over)));
        }
      });
      for (const id of Object.keys(s.clocks)) {
        ref(['clocks', id], id);
        if (s.nodes.some((n) => n.id === id && n.clock !== undefined)) {
          issue(['clocks', id], `node '${id}' has a clock here and in its \`nodes\` entry: set it in one place`);
        }
      }
      workloadTargets(s.workload, ['workload']).forEach((t) => ref(t.path, t.node));
      type Ref = (path: (string | number)[], id: string) => void;
      const linkRefs = (links: Scenario['network']['links'], prefix: (string | number)[], refAt: Ref) =>
        links.forEach((l, i) => {
          for (const end of ['from', 'to'] as const) {
            const v = l[end];
            if (typeof v === 'string') refAt([...prefix, i, end], v);
            else v?.forEach((id, j) => refAt([...prefix, i, end, j], id));
          }
        });
      const faultRefs = (faults: readonly Fault[], prefix: (string | number)[], refAt: Ref) =>
        faults.forEach((f, i) => faultNodeRefs(f).forEach((r) => refAt([...prefix, i, ...r.path], r.node)));
      /** A version patch is checked once per node it lands on, whichever fault list deploys it. */
      const patched = new Set<string>();
      /** Everything about a fault list but its node references: limits, repeats, deployed versions. */
      const faultList = (faults: readonly Fault[], prefix: (string | number)[]) => {
        const times = occurrences(faults);
        if (times > MAX_FAULT_OCCURRENCES)
          issue(prefix, `expected at most ${MAX_FAULT_OCCURRENCES} fault occurrences in all (each repeat counted), found ${times}`);
        faults.forEach((f, i) => {
          const overlap = repeatIssue(f);
          if (overlap !== undefined) issue([...prefix, i, 'repeat', 'every'], overlap);
          if (f.kind !== 'deploy') return;
          const version = Object.hasOwn(s.versions, f.version) ? s.versions[f.version] : undefined;
          // `initial` is the nodes' own params (a rollback), unless the file defines it.
          if (version === undefined && f.version === 'initial') return;
          if (version === undefined) {
            const names = Object.keys(s.versions);
            const hint = didYouMean(f.version, names);
            issue(
              [...prefix, i, 'version'],
              `no version named '${f.version}'${hint ? `; did you mean '${hint}'?` : ''} (versions: ${names.join(', ') || 'none: add a `versions` section'})`,
            );
            return;
          }
          // The patch must suit every node it lands on: checked against each one's model.
          for (const id of f.nodes) {
            const n = s.nodes.find((x) => x.id === id);
            const def = n === undefined ? undefined : models.resolve(n.model);
            if (n === undefined || def === undefined || 'failed' in def || patched.has(`${f.version}\u0000${id}`)) continue;
            patched.add(`${f.version}\u0000${id}`);
            for (const is of nestedIssues(def.params, { ...n.params, ...version.params }))
              ctx.addIssue({ ...is, path: ['versions', f.version, 'params', ...(is.path as (string | number)[])], message: is.message });
          }
        });
      };
      linkRefs(s.network.links, ['network', 'links'], ref);
      faultRefs(s.faults, ['faults'], ref);
      faultList(s.faults, ['faults']);
      s.checks.forEach((c, i) => checkNodeRefs(c).forEach((r) => ref(['checks', i, ...r.path], r.node)));
      s.swarm?.nodes?.forEach((node, i) => ref(['swarm', 'nodes', i], node));
      // A variant's own faults, workload and network: their references are positioned inside the
      // variant and name the nodes and the clients that variant runs (its workload's, if it has one).
      for (const [vname, v] of Object.entries(s.variants)) {
        const at = ['variants', vname];
        let vref: Ref = ref;
        if (v.workload !== undefined) {
          const vids = new Set(nodeIds);
          workloadClients(v.workload, [...at, 'workload'], nodeIds, issue).forEach((c) => vids.add(c));
          vref = refIn(vids);
          workloadTargets(v.workload, [...at, 'workload']).forEach((t) => vref(t.path, t.node));
          // What the variant keeps of the scenario must not name a client its workload does not create.
          const inherited: Ref = (path, id) => {
            if (ids.has(id) && !vids.has(id))
              issue(
                path,
                `'${id}' is a client of the scenario's workload, which variant '${vname}' replaces with its own (clients: ${[...vids].filter((c) => !nodeIds.has(c)).join(', ')}): give the variant its own \`${String(path[0])}\` too, or name one of its clients`,
              );
          };
          if (v.network === undefined) linkRefs(s.network.links, ['network', 'links'], inherited);
          if (v.faults === undefined) faultRefs(s.faults, ['faults'], inherited);
          s.checks.forEach((c, i) => checkNodeRefs(c).forEach((r) => inherited(['checks', i, ...r.path], r.node)));
          for (const id of Object.keys(s.clocks)) inherited(['clocks', id], id);
        }
        if (v.network !== undefined) linkRefs(v.network.links, [...at, 'network', 'links'], vref);
        if (v.faults !== undefined) {
          faultRefs(v.faults, [...at, 'faults'], vref);
          faultList(v.faults, [...at, 'faults']);
        }
      }
      for (const [vname, v] of Object.entries(s.variants)) {
        for (const id of Object.keys(v.clocks)) if (!s.nodes.some((n) => n.id === id)) ref(['variants', vname, 'clocks', id], id);
        for (const id of Object.keys(v.params)) if (!s.nodes.some((n) => n.id === id)) ref(['variants', vname, 'params', id], id);
        for (const name of Object.keys(v.expect ?? {})) {
          if (!names.includes(name)) {
            const hint = didYouMean(name, names);
            issue(['variants', vname, 'expect', name], `no check named '${name}'${hint ? `; did you mean '${hint}'?` : ''} (checks: ${names.join(', ')})`);
          }
        }
      }
      names.forEach((n, i) => {
        if (names.indexOf(n) !== i) issue(['checks', i], `two checks are named '${n}': give one a \`name\``);
      });
    });
}

/** The scenario schema for a scenario whose module models are `models` (built-ins always resolve). */
export function scenarioSchemaFor(models: ModelTable) {
  return z.preprocess(withoutExtensions, scenarioObjectFor(models));
}

/** The schema with the built-in models only: its types are every scenario's types. */
export const scenarioSchema = scenarioSchemaFor(new ModelTable());

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Variant = Scenario['variants'][string];
export type { Workload, WorkloadSection } from '../models/workload-schema.js';

/**
 * The client node names the workload section creates, every population's in order: `client-1`...
 * for the mapping form, `<name>-1`... (or the names listed) for each population of a list.
 */
export function clientIds(s: { workload?: PopulationNames | readonly PopulationNames[] | undefined }): string[] {
  const out: string[] = [];
  for (const p of populationEntries(s.workload)) {
    // Refinements also see values that failed their own checks: never build more than the limit allows.
    for (const id of populationClientIds(p.population)) if (out.length < MAX_CLIENTS) out.push(id);
  }
  return out;
}

/** Each population of a workload section with its path in the file (`workload`, or `workload[i]`). */
function populationEntries<P extends PopulationNames>(
  w: P | readonly P[] | undefined,
  prefix: (string | number)[] = ['workload'],
): { population: P; path: (string | number)[] }[] {
  if (w === undefined || w === null || typeof w !== 'object') return [];
  const isObject = (p: unknown): p is P => p !== null && typeof p === 'object';
  if (Array.isArray(w)) return (w as readonly P[]).flatMap((p, i) => (isObject(p) ? [{ population: p, path: [...prefix, i] }] : []));
  return [{ population: w as P, path: prefix }];
}

/**
 * The clients of a workload section, each checked against the nodes and the clients before it
 * (a clash is positioned at the population's `clients`, or at the clashing name in a list), and
 * the total against MAX_CLIENTS.
 */
function workloadClients(
  w: PopulationNames | readonly PopulationNames[] | undefined,
  prefix: (string | number)[],
  nodeIds: ReadonlySet<string>,
  issue: (path: (string | number)[], message: string) => void,
): string[] {
  const seen = new Set<string>();
  const names = new Set<string | undefined>();
  let total = 0;
  for (const { population: p, path } of populationEntries(w, prefix)) {
    const ids = populationClientIds(p);
    total += ids.length;
    // Two populations of one name: the list's own check says so, once, not once per client.
    const sameName = typeof p.clients === 'number' && names.has(p.name);
    names.add(p.name);
    if (sameName) continue;
    ids.forEach((c, j) => {
      const at = typeof p.clients === 'number' ? [...path, 'clients'] : [...path, 'clients', j];
      if (nodeIds.has(c)) issue(at, `client '${c}' has the name of a node already defined`);
      else if (seen.has(c))
        issue(
          at,
          `client '${c}' is defined twice${Array.isArray(w) ? ' (client names are unique across populations: give each population its own `name`)' : ''}`,
        );
      seen.add(c);
    });
  }
  if (total > MAX_CLIENTS) issue(prefix, `expected at most ${MAX_CLIENTS} clients in all populations together, found ${total}`);
  return [...seen];
}

/** Every `target` of a workload section with its path: `workload.target`, `workload[i].target[k]`. */
function workloadTargets(w: Scenario['workload'] | undefined, prefix: (string | number)[]): { path: (string | number)[]; node: string }[] {
  return populationEntries(w, prefix).flatMap(({ population, path }) => {
    // A target that failed its own check is still the raw value here: only a list is walked.
    const targets: unknown[] = Array.isArray(population.target) ? population.target : [];
    return targets.flatMap((t, i) => (typeof t === 'string' ? [{ path: targets.length === 1 ? [...path, 'target'] : [...path, 'target', i], node: t }] : []));
  });
}

/** Each check's display name: its `name`, or its kind. */
export function checkNames(s: { checks: readonly { check: string; name?: string | undefined }[] }): string[] {
  return s.checks.map((c) => c.name ?? c.check);
}
