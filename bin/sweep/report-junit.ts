import { renderJunit, type JunitCase, type JunitCheck } from '../../reports/junit.js';
import type { SweepResult } from '../../sim/sweep/types.js';
import { regressionReproduce, sweepReproduce } from './reproduce.js';
import { formatSeedRanges } from '../../reports/format.js';
import { describeError, interruptionLines } from './report-text.js';

/**
 * The sweep as JUnit cases (reports/junit.ts): one per variant × check, failing exactly when the
 * sweep's exit code blames it; runs that threw and a broken determinism check are cases too.
 */
export function renderSweepJunit(r: SweepResult, file: string, seconds?: ReadonlyMap<string, number>): string {
  const seeds = formatSeedRanges(r.seeds);
  const cases: JunitCase[] = r.variants.map((v) => {
    const checks: JunitCheck[] = v.checks.map((c) => {
      const first = c.failures[0];
      const expect = c.expected === undefined ? 'no expectation' : `expect ${c.expected}`;
      const shrunk = c.shrink?.reproduced ? ` Shrunk in ${c.shrink.runs} runs to ${c.shrink.faults.length} faults.` : '';
      const ran = c.passed + c.failed;
      // Interrupted before any seed of this variant finished: nothing was judged, which is no pass.
      const none = r.interrupted && ran === 0;
      return {
        name: c.name,
        kind: c.kind,
        ok: c.status === 'ok' && !none,
        detail: none
          ? `not judged: the sweep was interrupted before any seed of ${v.variant} finished (${expect})`
          : `passed on ${c.passed} of ${ran} seeds (${expect})${r.interrupted ? ', the seeds that finished before the interrupt' : ''}.${first ? ` First failing seed ${first.seed}: ${first.detail}` : ''}${shrunk}`,
        reproduce: c.shrink?.written ? regressionReproduce(c.shrink.written) : first ? sweepReproduce(file, v.variant, first.seed, r.swarm) : null,
      };
    });
    if (v.errorCount > 0) {
      const e = v.errors[0]!;
      checks.push({
        name: 'runs-finish',
        kind: 'safety',
        ok: false,
        detail: `${v.errorCount} runs threw; seed ${e.seed}: ${describeError(e.error)}`,
        reproduce: sweepReproduce(file, v.variant, e.seed, r.swarm),
      });
    }
    return { scenario: r.scenario, variant: v.variant, seed: seeds, checks, seconds: seconds?.get(v.variant) };
  });
  if (r.determinism) {
    const m = r.determinism.mismatches[0];
    cases.push({
      scenario: r.scenario,
      variant: 'determinism',
      seed: seeds,
      checks: [
        {
          name: 'same-digest-on-rerun',
          kind: 'safety',
          ok: m === undefined,
          detail: m
            ? `${m.variant} seed ${m.seed}: trace digest ${m.digests[0]} then ${m.digests[1]}`
            : `re-ran ${r.determinism.checked} runs: every digest matched`,
        },
      ],
    });
  }
  if (r.interrupted) {
    // The marker CI sees: an interrupted sweep neither passed nor failed, and says what it covers.
    const covered = interruptionLines(r).map((l) => l.trim());
    cases.push({
      scenario: r.scenario,
      variant: 'sweep',
      seed: seeds,
      checks: [
        {
          name: 'interrupted',
          kind: 'liveness',
          ok: false,
          detail: `interrupted (Ctrl-C) after ${r.runsCompleted} of ${r.runsPlanned} runs; the other cases cover only the runs that finished. ${covered.join('; ')}`,
        },
      ],
    });
  }
  return renderJunit(cases);
}
