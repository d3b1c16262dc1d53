import { formatSeedRanges, plural } from '../../reports/format.js';
import { plain, type Style } from '../../reports/style.js';
import type { FindProbe, FindResult, MapResult } from '../../sim/sweep/map/types.js';
import { describePoint } from '../../sim/sweep/map/build.js';
import { reproduceCommand } from '../reproduce.js';
import { axisLabel, crossings, type Grid, grids, side, varyingAxes } from './grid.js';

const W = 4;
const pct = (level: number) => `${Math.round(level * 1000) / 10}%`;
const fmt = (f: number | null) => (f === null ? '  - ' : f.toFixed(2));

/**
 * The map as text: per grid a table of pass fractions, `│` between two cells on either side of
 * the level and `─` under a cell whose neighbour below is on the other side: the boundary drawn.
 */
export function renderMapText(r: MapResult, file: string, style: Style = plain): string {
  const varying = varyingAxes(r);
  const fixed = r.axes.filter((a) => a.values.length === 1);
  const shape = varying.map((i) => r.axes[i]!.values.length).join(' × ');
  const shard = r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : '';
  const out: string[] = [
    `${style.bold(r.scenario)}  map of ${varying.map((i) => axisLabel(r.axes[i]!)).join(' × ') || 'one point'} (${varying.length === 2 ? `${shape} = ` : ''}${plural(r.points.length, 'point')}) on seeds ${formatSeedRanges(r.seeds)}${shard}, ${plural(r.variants.length, 'variant')}: ${plural(r.runsPlanned, 'run')}`,
  ];
  if (fixed.length > 0) out.push(`  fixed: ${describePoint(fixed.map((a) => ({ path: a.path, field: a.field, raw: a.values[0]!.raw })))}`);
  out.push(
    style.dim(
      `  each cell: the share of seeds on which the check held (a run that threw holds none); │ and ─ draw the boundary at ${pct(r.level)}${r.checks.length > 1 ? '; "every check": all chosen checks held' : ''}`,
    ),
  );
  for (const g of grids(r)) out.push('', ...gridLines(g, r.level, style));
  const errors = r.points.flatMap((p) => p.cells.flatMap((c) => c.runs.filter((x) => x.error !== undefined).map((x) => ({ p, c, x }))));
  if (errors.length > 0) {
    out.push('', style.red.bold(`Runs that threw: ${errors.length}`));
    for (const { p, c, x } of errors.slice(0, 10)) out.push(`  ${c.variant} seed ${x.seed} at ${describePoint(p.values)}: ${x.error}`);
  }
  out.push('');
  if (r.interrupted)
    out.push(style.yellow.bold(`INTERRUPTED  after ${r.runsCompleted} of ${plural(r.runsPlanned, 'run')}: the cells above cover the runs that finished`));
  out.push(style.dim(`${plural(r.runsCompleted, 'run')}. Map digest ${r.digest} (the same for any worker count and shard split)`));
  out.push(
    style.dim(
      `Replay one run: ${reproduceCommand(file, 'V', 0).replace(/ --seed 0$/, ' --seed N')} --param PATH=VALUE ... (the JSON and HTML reports give each cell's line)`,
    ),
  );
  return `${out.join('\n')}\n`;
}

function gridLines(g: Grid, level: number, style: Style): string[] {
  const title = [g.variant, g.check ?? 'every check'].filter((x) => x !== null).join(' / ');
  const labelW = Math.max(g.rowLabel.length + 2, ...g.rows.map((x) => x.length));
  const colW = Math.max(W, ...g.cols.map((c) => c.length));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const lines = [style.bold(title), `  ${' '.repeat(labelW)}   ${style.dim(`${g.colLabel} →`)}`];
  lines.push(`  ${pad(`${g.rowLabel} ↓`, labelW)}   ${g.cols.map((c) => pad(c, colW)).join('   ')}`.trimEnd());
  g.cells.forEach((row, i) => {
    let line = `  ${pad(g.rows[i]!, labelW)}   `;
    row.forEach((f, j) => {
      if (j > 0) {
        const a = side(row[j - 1]!, level);
        const b = side(f, level);
        line += a !== null && b !== null && a !== b ? ' │ ' : '   ';
      }
      const s = side(f, level);
      const text = pad(fmt(f), colW);
      line += s === null ? style.dim(text) : s ? style.green(text) : style.red(text);
    });
    lines.push(line.trimEnd());
    const below = g.cells[i + 1];
    if (below === undefined) return;
    const marks = row.map((f, j) => {
      const a = side(f, level);
      const b = side(below[j]!, level);
      return a !== null && b !== null && a !== b;
    });
    if (!marks.some(Boolean)) return;
    let sep = `  ${' '.repeat(labelW)}   `;
    marks.forEach((m, j) => {
      if (j > 0) sep += m && marks[j - 1] ? '───' : '   ';
      sep += m ? '─'.repeat(colW) : ' '.repeat(colW);
    });
    lines.push(style.dim(sep.trimEnd()));
  });
  if (g.variant === null) {
    for (const c of crossings(g, level))
      lines.push(style.dim(`  ${c.row}: crosses ${pct(level)} between ${c.from} (${c.fromFraction.toFixed(2)}) and ${c.to} (${c.toFraction.toFixed(2)})`));
  }
  return lines;
}

const probeText = (p: FindProbe) => `${p.raw} (${p.fraction === null ? '-' : p.fraction.toFixed(2)})`;

/** --find: per variant, the interval the bisection narrowed to, the probes and the runs spent. */
export function renderFindText(r: FindResult, style: Style = plain): string {
  const out = [
    `${style.bold(r.scenario)}  find where ${r.checks.length === 1 ? r.checks[0] : `every one of ${r.checks.join(', ')}`} crosses ${pct(r.level)} of seeds ${formatSeedRanges(r.seeds)} along ${r.path}${r.unit && r.kind !== 'number' ? ` (${r.unit})` : ''}`,
  ];
  if (r.fixed.length > 0) out.push(`  fixed: ${describePoint(r.fixed)}`);
  out.push('');
  for (const v of r.variants) {
    const head = style.bold(v.variant);
    if (v.interval === null) {
      const [a, b] = v.probes;
      out.push(
        `${head}: no crossing between ${a ? probeText(a) : '?'} and ${b ? probeText(b) : '?'}: both ends are on the same side of ${pct(r.level)} (${plural(v.runs, 'run')})`,
      );
    } else {
      out.push(
        `${head}: holds at ${style.green(probeText(v.interval.holds))}, breaks at ${style.red(probeText(v.interval.breaks))}: the threshold is between them (${plural(v.runs, 'run')})`,
      );
    }
    out.push(style.dim(`  probed: ${v.probes.map(probeText).join(', ')}`));
  }
  out.push('');
  if (r.interrupted) out.push(style.yellow.bold('INTERRUPTED  the intervals above are as far as the bisection got'));
  out.push(style.dim(`${plural(r.runs, 'run')} in all`));
  return `${out.join('\n')}\n`;
}
