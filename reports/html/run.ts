import type { ScenarioRun } from '../../sim/run/result.js';
import { plural } from '../format.js';
import type { ContextLine } from '../violation.js';
import { esc } from './embed.js';
import { page } from './page.js';
import { reproduceBlock, statisticsTable, story, verdictTable, viewBlock } from './sections.js';
import type { RunView } from './view.js';

/** `run --format html`: one self-contained page for one run. */
export interface RunHtmlInput {
  run: ScenarioRun;
  view: RunView;
  context: readonly ContextLine[];
  reproduce: string;
}

export function renderRunHtml(input: RunHtmlInput): string {
  const { run } = input;
  return page(
    `${run.scenario} · ${run.variant} · seed ${run.seed} — ${run.verdict.toUpperCase()}`,
    `<h1>${esc(run.scenario)}</h1>
<p class="sub">variant <b>${esc(run.variant)}</b> · seed ${run.seed} · faultline run report</p>
${runBody(input, 'h2')}`,
  );
}

/** A run's headline, verdicts, diagram, plots, story, statistics and replay line; reused by compare's sections. */
export function runBody({ run, view, context, reproduce }: RunHtmlInput, h: 'h2' | 'h3'): string {
  const failed = run.checks.filter((c) => !c.ok).length;
  const headline =
    failed === 0
      ? `<span class="badge pass">PASS</span><span class="what">all ${plural(run.checks.length, 'check')} held</span>`
      : `<span class="badge fail">FAIL</span><span class="what">${failed} of ${plural(run.checks.length, 'check')} failed</span>`;
  return `<div class="headline">${headline}</div>
${verdictTable(run)}
${viewBlock(view, h)}
${story(run, context, h)}
<${h}>Statistics</${h}>
${statisticsTable(run)}
<${h}>Reproduce</${h}>
${reproduceBlock(reproduce)}`;
}
