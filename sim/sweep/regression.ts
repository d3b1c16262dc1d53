import { parseDocument, stringify } from 'yaml';
import type { Micros } from '../kernel/time.js';
import { isModelPath } from '../scenario/models.js';
import { TO_JS_OPTIONS } from '../scenario/yaml-source.js';
import type { Fault } from '../world/faults.js';

export interface RegressionOptions {
  /** The file the scenario came from, for the header comment. */
  from: string;
  variant: string;
  seed: number;
  check: string;
  faults: readonly Fault[];
  /** Runs shrinking took, for the header comment. */
  runs: number;
  /**
   * Rewrites a custom strategy's `module` path for the new file's place (a relative path is
   * resolved from the scenario file's directory, so it must change when the file moves).
   */
  rebaseModule?: (module: string) => string;
  /** The same for a node's `model` when it is a module path (`./models/kv.ts`). */
  rebaseModel?: (model: string) => string;
}

/**
 * The scenario file a shrunk failure becomes, to commit as a regression test: the original file's
 * data with aliases resolved, only the failing variant (its `expect` kept: a fix is done when the
 * file passes; its own `faults`, if any, dropped), the failing seed as its `seed`, the shrunk plan
 * as its `faults` and no `swarm`.
 * `faultline run FILE` then reproduces the failure with no flags. Pure: text in, text out.
 */
export function regressionScenario(sourceText: string, o: RegressionOptions): string {
  const data = parseDocument(sourceText, { schema: 'core', merge: true }).toJS(TO_JS_OPTIONS) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!k.startsWith('x-') && k !== 'swarm') out[k] = v;
  out.name = `${String(data.name)}-${o.variant}-seed-${o.seed}`;
  out.description = `${o.check} fails on variant ${o.variant}, seed ${o.seed}, with these faults. Shrunk by faultline sweep from ${o.from}.`;
  out.seed = o.seed;
  const rebaseModel = o.rebaseModel;
  if (Array.isArray(data.nodes) && rebaseModel !== undefined) {
    out.nodes = data.nodes.map((n: unknown) => {
      const model = n !== null && typeof n === 'object' ? (n as { model?: unknown }).model : undefined;
      return typeof model === 'string' && isModelPath(model) ? { ...(n as object), model: rebaseModel(model) } : n;
    });
  }
  out.faults = o.faults.map(faultToInput);
  const variants = (data.variants ?? {}) as Record<string, unknown>;
  // The shrunk plan is the file's `faults`: a variant's own faults would replace it, so they go.
  const variant = variants[o.variant];
  const kept = variant !== null && typeof variant === 'object' ? Object.fromEntries(Object.entries(variant).filter(([k]) => k !== 'faults')) : {};
  out.variants = { [o.variant]: rebaseModules(kept, o.rebaseModule) };
  const header = `# Regression test: ${o.check} on variant ${o.variant}, seed ${o.seed}, shrunk in ${o.runs} runs from ${o.from}.\n# Reproduce: npx faultline run THIS_FILE\n`;
  return header + stringify(out, { lineWidth: 0, aliasDuplicateObjects: false });
}

function rebaseModules(variant: unknown, rebase: ((m: string) => string) | undefined): unknown {
  if (rebase === undefined || variant === null || typeof variant !== 'object') return variant;
  const v = variant as { client?: unknown };
  if (!Array.isArray(v.client)) return variant;
  const client = v.client.map((layer: unknown) => {
    const l = layer as { type?: unknown; module?: unknown };
    return l !== null && typeof l === 'object' && l.type === 'custom' && typeof l.module === 'string' ? { ...l, module: rebase(l.module) } : layer;
  });
  return { ...v, client };
}

const DURATION_FIELDS = new Set(['at', 'duration', 'interval', 'by']);
const LATENCY_DURATIONS = new Set(['value', 'min', 'max', 'mean', 'stddev', 'median', 'scale']);

/** A fault as a scenario file writes it: durations with units (parsed faults hold microseconds). */
export function faultToInput(f: Fault): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    if (DURATION_FIELDS.has(k) && typeof v === 'number') out[k] = formatDuration(v);
    else if (k === 'latency' && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([lk, lv]) => [lk, LATENCY_DURATIONS.has(lk) && typeof lv === 'number' ? formatDuration(lv) : lv]));
    } else out[k] = v;
  }
  return out;
}

/** Exact, and as short as it can be: `3s`, `250ms`, `1500us`, `-2s`. */
export function formatDuration(us: Micros): string {
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us % 1000 === 0) return `${us / 1000}ms`;
  return `${us}us`;
}
