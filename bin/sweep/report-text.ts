import { at, columns, plural } from '../../reports/format.js';
import { describeFault } from '../../reports/narrate.js';
import { plain, type Style } from '../../reports/style.js';
import { formatMicros } from '../../sim/kernel/time.js';
import { unexpectedFailure } from '../../sim/run/cell.js';
import type { CheckSweep, RunError, SweepResult, VariantSweep } from '../../sim/sweep/types.js';
import type { Fault } from '../../sim/world/faults.js';
import { regressionReproduce, sweepReproduce } from './reproduce.js';
import { formatSeedRanges } from '../../reports/format.js';

/**
 * The sweep's text report: a variant × check table, then every failing check grouped (the
 * unexpected ones first) with its first failing seeds, the first one's detail, plan and replay
 * line, and what shrinking made of it; errors; the determinism check; one verdict line.
 */
export function renderSweepText(r: SweepResult, file: string, style: Style = plain): string {
  const out: string[] = [];
  const variants = r.variants.length;
  const shard = r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : '';
  out.push(
    `${style.bold(r.scenario)}  sweep of seeds ${formatSeedRanges(r.seeds) || '(none)'}${shard} (${plural(r.seeds.length, 'seed')} × ${plural(variants, 'variant')} = ${plural(r.runsPlanned, 'run')})${r.swarm ? ', swarm fault plans' : ''}`,
  );
  out.push('', ...table(r, style).map((l) => `  ${l}`));

  const groups = r.variants.flatMap((v) => v.checks.filter((c) => c.failed > 0).map((c) => ({ v, c })));
  const unexpected = groups.filter((g) => unexpectedFailure(g.c.expected));
  const expected = groups.filter((g) => !unexpectedFailure(g.c.expected));
  if (unexpected.length > 0) out.push('', style.red.bold('Not as expected'), ...unexpected.flatMap((g) => failureLines(r, file, g.v, g.c, style)));
  const missed = r.variants.flatMap((v) =>
    v.checks
      .filter((c) => c.status !== 'ok' && c.failed === 0)
      .map((c) => `  ${v.variant} / ${c.name}: passed on every seed, but its variant expects it to fail`),
  );
  if (missed.length > 0) out.push('', style.red.bold('Expected to fail, never did'), ...missed);
  if (expected.length > 0) out.push('', style.bold('Failing as expected'), ...expected.flatMap((g) => failureLines(r, file, g.v, g.c, style)));
  const errors = r.variants.filter((v) => v.errorCount > 0);
  if (errors.length > 0)
    out.push('', style.red.bold('Runs that threw (a bug in a model or strategy, or a worker that died)'), ...errors.flatMap((v) => errorLines(r, file, v)));
  if (r.determinism) out.push('', ...determinismLines(r.determinism, style));
  out.push('', verdictLine(r, style), ...interruptionLines(r), style.dim(`Sweep digest ${r.digest} (the same for any worker count and shard split)`));
  return out.join('\n') + '\n';
}

function table(r: SweepResult, style: Style): string[] {
  const checks = [...new Set(r.variants.flatMap((v) => v.checks.map((c) => `${c.name}\u0000${c.kind}`)))];
  const head = ['variant', ...checks.map((k) => k.replace('\u0000', ' (') + ')'), 'runs passed'];
  const rows = r.variants.map((v) => [
    style.bold(v.variant),
    ...checks.map((k) => {
      const c = v.checks.find((x) => `${x.name}\u0000${x.kind}` === k);
      return c === undefined ? '' : cell(c, v.runs - v.errorCount, style);
    }),
    `${v.seedsPassed}/${v.runs}${v.errorCount > 0 ? style.red(` (${v.errorCount} threw)`) : ''}`,
  ]);
  return columns([head.map((h) => style.dim(h)), ...rows]);
}

function cell(c: CheckSweep, finished: number, style: Style): string {
  const mark = c.failed === 0 ? style.green('✓') : style.red('✗');
  const expect = c.expected ? ` (expect ${c.expected})` : '';
  const text = `${mark} ${c.passed}/${finished} pass${expect}`;
  return c.status === 'unexpected' ? `${text} ${style.red.bold('UNEXPECTED')}` : text;
}

function failureLines(r: SweepResult, file: string, v: VariantSweep, c: CheckSweep, style: Style): string[] {
  const finished = v.runs - v.errorCount;
  const out = [
    `  ${style.bold(`${v.variant} / ${c.name}`)}: failed on ${c.failed} of ${plural(finished, 'seed')}${c.expected ? ` (expect ${c.expected})` : ''}`,
  ];
  const more = c.failed - c.failures.length;
  out.push(`    seeds ${c.failures.map((f) => f.seed).join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  const first = c.failures[0];
  if (first !== undefined) {
    out.push(`    seed ${first.seed}${first.at === null ? '' : ` at ${at(first.at)}`}: ${first.detail}`);
    if (first.plan) out.push(`    fault plan drawn by seed ${first.seed}:`, ...planLines(first.plan, '      '));
    out.push(`    ${style.cyan(sweepReproduce(file, v.variant, first.seed, r.swarm))}`);
  }
  const s = c.shrink;
  if (s !== undefined) {
    if (!s.reproduced)
      out.push(style.yellow(`    shrinking: seed ${s.seed} did not fail again when re-run (${s.runs} run): is the run deterministic? try --check-determinism`));
    else {
      const bound = s.exhausted ? ' (stopped at the run bound; --shrink-runs raises it)' : '';
      out.push(
        `    shrunk in ${plural(s.runs, 'run')}${bound}: ${plural(s.fromFaults, 'fault')} → ${plural(s.faults.length, 'fault')} on seed ${s.seed}, still failing:`,
      );
      out.push(...(s.faults.length === 0 ? ['      (no faults at all: the failure needs none)'] : planLines(s.faults, '      ')));
      out.push(
        s.written
          ? `    regression scenario: ${s.written}  ${style.cyan(regressionReproduce(s.written))}`
          : style.dim('    (--shrink-out DIR, or --out, writes it as a scenario file to commit)'),
      );
    }
  }
  return out;
}

/** A fault plan, one fault a line: when it starts, what it does, how long. */
export function planLines(plan: readonly Fault[], indent: string): string[] {
  return columns(plan.map((f) => [at(f.at), describeFault(f) + lasting(f)])).map((l) => indent + l);
}

const lasting = (f: Fault): string => (f.kind !== 'pause' && 'duration' in f && f.duration !== undefined ? ` for ${formatMicros(f.duration)}` : '');

function errorLines(r: SweepResult, file: string, v: VariantSweep): string[] {
  const lines = v.errors.map((e) => `  ${v.variant} seed ${e.seed}: ${describeError(e.error)}\n    ${sweepReproduce(file, v.variant, e.seed, r.swarm)}`);
  if (v.errorCount > v.errors.length) lines.push(`  ... and ${v.errorCount - v.errors.length} more in ${v.variant}`);
  return lines;
}

export function describeError(e: RunError): string {
  if (e.kind === 'model-error') return `the model on node '${e.node ?? '?'}' threw at ${at(e.atUs ?? 0)} while handling ${e.handling ?? '?'}: ${e.message}`;
  if (e.kind === 'worker-crash') return `the worker running it died: ${e.message}`;
  return `the run threw outside any model handler: ${e.message} (a bug in a custom strategy's setup, or in faultline)`;
}

function determinismLines(d: NonNullable<SweepResult['determinism']>, style: Style): string[] {
  const share = `${Math.round(d.share * 1000) / 10}%`;
  if (d.mismatches.length === 0) return [`${style.bold('Determinism')}: re-ran ${plural(d.checked, 'run')} (${share} of the runs): every trace digest matched`];
  return [
    style.red.bold(`DETERMINISM BROKEN: ${d.mismatches.length} of ${plural(d.checked, 're-run')} (${share} of the runs) gave a different result`),
    ...d.mismatches.slice(0, 10).map((m) => `  ${m.variant} seed ${m.seed}: ${m.digests[0]} then ${m.digests[1]}`),
    '  Same scenario + seed + version must give the same run: something in a model, strategy or faultline reads state outside the run.',
  ];
}

/** After an interrupt: which seeds the counts cover, per variant, and the runs that were dropped. */
export function interruptionLines(r: SweepResult): string[] {
  const i = r.interruption;
  if (!r.interrupted || i === undefined) return [];
  const lines = i.finished.map((f) => `  ${f.variant}: ${f.seeds.length === 0 ? 'no seed finished' : `seeds ${formatSeedRanges(f.seeds)} finished`}`);
  lines.push(`  ${plural(i.droppedInFlight, 'run')} in flight dropped, ${plural(i.notStarted, 'run')} not started`);
  return lines;
}

function verdictLine(r: SweepResult, style: Style): string {
  const ran = `${r.runsCompleted} of ${plural(r.runsPlanned, 'run')}`;
  if (r.interrupted) return style.yellow.bold(`INTERRUPTED  after ${ran}: the counts above cover the runs that finished`);
  const early = r.stoppedEarly ? ` (--fail-fast stopped the sweep after ${ran})` : '';
  return r.ok
    ? style.green.bold(`AS EXPECTED  every cell matches its variant's expect (a cell with no expectation must pass)${early}`)
    : style.red.bold(`NOT AS EXPECTED  see above${early}`);
}
