import { z } from 'zod';
import { duration, positiveDuration, probability } from '../units/human-units.js';
import { checkBase, fLabel, fmt, opNames, opsOf, pairedOps, plural, verdict } from './common.js';
import { judgedNothing } from './empty.js';
import type { CheckInput, CheckResult } from './types.js';
import { nearestRank } from '../stats/percentiles.js';

export const sloSchema = z
  .strictObject({
    check: z.literal('slo'),
    ...checkBase,
    /** The endpoint: these operations (default: all). */
    f: opNames.optional(),
    /** Latency objective: the `percentile` of invoke-to-ok latency is at most `latency`. */
    percentile: z.number().gt(0).max(100).default(99),
    latency: positiveDuration.optional(),
    /** Error objective: at most this fraction of requests end in fail, info or still open. */
    errorRate: probability.optional(),
    /** Only requests invoked in [from, to) (true time from the start of the run; `to` defaults to the end). */
    from: duration.default(0),
    to: duration.optional(),
  })
  .refine((c) => c.latency !== undefined || c.errorRate !== undefined, { error: 'give `latency`, `errorRate` or both', path: ['latency'] })
  .refine((c) => c.to === undefined || c.to > c.from, { error: '`to` must be after `from`', path: ['to'] });
export type SloConfig = z.output<typeof sloSchema>;

/**
 * Service quality over a window: a latency percentile over ok requests (a failure is not a
 * fast answer, so it counts against the error rate, not for latency) and an error rate over
 * all requests. Judged once the window has closed, so `at` is the window's end.
 */
export function slo(config: SloConfig, input: CheckInput): CheckResult {
  const toUs = Math.min(config.to ?? input.endUs, input.endUs);
  const reqs = opsOf(pairedOps(input), config.f).filter((o) => o.invokeUs >= config.from && o.invokeUs < toUs);
  const where = `${fLabel(config.f)} requests invoked from ${fmt(config.from)} to ${fmt(toUs)}`;
  if (reqs.length === 0) return judgedNothing(config, `no ${where} (check \`f\` and the window)`, { requests: 0 });
  const ok = reqs.filter((o) => o.outcome === 'ok').sort((a, b) => a.doneUs! - a.invokeUs - (b.doneUs! - b.invokeUs));
  const errors = reqs.filter((o) => o.outcome !== 'ok');
  const pName = `p${config.percentile}Us`;
  const measured: Record<string, number> = { requests: reqs.length, ok: ok.length, errors: errors.length, errorRate: errors.length / reqs.length };
  const problems: string[] = [];
  const involved: number[] = [];

  if (config.latency !== undefined) {
    // Nearest rank: the smallest latency at or above which `percentile`% of ok requests fall.
    const at = nearestRank(ok, config.percentile / 100);
    const pUs = at === undefined ? Infinity : at.doneUs! - at.invokeUs;
    if (at !== undefined) measured[pName] = pUs;
    if (pUs > config.latency) {
      const slow = ok.filter((o) => o.doneUs! - o.invokeUs > config.latency!);
      involved.push(...slow.map((o) => o.op));
      problems.push(
        at === undefined
          ? `none of them completed ok, so p${config.percentile} latency is unbounded`
          : `p${config.percentile} latency was ${fmt(pUs)}, above ${fmt(config.latency)} (${plural(slow.length, 'request')} slower)`,
      );
    }
  }
  if (config.errorRate !== undefined && errors.length / reqs.length > config.errorRate) {
    involved.push(...errors.map((o) => o.op));
    const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;
    problems.push(`${pct(errors.length / reqs.length)} of them failed or got no answer, above ${pct(config.errorRate)}`);
  }
  const head = `${plural(reqs.length, where.replace('requests', 'request'), where)}`;
  if (problems.length === 0) {
    const lat = measured[pName] === undefined ? '' : `p${config.percentile} ${fmt(measured[pName])}, `;
    return verdict(config, { ok: true, detail: `${head}: ${lat}${plural(errors.length, 'error')}; within the objective.`, measured });
  }
  return verdict(config, { ok: false, detail: `${head}: ${problems.join('; ')}.`, at: toUs, ops: involved, measured });
}
