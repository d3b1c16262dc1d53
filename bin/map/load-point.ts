import { buildAxes, pointSchema, pointScenario, readSource } from '../../sim/sweep/map/build.js';
import { InputError, UsageError } from '../errors.js';
import type { LoadedScenario } from '../read-scenario.js';
import { readText } from '../read-scenario.js';
import { shellQuote } from '../reproduce.js';
import { paramFlag } from './plan.js';

/**
 * `run --param PATH=VALUE`: the loaded scenario with these values set, exactly as a map point sets
 * them (the raw data edited, then validated again), so a map's replay line reruns its point.
 */
export function withParams(loaded: LoadedScenario, params: readonly string[]): LoadedScenario {
  const text = readText(loaded.file);
  if (typeof text !== 'string') throw new InputError([text]);
  const source = readSource(text, loaded.file);
  if (!source.ok) throw new InputError(source.issues);
  const axes = buildAxes(
    source.value,
    loaded.file,
    params.map((p) => paramFlag(p)),
  );
  if (!axes.ok) throw new InputError(axes.issues);
  const many = axes.value.find((a) => a.values.length !== 1);
  if (many)
    throw new UsageError(`--param ${many.path}: a run takes one value per parameter (found ${many.values.length}); \`faultline map\` takes lists and ranges`);
  const values = axes.value.map((a) => ({ path: a.path, field: a.field, raw: a.values[0]!.raw }));
  const r = pointScenario(pointSchema(loaded.models), source.value, loaded.file, values);
  if (!r.ok) throw new InputError(r.issues);
  return { ...loaded, scenario: r.scenario };
}

/** The `--param` flags of a replay line. */
export const paramFlags = (params: readonly string[]): string => params.map((p) => ` --param ${shellQuote(p)}`).join('');
