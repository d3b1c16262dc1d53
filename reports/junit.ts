import type { CompareMatrix } from '../sim/run/verdict-matrix.js';
import type { ScenarioRun } from '../sim/run/result.js';

/**
 * JUnit XML, the format every CI shows in its UI: one <testsuite> per scenario, one <testcase>
 * per variant × check. `run`, `compare` and `sweep` all build a list of JunitCase and call
 * renderJunit. A failing check's <failure message> carries the command that replays it.
 */

/** One check's outcome, as a test case. A CheckVerdict fits as is. */
export interface JunitCheck {
  name: string;
  kind: 'safety' | 'liveness';
  ok: boolean;
  detail: string;
  /** Replays this check's failure; falls back to the case's. */
  reproduce?: string | null | undefined;
}

/** A variant of a scenario on one seed (or many: `seed` is then a label such as `1..50`). */
export interface JunitCase {
  scenario: string;
  variant: string;
  seed: number | string;
  checks: readonly JunitCheck[];
  /** Replays the case's failing run. */
  reproduce?: string | undefined;
  /** Wall-clock seconds its runs took, shared among its checks (they judged the same runs); unknown: no `time`. */
  seconds?: number | undefined;
}

/** Seconds as JUnit writes them: three decimals. */
const secs = (s: number): number => Math.round(s * 1000) / 1000;
const timeOf = (seconds: number | undefined): { time?: number } => (seconds === undefined ? {} : { time: secs(seconds) });

export function renderJunit(cases: readonly JunitCase[], name = 'faultline'): string {
  const suites = new Map<string, string[]>();
  const counts = new Map<string, { tests: number; failures: number; seconds: number | undefined }>();
  const add = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : a + b);
  for (const c of cases) {
    const lines = suites.get(c.scenario) ?? [];
    const n = counts.get(c.scenario) ?? { tests: 0, failures: 0, seconds: undefined };
    suites.set(c.scenario, lines);
    counts.set(c.scenario, n);
    n.seconds = add(n.seconds, c.seconds);
    for (const check of c.checks) {
      n.tests++;
      if (!check.ok) n.failures++;
      lines.push(...testcase(c, check));
    }
  }
  const total = [...counts.values()].reduce((a, n) => ({ tests: a.tests + n.tests, failures: a.failures + n.failures, seconds: add(a.seconds, n.seconds) }), {
    tests: 0,
    failures: 0,
    seconds: undefined as number | undefined,
  });
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name, tests: total.tests, failures: total.failures, errors: 0, ...timeOf(total.seconds) })}>`,
  ];
  for (const [scenario, lines] of suites) {
    const n = counts.get(scenario)!;
    out.push(
      `  <testsuite ${attrs({ name: scenario, tests: n.tests, failures: n.failures, errors: 0, skipped: 0, ...timeOf(n.seconds) })}>`,
      ...lines,
      '  </testsuite>',
    );
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function testcase(c: JunitCase, check: JunitCheck): string[] {
  // Real (wall-clock) time, what the runs cost, split among the checks that judged them; virtual time is in the detail.
  const time = timeOf(c.seconds === undefined ? undefined : c.seconds / Math.max(1, c.checks.length));
  const head = `    <testcase ${attrs({ name: `${check.name} (${check.kind}) [seed ${c.seed}]`, classname: `faultline.${c.scenario}.${c.variant}`, ...time })}`;
  if (check.ok) return [`${head}>`, `      <system-out>${text(check.detail)}</system-out>`, '    </testcase>'];
  const reproduce = check.reproduce ?? c.reproduce;
  const message = reproduce ? `${check.detail} Reproduce: ${reproduce}` : check.detail;
  const body = reproduce ? `${check.detail}\n\nReproduce:\n${reproduce}` : check.detail;
  return [`${head}>`, `      <failure ${attrs({ message, type: check.kind })}>${text(body)}</failure>`, '    </testcase>'];
}

/** A run's checks as one case. */
export function runCases(run: ScenarioRun, reproduce: string, seconds?: number): JunitCase[] {
  return [{ scenario: run.scenario, variant: run.variant, seed: run.seed, checks: run.checks, reproduce, seconds }];
}

/**
 * compare's cells as cases. A cell fails exactly when compare's exit code would blame it (it is
 * not as its variant's `expect` says), so a naive variant failing as expected is a passing test.
 */
export function compareCases(
  m: CompareMatrix,
  seedsLabel: string,
  reproduce: (scenario: string, variant: string, seed: number) => string,
  secondsOf?: (scenario: string, variant: string) => number | undefined,
): JunitCase[] {
  return m.scenarios.flatMap((s) =>
    s.variants.map((v) => ({
      scenario: s.scenario,
      variant: v.variant,
      seed: seedsLabel,
      seconds: secondsOf?.(s.scenario, v.variant),
      checks: v.cells.map((c): JunitCheck => {
        const expect = c.expected === undefined ? 'no expectation' : `expect ${c.expected}`;
        const first = c.firstFailingSeed === undefined ? '' : ` First failing seed ${c.firstFailingSeed}: ${c.firstFailureDetail ?? ''}`;
        return {
          name: c.check,
          kind: c.kind,
          ok: c.status === 'ok',
          detail: `passed on ${c.passed} of ${v.runs} seeds (${expect}).${first}`.trimEnd(),
          reproduce: c.firstFailingSeed === undefined ? null : reproduce(s.scenario, v.variant, c.firstFailingSeed),
        };
      }),
    })),
  );
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => `${k}="${text(String(v)).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')}"`)
    .join(' ');
}

/** Escaped character data; characters XML 1.0 cannot hold at all (most C0 controls) are dropped. */
export function text(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
