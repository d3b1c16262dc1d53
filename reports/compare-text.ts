import { formatMicros } from '../sim/kernel/time.js';
import type { CompareMatrix, MatrixCell, ScenarioMatrix, VariantRow } from '../sim/run/verdict-matrix.js';
import { columns, formatSeedRanges, plural } from './format.js';
import { plain, type Style } from './style.js';

/**
 * `compare` as text: per scenario, a table of variant × check (seeds passed, whether that is what
 * the variant's `expect` says), ok-request latency, then a replay line for each failing cell.
 */
export interface CompareTextInput {
  matrix: CompareMatrix;
  /** The replay command of one cell's first failing seed. */
  reproduce: (scenario: string, variant: string, seed: number) => string;
  style?: Style;
}

export function renderCompareText({ matrix, reproduce, style = plain }: CompareTextInput): string {
  const out: string[] = [
    `${plural(matrix.scenarios.length, 'scenario')}, every variant on seeds ${formatSeedRanges(matrix.seeds)} (${plural(matrix.seeds.length, 'seed')})`,
  ];
  for (const s of matrix.scenarios) out.push('', ...scenarioTable(s, style));

  const failing = matrix.scenarios.flatMap((s) =>
    s.variants.flatMap((v) => v.cells.filter((c) => c.failed > 0 || c.status !== 'ok').map((c) => ({ s, v, c }))),
  );
  const unexpected = failing.filter((f) => f.c.status !== 'ok');
  const expected = failing.filter((f) => f.c.status === 'ok');
  if (unexpected.length > 0) {
    out.push('', style.red.bold('Not as expected'));
    for (const f of unexpected) out.push(...cellStory(f.s, f.v, f.c, reproduce, style));
  }
  if (expected.length > 0) {
    out.push('', style.bold('Failing as expected (the bug each naive variant demonstrates)'));
    for (const f of expected) out.push(...cellStory(f.s, f.v, f.c, reproduce, style));
  }
  out.push(
    '',
    matrix.asExpected
      ? style.green.bold("AS EXPECTED  every cell matches its variant's expect (a cell with no expectation must pass)")
      : style.red.bold(`NOT AS EXPECTED  ${plural(unexpected.length, 'cell')} differ${unexpected.length === 1 ? 's' : ''} from expect or failed without one`),
  );
  return out.join('\n') + '\n';
}

function scenarioTable(s: ScenarioMatrix, style: Style): string[] {
  const header = ['variant', ...s.checks.map((c) => `${c.name} (${c.kind})`), 'ok latency p50 / p99', 'requests ok/all'];
  const rows = s.variants.map((v) => [v.variant, ...v.cells.map((c) => cellText(c, v, style)), latencyText(v), `${v.ok}/${v.requests}`]);
  return [style.bold(s.scenario), ...columns([header.map((h) => style.dim(h)), ...rows]).map((l) => `  ${l}`)];
}

function cellText(c: MatrixCell, v: VariantRow, style: Style): string {
  const counts = `${c.passed}/${v.runs} pass`;
  const exp = c.expected === undefined ? '' : ` (expect ${c.expected})`;
  if (c.status === 'ok') return (c.failed > 0 ? style.yellow(`✗ ${counts}`) : style.green(`✓ ${counts}`)) + style.dim(exp);
  return style.red.bold(`✗ ${counts}${exp}${c.status === 'unexpected' ? ' UNEXPECTED' : ''}`);
}

function latencyText(v: VariantRow): string {
  return v.latency.count === 0 ? '-' : `${formatMicros(v.latency.p50Us)} / ${formatMicros(v.latency.p99Us)}`;
}

function cellStory(s: ScenarioMatrix, v: VariantRow, c: MatrixCell, reproduce: CompareTextInput['reproduce'], style: Style): string[] {
  const why =
    c.status === 'unexpected'
      ? `expected ${c.expected}, but ${c.expected === 'pass' ? `failed on ${c.failed} of ${v.runs} seeds` : `passed on all ${v.runs} seeds`}`
      : c.status === 'failed'
        ? `no expectation, failed on ${c.failed} of ${v.runs} seeds`
        : `failed on ${c.failed} of ${v.runs} seeds`;
  const lines = [`  ${style.bold(`${s.scenario} / ${v.variant} / ${c.check}`)}: ${why}`];
  if (c.firstFailingSeed !== undefined) {
    lines.push(`    first failing seed ${c.firstFailingSeed}: ${c.firstFailureDetail ?? ''}`.trimEnd());
    lines.push(`    ${style.cyan(reproduce(s.scenario, v.variant, c.firstFailingSeed))}`);
  }
  return lines;
}
