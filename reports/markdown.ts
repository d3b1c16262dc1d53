import type { CheckVerdict } from '../sim/checks/types.js';
import { formatMicros } from '../sim/kernel/time.js';
import type { CompareMatrix, MatrixCell, VariantRow } from '../sim/run/verdict-matrix.js';
import type { ScenarioRun } from '../sim/run/result.js';
import { formatSeedRanges } from './format.js';
import { at, plural } from './format.js';
import { firstViolation } from './text.js';

/**
 * Markdown for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: the verdict
 * table first (what a reviewer scans), then each failing check with its detail and the command
 * that replays it in a code block (what they paste).
 */

export function renderRunMarkdown(run: ScenarioRun, reproduce: string): string {
  const failed = run.checks.filter((c) => !c.ok);
  const head =
    failed.length === 0
      ? `✅ PASS: all ${plural(run.checks.length, 'check')} held`
      : `❌ FAIL: ${failed.length} of ${plural(run.checks.length, 'check')} failed`;
  const out = [`### ${cell(run.scenario)} · variant \`${run.variant}\` · seed ${run.seed}`, '', `**${head}**`, ''];
  out.push(
    ...table(
      ['', 'check', 'kind', 'at', 'detail'],
      run.checks.map((c) => [c.ok ? '✅' : '❌', c.name, c.kind, !c.ok && c.at !== undefined ? at(c.at) : '', c.detail]),
    ),
  );
  if (failed.length > 0) {
    out.push('', '#### Failing checks');
    const first = firstViolation(failed);
    for (const c of failed) out.push('', ...failure(c, c === first ? ' (the first violation)' : ''));
    out.push('', 'Reproduce:', '', ...code(reproduce));
  }
  out.push('', ...statistics(run));
  return out.join('\n') + '\n';
}

function failure(c: CheckVerdict, suffix: string): string[] {
  return [`**${cell(c.name)}** (${c.kind})${c.at === undefined ? '' : ` at ${at(c.at)}`}${suffix}`, '', `> ${oneLine(c.detail)}`];
}

function statistics(run: ScenarioRun): string[] {
  const s = run.stats;
  const m = s.messages;
  const lat =
    s.latency.count === 0
      ? 'no ok requests'
      : `p50 ${formatMicros(s.latency.p50Us)}, p99 ${formatMicros(s.latency.p99Us)}, max ${formatMicros(s.latency.maxUs)}`;
  return [
    '<details><summary>Statistics</summary>',
    '',
    ...table(
      ['', ''],
      [
        ['requests', `${s.requests} (ok ${s.ok}, failed ${s.failed}, unknown ${s.unknown}${s.fallbacks > 0 ? `, fallbacks ${s.fallbacks}` : ''})`],
        ['latency (ok)', lat],
        [
          'messages',
          `sent ${m.sent}, delivered ${m.delivered}, lost ${m.lost}, partitioned ${m.partitioned}, to a down node ${m.toDownNode}, duplicated ${m.duplicated}, held ${m.held}`,
        ],
        ['run', `${run.events} events, stopped at ${at(run.endUs)} (${run.stopReason}), trace digest \`${run.traceDigest}\``],
      ],
    ),
    '',
    '</details>',
  ];
}

export function renderCompareMarkdown(m: CompareMatrix, reproduce: (scenario: string, variant: string, seed: number) => string): string {
  const verdict = m.asExpected
    ? "✅ AS EXPECTED: every cell matches its variant's expect"
    : '❌ NOT AS EXPECTED: some cells differ from expect or failed without one';
  const out = [`### faultline compare · ${plural(m.scenarios.length, 'scenario')} · seeds ${formatSeedRanges(m.seeds)}`, '', `**${verdict}**`];
  for (const s of m.scenarios) {
    out.push('', `#### ${cell(s.scenario)}`, '');
    const header = ['variant', ...s.checks.map((c) => `${c.name} (${c.kind})`), 'ok latency p50 / p99', 'requests ok/all'];
    out.push(
      ...table(
        header,
        s.variants.map((v) => [v.variant, ...v.cells.map((c) => cellText(c, v)), latency(v), `${v.ok}/${v.requests}`]),
      ),
    );
  }
  const failing = m.scenarios.flatMap((s) =>
    s.variants.flatMap((v) => v.cells.filter((c) => c.firstFailingSeed !== undefined || c.status !== 'ok').map((c) => ({ s, v, c }))),
  );
  // Surprises first: they are why the job failed.
  failing.sort((a, b) => Number(a.c.status === 'ok') - Number(b.c.status === 'ok'));
  if (failing.length > 0) out.push('', '#### Failing checks');
  for (const { s, v, c } of failing) {
    const why = c.status === 'ok' ? 'as expected' : c.status === 'unexpected' ? `**unexpected** (expect ${c.expected})` : '**failed** (no expectation)';
    out.push('', `**${cell(s.scenario)} / ${cell(v.variant)} / ${cell(c.check)}**: failed on ${c.failed} of ${v.runs} seeds, ${why}`);
    if (c.firstFailingSeed !== undefined) {
      out.push(
        '',
        `> first failing seed ${c.firstFailingSeed}: ${oneLine(c.firstFailureDetail ?? '')}`,
        '',
        ...code(reproduce(s.scenario, v.variant, c.firstFailingSeed)),
      );
    }
  }
  return out.join('\n') + '\n';
}

function cellText(c: MatrixCell, v: VariantRow): string {
  const mark = c.status !== 'ok' ? '❌' : c.failed > 0 ? '⚠️' : '✅';
  return `${mark} ${c.passed}/${v.runs} pass${c.expected === undefined ? '' : ` (expect ${c.expected})`}${c.status === 'unexpected' ? ' **UNEXPECTED**' : ''}`;
}

const latency = (v: VariantRow) => (v.latency.count === 0 ? '-' : `${formatMicros(v.latency.p50Us)} / ${formatMicros(v.latency.p99Us)}`);

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Table-cell safe: no pipes, no line breaks, no HTML (GitHub renders it). */
function cell(s: string): string {
  return oneLine(s).replace(/\|/g, '\\|');
}

function oneLine(s: string): string {
  return s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function code(s: string): string[] {
  const longest = Math.max(2, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}sh`, s, fence];
}
