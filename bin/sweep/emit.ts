import type { SweepResult } from '../../sim/sweep/types.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { emit, styleFor } from '../output.js';
import { renderJson } from '../../reports/json.js';
import { renderSweepJunit } from './report-junit.js';
import { sweepToJson } from './report-json.js';
import { renderSweepText } from './report-text.js';

export type SweepFormat = 'text' | 'json' | 'junit';

/**
 * A sweep report (sweep and merge share it) to stdout or --out. `seconds`: the wall-clock time of
 * each variant's runs, for JUnit's `time` (a merge does not know it: its JUnit has none). A broken determinism check is
 * also said on stderr, whatever the format: it voids every other verdict.
 */
export function emitSweep(r: SweepResult, file: string, format: SweepFormat, out: string | undefined, seconds?: ReadonlyMap<string, number>): void {
  if (format === 'json') emit(() => renderJson(sweepToJson(r, file)), out);
  else if (format === 'junit') emit(() => renderSweepJunit(r, file, seconds), out);
  else emit((style) => renderSweepText(r, file, style), out);
  const broken = r.determinism?.mismatches ?? [];
  if (broken.length > 0) {
    const m = broken[0]!;
    const style = styleFor('stderr');
    process.stderr.write(
      style.red.bold('faultline: DETERMINISM BROKEN') +
        `: ${broken.length} of ${r.determinism!.checked} re-runs gave a different trace digest (first: ${m.variant} seed ${m.seed}, ${m.digests[0]} then ${m.digests[1]}). ` +
        'Same scenario + seed + version must give the same run; no other verdict of this sweep can be trusted.\n',
    );
  }
}

export const sweepExitCode = (r: SweepResult): ExitCode => (r.ok ? EXIT.ok : EXIT.failed);
