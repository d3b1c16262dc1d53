import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import { bundledFiles, loadBundled } from '../scenarios/bundled.js';

/**
 * The trace digest of every bundled scenario × variant on seed 1, pinned. A change in any random
 * draw, in event order, or in Node's Math.exp/log/pow shows up here, naming the cell. Changing
 * the table is deliberate: `npm run golden` rewrites it, and the commit says why.
 */
const TABLE = fileURLToPath(new URL('./digests.json', import.meta.url));
const SEED = 1;

function measure(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of bundledFiles()) {
    const scenario = loadBundled(file);
    for (const variant of Object.keys(scenario.variants)) out[`${file} ${variant}`] = runScenario(scenario, { variant, seed: SEED }).traceDigest;
  }
  return out;
}

describe('golden digests (seed 1)', () => {
  it('every bundled scenario × variant runs to its pinned digest', () => {
    const now = measure();
    if (process.env.FAULTLINE_GOLDEN_WRITE === '1') {
      writeFileSync(TABLE, `${JSON.stringify(now, null, 2)}\n`);
      return;
    }
    const pinned = JSON.parse(readFileSync(TABLE, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...pinned, ...now })
      .filter((cell) => pinned[cell] !== now[cell])
      .map((cell) => `${cell}: pinned ${pinned[cell] ?? '(none)'}, now ${now[cell] ?? '(gone)'}`);
    expect(changed, 'digests changed; if on purpose, run `npm run golden` and say why in the commit').toEqual([]);
  });
});
