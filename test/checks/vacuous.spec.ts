import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/run-scenario.js';
import type { checkSchema } from '../../sim/checks/index.js';
import { loadBundled } from '../scenarios/bundled.js';
import { Run } from './helpers.js';

/**
 * A check that had nothing to judge says so and fails, unless it is marked `allowEmpty: true`, so
 * a typo in an effect or op name cannot turn a suite green. (linearizable has its own tests.)
 */
type Config = z.input<typeof checkSchema>;
const EMPTY: [string, Config][] = [
  ['exactly-once', { check: 'exactly-once', effect: 'charge' }],
  ['failed-means-not-done', { check: 'failed-means-not-done' }],
  ['single-leader', { check: 'single-leader' }],
  ['no-stale-writes', { check: 'no-stale-writes' }],
  ['no-lost-writes', { check: 'no-lost-writes', node: 'db' }],
  ['rate-bound', { check: 'rate-bound', effect: 'admit', max: 5, window: '1s' }],
  ['slo', { check: 'slo', latency: '1s' }],
  ['liveness-after-heal', { check: 'liveness-after-heal', within: '1s' }],
  ['failure-detection', { check: 'failure-detection' }],
];

describe('a check that judged nothing', () => {
  it.each(EMPTY)('%s: fails saying so; passes with allowEmpty, still saying so', (_name, config) => {
    const run = () => new Run().node('db').fault({ kind: 'pause', node: 'db', at: '1s', duration: '1s' });
    const v = run().check(config);
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(/^judged nothing: .*; set `allowEmpty: true` if that is expected\.$/);
    const allowed = run().check({ ...config, allowEmpty: true } as Config);
    expect(allowed.ok).toBe(true);
    expect(allowed.detail).toMatch(/^judged nothing: .* \(allowed: `allowEmpty: true`\)\.$/);
  });

  it('a misspelt effect name in a bundled scenario fails instead of passing', () => {
    const s = loadBundled('duplicate-payment.yaml');
    const typo = { ...s, checks: s.checks.map((c) => (c.check === 'exactly-once' ? { ...c, effect: 'chrage' } : c)) };
    const v = runScenario(typo, { variant: 'idempotency-key' }).checks.find((c) => c.name === 'exactly-once')!;
    expect(v).toMatchObject({ ok: false, detail: expect.stringMatching(/^judged nothing: no chrage effect was recorded; set `allowEmpty: true`/) });
  });
});
