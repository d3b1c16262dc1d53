import type { CheckVerdict } from '../sim/checks/types.js';
import { formatMicros } from '../sim/kernel/time.js';
import type { ScenarioRun } from '../sim/run/result.js';
import { at, columns, plural } from './format.js';
import { plain, type Style } from './style.js';
import type { ContextLine } from './violation.js';

/**
 * The text report of one run: a verdict per check, the first violation with the events that led
 * to it, statistics, and on failure the command that replays the run exactly.
 */
export interface TextReportInput {
  run: ScenarioRun;
  /** Narrated lead-up to the first violation (empty when all passed or no trace was taken). */
  context: readonly ContextLine[];
  /** `faultline run scenarios/x.yaml --variant naive --seed 42`. */
  reproduce: string;
  style?: Style;
}

export function renderRunText({ run, context, reproduce, style = plain }: TextReportInput): string {
  const failed = run.checks.filter((c) => !c.ok);
  const out: string[] = [];
  out.push(`${style.bold(run.scenario)}  variant ${style.bold(run.variant)}  seed ${run.seed}`);
  out.push(
    failed.length === 0
      ? style.green.bold(`PASS  all ${plural(run.checks.length, 'check')} held`)
      : style.red.bold(`FAIL  ${failed.length} of ${plural(run.checks.length, 'check')} failed`),
  );
  out.push('');
  for (const c of run.checks) out.push(...checkLines(c, style));

  const first = firstViolation(failed);
  if (first !== undefined && first.at !== undefined) {
    out.push('', style.bold(`First violation: ${first.name} at ${at(first.at)}`));
    if (context.length === 0) out.push(style.dim('  (no trace events before it involve the blamed nodes)'));
    const rows = context.map((l) => [style.dim(at(l.at)), l.text.startsWith('— ') ? style.italic(l.text) : l.text]);
    out.push(...columns(rows).map((l) => `  ${l}`));
  }

  out.push('', style.bold('Statistics'), ...statistics(run).map((l) => `  ${l}`));
  if (failed.length > 0) out.push('', `Reproduce: ${style.cyan(reproduce)}`);
  return out.join('\n') + '\n';
}

function checkLines(c: CheckVerdict, style: Style): string[] {
  const mark = c.ok ? style.green('✓') : style.red('✗');
  const when = !c.ok && c.at !== undefined ? style.dim(` at ${at(c.at)}`) : '';
  return [`  ${mark} ${c.name} ${style.dim(`(${c.kind})`)}${when}`, `    ${c.detail}`];
}

/** The earliest violation; one without a moment (a final-state check) comes after those with one. */
export function firstViolation(failed: readonly CheckVerdict[]): CheckVerdict | undefined {
  return failed.slice().sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity))[0];
}

function statistics(run: ScenarioRun): string[] {
  const s = run.stats;
  const m = s.messages;
  const lat =
    s.latency.count === 0
      ? 'no ok requests'
      : `p50 ${formatMicros(s.latency.p50Us)}  p99 ${formatMicros(s.latency.p99Us)}  max ${formatMicros(s.latency.maxUs)}`;
  return columns([
    ['requests', `${s.requests}  (ok ${s.ok}, failed ${s.failed}, unknown ${s.unknown}${s.fallbacks > 0 ? `, fallbacks ${s.fallbacks}` : ''})`],
    ['latency', `${lat}  (ok requests)`],
    [
      'messages',
      `sent ${m.sent}  delivered ${m.delivered}  lost ${m.lost}  partitioned ${m.partitioned}  to a down node ${m.toDownNode}  duplicated ${m.duplicated}  held ${m.held}`,
    ],
    ['run', `${run.events} events, stopped at ${at(run.endUs)} (${run.stopReason}), trace digest ${run.traceDigest}`],
  ]);
}
