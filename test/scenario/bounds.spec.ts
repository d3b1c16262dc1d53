import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../reports/issues.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { Kernel, KernelInvariantError } from '../../sim/kernel/kernel.js';
import { sampleLatency } from '../../sim/world/latency.js';
import { RandomStreams } from '../../sim/kernel/random.js';
import { MAX_DURATION_US } from '../../sim/units/human-units.js';
import { BASE, edit, PG_MODEL } from './base.js';

/**
 * Every number a scenario gives has a documented range (docs/scenario-format.md, "General
 * rules"): past it, validation refuses with the usual positioned error; inside it, the engine's
 * instants stay exact integers.
 */
const FILE = 'scenarios/x.yaml';
const report = (text: string) => {
  const r = parseScenario(text, FILE);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return formatIssues(r.issues).trimEnd();
};
const accepts = (text: string) => {
  const r = parseScenario(text, FILE);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.scenario;
};

describe('bounds on a scenario’s numbers', () => {
  it('durations are at most one year of virtual time', () => {
    expect(accepts(edit('duration: 5s', 'duration: 8760h')).duration).toBe(MAX_DURATION_US);
    expect(report(edit('duration: 5s', 'duration: 3000000000h'))).toBe(
      "scenarios/x.yaml:3:11: duration: expected a duration of at most 8760h (one year of virtual time), found '3000000000h'",
    );
    // A 300-digit number of hours is Infinity µs: refused, never NaN time.
    expect(report(edit('    duration: 500ms', `    duration: ${'9'.repeat(300)}h`))).toMatch(/faults\[0\]\.duration: expected a duration of at most 8760h/);
  });

  it('signed durations are at most one year either way', () => {
    const text = edit('    node: pg\n', '    node: pg\n  - { kind: clock-step, at: 1s, node: pg, by: -9000h }\n');
    expect(report(text)).toMatch(/faults\[1\]\.by: expected a duration between -8760h and 8760h/);
  });

  it('rates run from one an hour to 1000000/s', () => {
    for (const rate of ['0/s', '0.5/h', '1000001/s', '2000/ms'])
      expect(report(edit('rate: 2/s', `rate: ${rate}`))).toMatch(/workload\.arrival\.rate: expected a rate from 1\/h to 1000000\/s/);
    for (const rate of ['1/h', '1000000/s', '1000/ms']) expect(accepts(edit('rate: 2/s', `rate: ${rate}`)).workload).toBeDefined();
  });

  it('clients: 1000000000 is refused at once, not built', () => {
    const started = performance.now();
    expect(report(edit('  clients: 1', '  clients: 1000000000'))).toBe(
      'scenarios/x.yaml:11:12: workload.clients: expected a number at most 1000, found 1000000000',
    );
    expect(performance.now() - started).toBeLessThan(2000);
    const names = `[${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(', ')}]`;
    expect(report(edit('  clients: 1', `  clients: ${names}`))).toMatch(/workload\.clients: expected at most 1000 entries, found 1001/);
  });

  it('a uniform latency with min above max is refused', () => {
    const text = `${BASE}network:\n  default:\n    latency: { dist: uniform, min: 5s, max: 1ms }\n`;
    expect(report(text)).toMatch(/network\.default\.latency\.min: expected `min` to be at most `max`/);
  });

  it('lognormal sigma and pareto shape have ranges', () => {
    expect(report(`${BASE}network:\n  default:\n    latency: { dist: lognormal, median: 1ms, sigma: 11 }\n`)).toMatch(
      /latency\.sigma: expected a number at most 10/,
    );
    expect(report(`${BASE}network:\n  default:\n    latency: { dist: pareto, scale: 1ms, shape: 0.001 }\n`)).toMatch(
      /latency\.shape: expected a number at least 0\.01/,
    );
  });

  it('heavy-tailed draws are capped: never Infinity, never past one year', () => {
    const r = new RandomStreams(1).stream('x');
    let worst = 0;
    for (let i = 0; i < 10_000; i++) {
      worst = Math.max(worst, sampleLatency({ dist: 'pareto', scale: 1000, shape: 0.01 }, r));
      worst = Math.max(worst, sampleLatency({ dist: 'lognormal', median: 1000, sigma: 10 }, r));
    }
    expect(worst).toBe(MAX_DURATION_US);
    for (let i = 0; i < 1000; i++) expect(sampleLatency({ dist: 'pareto', scale: 1000, shape: 0.01, max: 5000 }, r)).toBeLessThanOrEqual(5000);
  });

  it('drift is at most 50% either way, maxEvents at most 100000000, nodes at most 1000', () => {
    expect(report(edit(PG_MODEL, `${PG_MODEL}\n    clock: { drift: 600000ppm }`))).toMatch(
      /nodes\[1\]\.clock\.drift: expected a drift between -500000ppm and 500000ppm/,
    );
    expect(report(edit('seed: 7', 'seed: 7\nmaxEvents: 1000000000'))).toMatch(/maxEvents: expected a number at most 100000000/);
    const many = Array.from({ length: 1001 }, (_, i) => `  - { id: n${i}, model: database }`).join('\n');
    expect(report(edit('nodes:\n', `nodes:\n${many}\n`))).toMatch(/nodes: expected at most 1000 entries, found 1003/);
  });

  it('a lease margin not shorter than the lease is a positioned error, not a run-time throw', () => {
    const text = `name: l
duration: 5s
nodes:
  - { id: lock, model: lock-service }
  - { id: storage, model: database }
  - id: w
    model: lease-worker
    params: { lease: { duration: 2s, margin: 2s } }
variants: { a: {} }
checks: [{ check: no-stale-writes }]
`;
    expect(report(text)).toBe('scenarios/x.yaml:8:46: nodes[2].params.lease.margin: expected the lease `margin` to be shorter than its `duration`');
  });

  it('retries far apart stay exact: the default backoff cap is one year', () => {
    const s = accepts(
      edit(
        '  naive: {}',
        '  naive:\n    client: [{ type: retry, maxAttempts: 1000, waitDuration: 8760h, backoff: exponential, exponentialBackoffMultiplier: 100 }]',
      ),
    );
    const run = runScenario({ ...s, maxEvents: 10_000 }, { variant: 'naive' });
    expect(Number.isSafeInteger(run.endUs)).toBe(true);
  });
});

describe('Kernel.schedule', () => {
  it('refuses a time that is not a safe integer, or is in the past, naming the event', () => {
    const k = new Kernel<{ k: string }>(() => {});
    expect(() => k.schedule(Number.NaN, { k: 'timer' })).toThrow(KernelInvariantError);
    expect(() => k.schedule(Infinity, { k: 'timer' })).toThrow(/not a safe integer of microseconds: \{"k":"timer"\}/);
    expect(() => k.schedule(2 ** 53, { k: 'deliver' })).toThrow(/deliver/);
    expect(() => k.schedule(1.5, { k: 'x' })).toThrow(KernelInvariantError);
    k.schedule(10, { k: 'a' });
    k.run();
    expect(() => k.schedule(9, { k: 'late' })).toThrow(/in the past \(now is 10\): \{"k":"late"\}/);
  });
});

describe('a broken engine invariant', () => {
  it('is a KernelInvariantError naming the event, not a model error, even when a model’s send meets it', () => {
    const s = accepts(BASE);
    // Past validation (a caller handing runScenario an unchecked object): NaN latency on every link.
    const broken = { ...s, network: { default: { latency: { dist: 'constant' as const, value: Number.NaN } }, links: [] } };
    let thrown: unknown;
    try {
      runScenario(broken, { variant: 'naive' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KernelInvariantError);
    expect(String(thrown)).toMatch(/event scheduled at NaN, not a safe integer of microseconds: \{"k":"deliver"/);
  });

  it('is reported by the CLI as an internal error, exit 3', async () => {
    const { reportError } = await import('../../bin/action.js');
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      expect(reportError(new KernelInvariantError('event scheduled at NaN, not a safe integer of microseconds: {"k":"deliver"}'))).toBe(3);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toMatch(/^faultline: internal error: event scheduled at NaN.*\{"k":"deliver"\}\nThis is a bug in faultline/);
  });
});

describe('the history budget', () => {
  it('stops a run that invokes more than maxOperations, with a failed history-budget check saying so', () => {
    const s = accepts(edit('seed: 7', 'seed: 7\nmaxOperations: 4', edit('rate: 2/s', 'rate: 50/s')));
    const run = runScenario(s, { variant: 'naive' });
    expect(run.stopReason).toBe('history-budget');
    expect(run.history.filter((e) => e.type === 'invoke')).toHaveLength(5);
    const budget = run.checks.find((c) => c.name === 'history-budget')!;
    expect(budget).toMatchObject({ kind: 'liveness', ok: false });
    expect(budget.detail).toMatch(/^the run stopped at its history budget of 4 operations at t=\S+, before the scenario's 5s were simulated/);
    expect(run.verdict).toBe('fail');
  });

  it('is at most 10000000, 150000 by default', () => {
    expect(accepts(BASE).maxOperations).toBe(150_000);
    expect(report(edit('seed: 7', 'seed: 7\nmaxOperations: 20000000'))).toMatch(/maxOperations: expected a number at most 10000000/);
  });
});
