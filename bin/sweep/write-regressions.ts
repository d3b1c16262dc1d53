import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { regressionScenario } from '../../sim/sweep/regression.js';
import type { SweepResult } from '../../sim/sweep/types.js';
import { InputError } from '../errors.js';
import { readText } from '../read-scenario.js';
import { writeOrExit2 } from '../write-or-exit2.js';

/**
 * Writes each shrunk failure as a scenario file in `dir` (`<scenario>-<variant>-<check>-seed-<N>.yaml`),
 * whole or not at all, and returns the result with each written path recorded.
 */
export function writeRegressions(r: SweepResult, scenarioFile: string, dir: string): SweepResult {
  const source = readText(scenarioFile);
  if (typeof source !== 'string') throw new InputError([source]);
  // A directory named for the output is created, as `mkdir -p` would; an unwritable one still
  // fails below with its own error.
  if (r.variants.some((v) => v.checks.some((c) => c.shrink?.reproduced))) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      /* reported by the write */
    }
  }
  const variants = r.variants.map((v) => ({
    ...v,
    checks: v.checks.map((c) => {
      if (c.shrink === undefined || !c.shrink.reproduced) return c;
      // Names come from the scenario file: made safe, so no name can leave `dir` or fail the write.
      const file = join(dir, safeFileName(`${r.scenario}-${v.variant}-${c.name}-seed-${c.shrink.seed}`) + '.yaml');
      const text = regressionScenario(source, {
        from: scenarioFile,
        variant: v.variant,
        seed: c.shrink.seed,
        check: c.name,
        faults: c.shrink.faults,
        runs: c.shrink.runs,
        rebaseModule: (m) => (isAbsolute(m) || !m.startsWith('.') ? m : relativeModule(dirname(file), resolve(dirname(scenarioFile), m))),
        rebaseModel: (m) => (isAbsolute(m) ? m : relativeModule(dirname(file), resolve(dirname(scenarioFile), m))),
      });
      writeOrExit2(file, [text], 'shrunk scenario');
      return { ...c, shrink: { ...c.shrink, written: file } };
    }),
  }));
  return { ...r, variants };
}

/** Letters, digits, `.`, `_`, `-`; no leading dot. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
}

/** A module path relative to `fromDir`, written the way an import expects (`./x.js`, `../x.js`). */
function relativeModule(fromDir: string, target: string): string {
  const r = relative(resolve(fromDir), target);
  return r.startsWith('.') ? r : `./${r}`;
}
