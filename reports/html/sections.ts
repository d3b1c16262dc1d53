import { formatMicros } from '../../sim/kernel/time.js';
import type { ScenarioRun } from '../../sim/run/result.js';
import { at } from '../format.js';
import type { ContextLine } from '../violation.js';
import { esc, jsonScript } from './embed.js';
import type { RunView } from './view.js';

/** The server-rendered parts of one run's report: they read fine with scripts off. */

export function verdictTable(run: ScenarioRun): string {
  const rows = run.checks.map(
    (c) =>
      `<tr class="${c.ok ? 'held' : 'failed'}"><td class="mark ${c.ok ? 'ok' : 'bad'}">${c.ok ? '✓' : '✗'}</td><td><b>${esc(c.name)}</b> <span class="kind">${c.kind}</span></td>` +
      `<td>${!c.ok && c.at !== undefined ? `<a href="#" data-at="${c.at}">${esc(at(c.at))}</a>` : ''}</td><td class="detail">${esc(c.detail)}</td></tr>`,
  );
  return `<table class="verdicts"><thead><tr><th></th><th>check</th><th>when</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function statisticsTable(run: ScenarioRun): string {
  const s = run.stats;
  const m = s.messages;
  const lat =
    s.latency.count === 0
      ? 'no ok requests'
      : `p50 ${formatMicros(s.latency.p50Us)} · p99 ${formatMicros(s.latency.p99Us)} · max ${formatMicros(s.latency.maxUs)}`;
  const rows: [string, string][] = [
    ['requests', `${s.requests} (ok ${s.ok}, failed ${s.failed}, unknown ${s.unknown}${s.fallbacks > 0 ? `, fallbacks ${s.fallbacks}` : ''})`],
    ['latency (ok requests)', lat],
    [
      'messages',
      `sent ${m.sent} · delivered ${m.delivered} · lost ${m.lost} · partitioned ${m.partitioned} · to a down node ${m.toDownNode} · duplicated ${m.duplicated} · held ${m.held}`,
    ],
    ['run', `${run.events} events, stopped at ${at(run.endUs)} (${run.stopReason}) · trace digest ${run.traceDigest}`],
  ];
  return `<table class="stats"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** The message diagram, its overview and the plots: drawn by the page script from the embedded view. */
export function viewBlock(view: RunView, h = 'h2'): string {
  const d = view.diagram;
  const capped: string[] = [];
  if (d.stride > 1) capped.push(`the run sent ${d.sendsTotal} messages; this report keeps every ${d.stride}th as an arrow (the flows count them all)`);
  if (d.notesTotal > d.notes.length) capped.push(`${d.notes.length} of ${d.notesTotal} notes kept`);
  if (view.opsTotal > view.ops.length)
    capped.push(`${view.ops.length} of ${view.opsTotal} operations kept as bars (and every blamed one; the density strips count them all)`);
  if (view.effectsTotal > view.effects.length) capped.push(`${view.effects.length} of ${view.effectsTotal} effects kept (and every blamed one)`);
  const legend = [
    ['#3b5b8c', 'message (arrow: send → arrival; when dense, a flow band as wide as its count)'],
    ['#d0342c', 'lost or dropped (ends in ✕)'],
    ['#8a4fd0', 'duplicate copy (×2)'],
    ['#f2c46b', 'pause (hatched) / fault'],
    ['#9aa3ad', 'crash (grey)'],
    ['#2f9e44', 'client op ok (when dense, a strip of counts by outcome)'],
    ['#e8a317', 'op unknown'],
    ['#0b7a75', 'note: what a node believes'],
    ['#3357c4', 'narrative moment'],
  ];
  return `<div class="run-view" data-view="${esc(`data-${view.id}`)}">
<${h}>Messages over time</${h}>
<div class="toolbar"><label>from <input class="from" type="number" step="any" min="0"> s</label><label>to <input class="to" type="number" step="any" min="0"> s</label>
<button class="zoom-in" type="button" title="zoom in">zoom in</button><button class="zoom-out" type="button" title="zoom out">zoom out</button><button class="fit" type="button">whole run</button><button class="to-violation" type="button">go to the violation</button>
<span class="range-status"></span></div>
<div class="figure"><svg class="diagram" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="message sequence diagram"></svg>
<svg class="overview" xmlns="http://www.w3.org/2000/svg" aria-label="the whole run: drag to choose a range"></svg></div>
<div class="legend">${legend.map(([c, t]) => `<span><i style="background:${c}"></i>${esc(t!)}</span>`).join('')}<span>scroll to zoom, drag to pan, drag on the strip below to pick a range; hover for details</span></div>
${capped.length > 0 ? `<p class="sub">Bounded for size: ${esc(capped.join('; '))}.</p>` : ''}
<${h}>Over time</${h}>
<div class="plots"></div>
${jsonScript(`data-${view.id}`, view)}
</div>`;
}

/** The scenario's narrative at its moments, then the events that led to the first violation. */
export function story(run: ScenarioRun, context: readonly ContextLine[], h = 'h2'): string {
  const out: string[] = [];
  if (run.narrative.length > 0) {
    out.push(`<${h}>The story</${h}><ol class="story">`);
    run.narrative.forEach((n, i) =>
      out.push(`<li class="narr"><a class="t" href="#" data-at="${n.at}">${esc(at(n.at))}</a><span class="n">${i + 1}</span><span>${esc(n.text)}</span></li>`),
    );
    out.push('</ol>');
  }
  if (context.length > 0) {
    out.push(`<${h}>What led to the first violation</${h}><ol class="story">`);
    for (const l of context)
      out.push(
        `<li${l.text.startsWith('— ') ? ' class="narr"' : ''}><a class="t" href="#" data-at="${l.at}">${esc(at(l.at))}</a><span>${esc(l.text)}</span></li>`,
      );
    out.push('</ol>');
  }
  return out.join('\n');
}

export function reproduceBlock(command: string): string {
  return `<div class="repro"><code>${esc(command)}</code><button class="copy" type="button">copy</button></div>`;
}
