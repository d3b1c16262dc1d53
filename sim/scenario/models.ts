import { builtInModel } from '../models/index.js';
import type { ModelDefinition } from '../models/registry.js';

/**
 * Where a scenario's models come from: a built-in name (`model: service`) or a module path
 * (`model: ./models/primary-backup.ts`). sim/ never loads code: bin/ (or a test) imports each
 * module and hands the definitions over, keyed by `model` exactly as the scenario writes it. Each
 * scenario resolves its own models; there is no process-wide registry to add to.
 */

/** A module that could not be used as a model, and why: reported at the node's `model` field. */
export interface ModelLoadFailure {
  failed: string;
}

/** The models a caller supplies beyond the built-ins: a plain object or a Map, by `model` text. */
export type ScenarioModels = Readonly<Record<string, ModelDefinition>> | ReadonlyMap<string, ModelDefinition | ModelLoadFailure>;

/** A `model` value that names a module rather than a built-in: it has a path separator or a script extension. */
export function isModelPath(model: string): boolean {
  return /[\\/]/.test(model) || /\.(?:[cm]?js|[cm]?ts)$/i.test(model);
}

/** A scenario's resolution of `model` texts: supplied modules first, then the built-ins (never a path). */
export class ModelTable {
  private readonly supplied: ReadonlyMap<string, ModelDefinition | ModelLoadFailure>;

  constructor(models?: ScenarioModels) {
    if (models === undefined) this.supplied = new Map();
    else if (models instanceof Map) this.supplied = models;
    else this.supplied = new Map(Object.entries(models as Record<string, ModelDefinition>));
  }

  /** The definition, or why the module failed, or undefined when nothing of that name is known. */
  resolve(model: string): ModelDefinition | ModelLoadFailure | undefined {
    const s = this.supplied.get(model);
    if (s !== undefined) return s;
    return isModelPath(model) ? undefined : builtInModel(model);
  }

  /** The definition, for a scenario already validated against this table. */
  definition(model: string): ModelDefinition {
    const d = this.resolve(model);
    if (d === undefined) throw new Error(`model '${model}' is not known: pass its definition in \`models\` (docs/custom-models.md)`);
    if ('failed' in d) throw new Error(`model '${model}' did not load: ${d.failed}`);
    return d;
  }

  /** The supplied module models that loaded, by `model` text. */
  modules(): [string, ModelDefinition][] {
    return [...this.supplied].filter((e): e is [string, ModelDefinition] => !('failed' in e[1]));
  }
}

/** Whether a value is usable as a model definition: what `defineModel` returns. */
export function asModelDefinition(v: unknown): ModelDefinition | string {
  if (typeof v !== 'object' || v === null) return `expected the default export to be defineModel({...}), found ${v === null ? 'null' : typeof v}`;
  const d = v as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.length === 0)
    return "its default export has no 'name' (a non-empty string): expected defineModel({ name, summary, params, create })";
  if (typeof d.create !== 'function') return "its default export has no 'create' function: expected defineModel({ name, summary, params, create })";
  const params = d.params as { safeParse?: unknown } | undefined;
  if (typeof params?.safeParse !== 'function') return "its default export's 'params' is not a zod schema: expected e.g. params: z.strictObject({ ... })";
  if (d.summary !== undefined && typeof d.summary !== 'string') return "its default export's 'summary' must be a string";
  return v as ModelDefinition;
}
