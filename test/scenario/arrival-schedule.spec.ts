import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import { parseScenario, runScenario } from '../../sim/index.js';
import { RateSchedule, scheduleSchema } from '../../sim/models/arrival-schedule.js';
import { echoModels } from './echo-model.js';
import { documentedExample } from '../examples/documented.js';

const EXAMPLE = 'docs/examples/format/schedule.yaml';

const models = echoModels;

function parse(workload: Record<string, unknown>, variants: Record<string, unknown> = { v: {} }) {
  const input = {
    name: 'schedule',
    duration: '200s',
    network: { default: { latency: { dist: 'constant', value: '1ms' } } },
    nodes: [{ id: 'api', model: './echo.ts' }],
    workload: { target: 'api', ...workload },
    variants,
    checks: [{ check: 'slo', errorRate: '0%' }],
  };
  return parseScenario(JSON.stringify(input, null, 1), 'schedule.json', { models });
}
function run(workload: Record<string, unknown>, opts: { seed?: number; variant?: string } = {}, variants?: Record<string, unknown>) {
  const r = parse(workload, variants);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return runScenario(r.scenario, { models, ...opts });
}
function issues(workload: Record<string, unknown>): string[] {
  const r = parse(workload);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const invokeTimes = (out: ReturnType<typeof runScenario>) => out.history.filter((e) => e.type === 'invoke').map((e) => e.time);
const between = (ts: number[], from: number, to: number) => ts.filter((t) => t >= from && t < to).length;

describe('arrival schedules', () => {
  it('a constant process follows the steps: 10/s until 2s, then 2/s', () => {
    const ts = invokeTimes(run({ arrival: { process: 'constant', schedule: [{ until: '2s', rate: '10/s' }, { rate: '2/s' }] }, until: '5s' }));
    expect(ts).toEqual([...Array.from({ length: 20 }, (_, k) => k * 100_000), ...[2, 2.5, 3, 3.5, 4, 4.5, 5].map((s) => s * 1_000_000)]);
  });

  it('one step is the plain rate: the same requests at the same times, split over the clients', () => {
    const plain = invokeTimes(run({ clients: 3, arrival: { process: 'constant', rate: '10/s' }, until: '4s' }));
    const scheduled = invokeTimes(run({ clients: 3, arrival: { process: 'constant', schedule: [{ rate: '10/s' }] }, until: '4s' }));
    expect(scheduled).toEqual(plain);
    expect(plain).toHaveLength(41);
  });

  it('a ramp goes linearly from the previous rate: from 0 to 100/s over 10s, Λ(t) = 5t²', () => {
    const ts = invokeTimes(run({ arrival: { process: 'constant', schedule: [{ until: '10s', ramp: '100/s' }] }, until: '9s' }));
    expect(ts).toHaveLength(Math.floor(5 * 81) + 1);
    for (const k of [1, 5, 20, 100, 405]) expect(ts[k]).toBe(Math.round(Math.sqrt(k / 5) * 1e6));
  });

  it('a rate of 0 pauses the load; after the last until no request is issued', () => {
    // Λ: 4 by 1s (marks 0–4: the last one exactly at 1s), flat to 3s, then 2/s: 5 at 3.5s, 6 at 4s.
    const ts = invokeTimes(
      run({
        arrival: {
          process: 'constant',
          schedule: [
            { until: '1s', rate: '4/s' },
            { until: '3s', rate: 0 },
            { until: '4s', rate: '2/s' },
          ],
        },
      }),
    );
    expect(ts).toEqual([0, 250_000, 500_000, 750_000, 1_000_000, 3_500_000, 4_000_000]);
  });

  it('a poisson process follows the schedule, from the workload stream: the same for every variant', () => {
    const workload = {
      clients: 4,
      arrival: { process: 'poisson', schedule: [{ until: '20s', rate: '280/s' }, { until: '40s', ramp: '100/s' }, { rate: '100/s' }] },
      until: '60s',
    };
    const variants = { a: {}, b: { client: [{ type: 'timeout', timeout: '1s' }] } };
    const a = invokeTimes(run(workload, { seed: 5, variant: 'a' }, variants));
    expect(invokeTimes(run(workload, { seed: 5, variant: 'b' }, variants))).toEqual(a);
    expect(invokeTimes(run(workload, { seed: 6, variant: 'a' }, variants))).not.toEqual(a);
    // Expected counts: 5600 in 0–20s, (280+100)/2 × 20 = 3800 in the ramp, 2000 in 40–60s; ± 4σ.
    const near = (n: number, mean: number) => expect(Math.abs(n - mean)).toBeLessThan(4 * Math.sqrt(mean));
    near(between(a, 0, 20e6), 5600);
    near(between(a, 20e6, 40e6), 3800);
    near(between(a, 40e6, 60e6), 2000);
    // The ramp's halves: rates 280→190 and 190→100: 2350 and 1450.
    near(between(a, 20e6, 30e6), 2350);
    near(between(a, 30e6, 40e6), 1450);
  });

  it('RateSchedule inverts Λ exactly per piece', () => {
    const steps = scheduleSchema.parse([{ until: '2s', rate: '10/s' }, { until: '4s', ramp: '30/s' }, { rate: 0 }]);
    const r = new RateSchedule(steps);
    expect(r.massAt(2_000_000)).toBeCloseTo(20, 9);
    expect(r.massAt(4_000_000)).toBeCloseTo(60, 9); // + (10 + 30) / 2 × 2
    expect(r.rateAt(3_000_000)).toBeCloseTo(20, 9);
    // Λ(2 + x) = 20 + 10x + 5x²; Λ = 35 at x = 1.
    expect(r.timeAtMass(35, 0)).toBe(3_000_000);
    expect(r.timeAtMass(61, 0)).toBeUndefined();
  });

  it('bad schedules are positioned errors', () => {
    const arrival = (a: Record<string, unknown>) => ({ arrival: { process: 'constant', ...a } });
    expect(issues(arrival({ rate: '2/s', schedule: [{ rate: '1/s' }] }))).toEqual([
      'workload.arrival: expected either `rate` (one rate) or `schedule` (steps and ramps over time), not both or neither',
    ]);
    expect(issues(arrival({}))).toEqual(['workload.arrival: expected either `rate` (one rate) or `schedule` (steps and ramps over time), not both or neither']);
    expect(
      issues(
        arrival({
          schedule: [
            { until: '2s', rate: '1/s' },
            { until: '2s', rate: '3/s' },
          ],
        }),
      ),
    ).toEqual(["workload.arrival.schedule.1.until: expected each step's `until` to be later than the step before's"]);
    expect(issues(arrival({ schedule: [{ rate: '1/s' }, { rate: '3/s' }] }))).toEqual([
      'workload.arrival.schedule.0: only the last step may leave out `until` (it then lasts to the end of the run)',
    ]);
    expect(issues(arrival({ schedule: [{ until: '2s', rate: '1/s' }, { ramp: '3/s' }] }))).toEqual([
      'workload.arrival.schedule.1.until: a ramp needs an `until`: the time it reaches its rate',
    ]);
    expect(issues(arrival({ schedule: [{ until: '2s', rate: '1/s', ramp: '2/s' }] }))).toEqual([
      'workload.arrival.schedule.0: expected a step with either `rate` (hold it) or `ramp` (go linearly to it), not both or neither',
    ]);
    expect(issues(arrival({ schedule: [{ until: '2s', rate: 'fast' }] }))).toEqual([
      'workload.arrival.schedule.0.rate: expected a rate like \'10/s\' (per ms, s, m or h), found "fast"',
    ]);
    expect(issues(arrival({ schedule: [{ until: '2s', rate: '0/s' }, { rate: 0 }] }))).toEqual([
      'workload.arrival.schedule: every step has rate 0: the schedule would never issue a request',
    ]);
    expect(issues(arrival({ schedule: [{ until: '2s', rat: '1/s' }] })).join('\n')).toMatch(
      /^workload\.arrival\.schedule\.0\.rat: unknown field 'rat'; did you mean 'rate'\?/m,
    );
  });
});

describe(`the documented example (${EXAMPLE})`, () => {
  it('runs: 280/s until 20s, ramping to 100/s by 25s; slow during the sale, fast after it', () => {
    const scenario = documentedExample(EXAMPLE);
    const out = runScenario(scenario);
    expect(Object.fromEntries(out.checks.map((c) => [c.name, c.ok]))).toEqual({ 'fast-during-sale': false, 'fast-after': true });
    const ts = invokeTimes(out);
    const near = (n: number, mean: number) => expect(Math.abs(n - mean)).toBeLessThan(4 * Math.sqrt(mean));
    near(between(ts, 0, 20e6), 5600);
    near(between(ts, 20e6, 25e6), 950);
    near(between(ts, 25e6, 85e6), 6000);
  });
});

describe('the schedule snippets in docs/scenario-format.md', () => {
  const doc = readFileSync('docs/scenario-format.md', 'utf8');
  const section = doc.slice(doc.indexOf('#### Schedules'), doc.indexOf('| step field |'));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('both run as documented', async () => {
    const { parse: parseYaml } = await import('yaml');
    expect(blocks).toHaveLength(2);
    const [sale, paused] = blocks.map((b) => (parseYaml(b) as { arrival: unknown }).arrival);
    const a = invokeTimes(run({ clients: 2, arrival: sale, until: '40s' }));
    const near = (n: number, mean: number) => expect(Math.abs(n - mean)).toBeLessThan(4 * Math.sqrt(mean));
    near(between(a, 0, 20e6), 5600);
    near(between(a, 20e6, 40e6), 2000);
    const b = invokeTimes(run({ arrival: paused, until: '130s' }));
    expect(between(b, 0, 20e6)).toBe(5600);
    expect(between(b, 20e6, 25e6)).toBe(950);
    expect(between(b, 25e6, 60e6)).toBe(3500);
    // Λ reaches 10050 exactly at 60s (one request there), stays flat to 120s, then grows by 50/s.
    expect(between(b, 60e6, 60e6 + 1)).toBe(1);
    expect(between(b, 60e6 + 1, 120e6 + 1)).toBe(0);
    expect(between(b, 120e6, 130e6 + 1)).toBe(500);
  });
});
