import type { CompareMatrix, MatrixCell, VariantRow } from '../../sim/run/verdict-matrix.js';
import { formatMicros } from '../../sim/kernel/time.js';
import { formatSeedRanges } from '../format.js';
import { plural } from '../format.js';
import { esc } from './embed.js';
import { page } from './page.js';
import { runBody, type RunHtmlInput } from './run.js';
import { reproduceBlock } from './sections.js';

/**
 * `compare --format html`: the variant × check matrix, each cell linking to its variant's
 * embedded run (the first failing seed's, or else the first seed's), so the page stays one
 * bounded file however many seeds ran.
 */
export interface CompareHtmlInput {
  matrix: CompareMatrix;
  /** One embedded run per scenario × variant. */
  runs: (RunHtmlInput & { why: string })[];
  reproduce: (scenario: string, variant: string, seed: number) => string;
}

export function renderCompareHtml({ matrix, runs, reproduce }: CompareHtmlInput): string {
  const anchor = new Map(runs.map((r) => [`${r.run.scenario}\u0000${r.run.variant}`, `run-${r.view.id}`]));
  const href = (s: string, v: string) => anchor.get(`${s}\u0000${v}`);
  const body: string[] = [
    '<h1>faultline compare</h1>',
    `<p class="sub">${plural(matrix.scenarios.length, 'scenario')} · every variant on seeds ${esc(formatSeedRanges(matrix.seeds))} (${plural(matrix.seeds.length, 'seed')})</p>`,
    `<div class="headline">${matrix.asExpected ? '<span class="badge pass">AS EXPECTED</span><span class="what">every cell matches its variant\'s expect</span>' : '<span class="badge fail">NOT AS EXPECTED</span><span class="what">some cells differ from expect, or failed without one</span>'}</div>`,
  ];
  for (const s of matrix.scenarios) {
    body.push(
      `<h2>${esc(s.scenario)}</h2><table class="matrix"><thead><tr><th>variant</th>${s.checks.map((c) => `<th>${esc(c.name)} <span class="kind">${c.kind}</span></th>`).join('')}<th>ok latency p50 / p99</th><th>requests ok/all</th></tr></thead><tbody>`,
    );
    for (const v of s.variants) {
      const link = href(s.scenario, v.variant);
      const name = link === undefined ? esc(v.variant) : `<a href="#${esc(link)}">${esc(v.variant)}</a>`;
      body.push(`<tr><td><b>${name}</b></td>${v.cells.map((c) => cell(c, v, link)).join('')}<td>${latency(v)}</td><td>${v.ok}/${v.requests}</td></tr>`);
    }
    body.push('</tbody></table>');
    const failing = s.variants.flatMap((v) => v.cells.filter((c) => c.firstFailingSeed !== undefined).map((c) => ({ v, c })));
    for (const { v, c } of failing) {
      body.push(
        `<h3>${esc(v.variant)} / ${esc(c.check)}: failed on ${c.failed} of ${v.runs} seeds${c.status === 'ok' ? ', as expected' : ''}</h3><p class="detail">first failing seed ${c.firstFailingSeed}: ${esc(c.firstFailureDetail ?? '')}</p>${reproduceBlock(reproduce(s.scenario, v.variant, c.firstFailingSeed!))}`,
      );
    }
  }
  for (const r of runs) {
    body.push(
      `<section class="run-section" id="run-${esc(r.view.id)}"><h2>${esc(r.run.scenario)} / ${esc(r.run.variant)} · seed ${r.run.seed} <span class="kind">(${esc(r.why)})</span></h2>${runBody(r, 'h3')}</section>`,
    );
  }
  return page(`faultline compare — ${matrix.asExpected ? 'AS EXPECTED' : 'NOT AS EXPECTED'}`, body.join('\n'));
}

function cell(c: MatrixCell, v: VariantRow, link: string | undefined): string {
  const cls = c.status !== 'ok' ? 'bad' : c.failed > 0 ? 'warn' : 'ok';
  const text = `${c.status !== 'ok' || c.failed > 0 ? '✗' : '✓'} ${c.passed}/${v.runs} pass${c.expected === undefined ? '' : ` (expect ${c.expected})`}${c.status === 'unexpected' ? ' UNEXPECTED' : ''}`;
  return `<td class="${cls}">${link === undefined ? esc(text) : `<a class="${cls}-text" href="#${esc(link)}">${esc(text)}</a>`}</td>`;
}

const latency = (v: VariantRow) => (v.latency.count === 0 ? '-' : `${formatMicros(v.latency.p50Us)} / ${formatMicros(v.latency.p99Us)}`);
