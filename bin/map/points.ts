import { pointSchema, pointScenario, readSource } from '../../sim/sweep/map/build.js';
import type { PointValue } from '../../sim/sweep/map/types.js';
import type { Scenario } from '../../sim/scenario/schema.js';
import type { LoadedModels } from '../load-models.js';
import { InputError } from '../errors.js';
import { readText } from '../read-scenario.js';

/**
 * The scenario of each map point, built on first use from the file's text (each worker thread
 * does this itself, as it loads the scenario itself) and kept. A point the schema refuses throws
 * its issues; the main thread has checked every point before any worker starts.
 */
export function mapPoints(file: string, models: LoadedModels, points: readonly PointValue[][]): (point: number | undefined) => Scenario {
  const text = readText(file);
  if (typeof text !== 'string') throw new InputError([text]);
  const source = readSource(text, file);
  if (!source.ok) throw new InputError(source.issues);
  const schema = pointSchema(models);
  const cache = new Map<number, Scenario>();
  return (point) => {
    const i = point ?? 0;
    const hit = cache.get(i);
    if (hit) return hit;
    const r = pointScenario(schema, source.value, file, points[i] ?? []);
    if (!r.ok) throw new InputError(r.issues);
    cache.set(i, r.scenario);
    return r.scenario;
  };
}
